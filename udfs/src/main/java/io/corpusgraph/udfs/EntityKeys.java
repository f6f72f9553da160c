package io.corpusgraph.udfs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** The two keys every entity row carries: a deterministic id and a key for joins across documents. */
public final class EntityKeys {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private EntityKeys() {}

    /**
     * The same entity of the same document found by the same model gets the same id in every run, so
     * reruns and backfills can be compared row by row. 128 bits of SHA-256, hex.
     */
    public static String entityId(String docId, int start, int end, String label, String modelId) {
        String key = String.join("\u001f", docId, Integer.toString(start), Integer.toString(end), label, modelId);
        return sha256Hex(key).substring(0, 32);
    }

    /** The same relation between the same two entities gets the same id in every run. */
    public static String relationId(String docId, String headEntityId, String tailEntityId, String relation, String modelId) {
        String key = String.join("\u001f", docId, headEntityId, tailEntityId, relation, modelId);
        return sha256Hex(key).substring(0, 32);
    }

    /** NFKC, lower-case, whitespace collapsed, then {@code |label}: "New  York" and "new york" meet. */
    public static String canonicalKey(String text, String label) {
        String normalised = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return WHITESPACE.matcher(normalised).replaceAll(" ").strip() + "|" + label;
    }

    static String sha256Hex(String s) {
        return sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
