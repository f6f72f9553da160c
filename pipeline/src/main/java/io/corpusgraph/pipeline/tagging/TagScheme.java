package io.corpusgraph.pipeline.tagging;

import java.util.List;

/**
 * The tagging scheme a model's label names say (contract §3.6): BIOES when any label starts with {@code E-} or
 * {@code S-}, else BIO when any starts with {@code B-}, else IO. A label without one of the scheme's prefixes
 * ({@code O}, {@code PER}) reads as {@code I-} of itself.
 */
public enum TagScheme {
    BIOES("BIES"), BIO("BI"), IO("I");

    private final String prefixes;

    TagScheme(String prefixes) {
        this.prefixes = prefixes;
    }

    public static TagScheme of(List<String> labels) {
        if (labels.stream().anyMatch(l -> l.startsWith("E-") || l.startsWith("S-"))) {
            return BIOES;
        }
        return labels.stream().anyMatch(l -> l.startsWith("B-")) ? BIO : IO;
    }

    /** A label read in this scheme: its prefix letter (B, I, E or S) and its tag. */
    public Tag read(String label) {
        if (label.length() > 2 && label.charAt(1) == '-' && prefixes.indexOf(label.charAt(0)) >= 0) {
            return new Tag(label.charAt(0), label.substring(2));
        }
        return new Tag('I', label);
    }

    public record Tag(char prefix, String tag) {}
}
