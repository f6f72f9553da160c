package io.corpusgraph.jobs.fuzz;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A corpus of bad and odd documents mixed into ordinary ones, in the two shapes ExtractJob reads
 * most: a folder of text files (one document per file, for everything that lives at the byte level)
 * and a JSON lines file (for everything that lives at the record level). Deterministic for a seed.
 *
 * <pre>mvn -o -q -pl jobs -am test-compile && java -cp … io.corpusgraph.jobs.fuzz.FuzzCorpus OUT_DIR</pre>
 * writes {@code OUT_DIR/files/} and {@code OUT_DIR/records.jsonl}.
 */
public final class FuzzCorpus {

    /** Where the corpus went and how many documents each part holds (every file; every non-blank line). */
    public record Written(Path files, Path jsonl, int fileDocuments, int jsonlDocuments, List<String> kinds) {}

    public static final int ONE_CHAR_DOCUMENTS = 10_000;
    public static final int TEN_MB = 10 * 1024 * 1024;
    /** The id three JSON lines share (the duplicate-id rule keeps the first by source and content). */
    public static final String DUPLICATE_ID = "dup";
    /**
     * A word in one ordinary-looking record. The fuzz test's copy of the model maps it to a token id past
     * the embedding table, so ONNX Runtime fails on whatever batch holds it (the generator's main ignores it).
     */
    public static final String POISON_WORD = "qqqpoisonqqq";
    public static final String POISONED_ID = "rec-poisoned";

    private static final String[] NAMES = {"Marie Curie", "Alan Turing", "Ada Lovelace", "Nelson Mandela", "Frida Kahlo"};
    private static final String[] PLACES = {"Paris", "Cambridge", "London", "Johannesburg", "Mexico City"};
    private static final String[] ORGS = {"the Sorbonne", "Bletchley Park", "the Royal Society", "the ANC", "UNESCO"};

    private final Random random;
    private final List<String> kinds = new ArrayList<>();

    private FuzzCorpus(long seed) {
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: FuzzCorpus OUT_DIR");
            System.exit(2);
        }
        Written w = write(Path.of(args[0]), 42);
        System.out.printf("%s: %d documents (%d kinds)%n%s: %d documents%n", w.files(), w.fileDocuments(),
                w.kinds().size(), w.jsonl(), w.jsonlDocuments());
    }

    public static Written write(Path folder, long seed) throws IOException {
        FuzzCorpus corpus = new FuzzCorpus(seed);
        Path files = folder.resolve("files");
        int fileDocs = corpus.writeFiles(files);
        Path jsonl = folder.resolve("records.jsonl");
        int lines = corpus.writeJsonLines(jsonl);
        return new Written(files, jsonl, fileDocs, lines, List.copyOf(corpus.kinds));
    }

    // ---- byte-level cases: one file each --------------------------------------------------------

    private int writeFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        int count = 0;
        for (int i = 0; i < 20; i++) {
            count += file(dir, null, "ordinary/doc-" + i + ".txt", utf8(ordinarySentence() + " " + ordinarySentence()));
        }
        count += file(dir, "empty", "odd/empty.txt", new byte[0]);
        count += file(dir, "whitespace only", "odd/blank.txt", utf8(" \t\n\r\n \u00A0\u2003\u3000 "));
        count += file(dir, "binary", "odd/image.png", binary());
        count += file(dir, "invalid UTF-8 (Latin-1)", "odd/latin1.txt", "Café in Zürich, 1912.".getBytes(StandardCharsets.ISO_8859_1));
        count += file(dir, "invalid UTF-8 (overlong)", "odd/overlong.txt", new byte[] {'a', ' ', (byte) 0xC0, (byte) 0xAF, ' ', 'b'});
        count += file(dir, "invalid UTF-8 (encoded surrogate)", "odd/cesu.txt", new byte[] {'x', (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        count += file(dir, "NUL bytes", "odd/nul.txt", utf8("Marie\0Curie was born in\0\0Warsaw.\0"));
        count += file(dir, "CRLF line ends", "odd/crlf.txt", utf8("Alan Turing\r\nworked at\r\nBletchley Park.\r\n"));
        count += file(dir, "lone CR line ends", "odd/cr.txt", utf8("Ada Lovelace\rwrote notes\rin London.\r"));
        count += file(dir, "combining marks", "odd/zalgo.txt", utf8(zalgo("Frida Kahlo painted in Mexico City")));
        count += file(dir, "right-to-left text", "odd/rtl.txt",
                utf8("\u0646\u064A\u0644\u0633\u0648\u0646 \u0645\u0627\u0646\u062F\u064A\u0644\u0627 met \u05D3\u05D5\u05D3 in Johannesburg \u202Eevil\u202C."));
        count += file(dir, "emoji sequences", "odd/emoji.txt",
                utf8("👩‍👩‍👧‍👦 family 🇫🇷🇩🇪 flags 👍🏽 Marie Curie 🧪⚗️ 1:2 🏳️‍🌈 Paris"));
        count += file(dir, "CJK without spaces", "odd/cjk.txt", utf8("任天堂は1889年9月23日に山内房治郎によって京都で創業された。".repeat(150)));
        count += file(dir, "10 MB document", "odd/ten-mb.txt", tenMegabytes());
        count += file(dir, "one word 10^5 times", "odd/repeated.txt", utf8("word ".repeat(100_000)));
        count += file(dir, "a 50 kB token", "odd/long-token.txt", utf8("Before " + "x9".repeat(25_000) + " after Paris."));
        count += file(dir, "HTML", "odd/page.html", utf8("<!DOCTYPE html><html><head><script>var x = '<b>';</script></head>"
                + "<body><p class=\"a\">Marie&nbsp;Curie &amp; <a href=\"https://x/?a=1&b=2\">the Sorbonne</a></p></body></html>"));
        count += file(dir, "byte order mark", "odd/bom.txt", utf8("\uFEFFNelson Mandela was born in 1918."));
        count += file(dir, "control characters", "odd/control.txt", utf8("Ada\u0001\u0007\u001B[31m Lovelace\u007F\u0085 London\u000B\u000C"));
        count += file(dir, "zero-width and format characters", "odd/zero-width.txt", utf8("\u200B\u200C\u200D\u2060\uFEFF\u200B"));
        count += file(dir, "noncharacters and private use", "odd/nonchar.txt", utf8("\uFFFE\uFFFF \uE000\uF8FF \uDBBF\uDFFD Paris"));
        count += file(dir, "punctuation only", "odd/punct.txt", utf8("!!! ... ??? --- *** ((( ))) ;;; ".repeat(200)));
        count += file(dir, "odd file name", "odd/name with spaces, ü & 'quotes' #1.txt", utf8("Alan Turing was born in London."));
        count += file(dir, "mathematical alphanumerics", "odd/math.txt", utf8("𝐌𝐚𝐫𝐢𝐞 𝐂𝐮𝐫𝐢𝐞 ℌ𝔢𝔩𝔩𝔬 ①②③ ½ Ⅻ"));
        return count;
    }

    private int file(Path dir, String kind, String name, byte[] bytes) throws IOException {
        if (kind != null) {
            kinds.add(kind);
        }
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return 1;
    }

    // ---- record-level cases: one JSON line each -------------------------------------------------

    private int writeJsonLines(Path file) throws IOException {
        int count = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 50; i++) {
                count += line(out, null, "{\"id\": \"rec-" + i + "\", \"text\": \"" + ordinarySentence() + "\"}");
            }
            count += line(out, "a document ONNX Runtime fails on", "{\"id\": \"" + POISONED_ID + "\", \"text\": \"Marie Curie said "
                    + POISON_WORD + " in Paris.\"}");
            String[] oneChars = {"a", "Z", "7", "€", "😀", "\u0301", ".", "\u00A0", "中", "\\u0000", "\\ud800", "\\\\", "\\\""};
            kinds.add(ONE_CHAR_DOCUMENTS + " one-character documents");
            for (int i = 0; i < ONE_CHAR_DOCUMENTS; i++) {
                count += line(out, null, "{\"id\": \"char-" + i + "\", \"text\": \"" + oneChars[i % oneChars.length] + "\"}");
            }
            count += line(out, "duplicate doc ids", "{\"id\": \"" + DUPLICATE_ID + "\", \"text\": \"Marie Curie, first of three.\"}");
            count += line(out, null, "{\"id\": \"" + DUPLICATE_ID + "\", \"text\": \"Alan Turing, second of three.\"}");
            count += line(out, null, "{\"id\": \"" + DUPLICATE_ID + "\", \"text\": \"Marie Curie, first of three.\"}");
            count += line(out, "missing id", "{\"text\": \"No id here, Ada Lovelace.\"}");
            count += line(out, "missing text", "{\"id\": \"no-text\"}");
            count += line(out, "null text", "{\"id\": \"null-text\", \"text\": null}");
            count += line(out, "numeric text", "{\"id\": \"number-text\", \"text\": 1912}");
            count += line(out, "object text", "{\"id\": \"object-text\", \"text\": {\"name\": \"Marie Curie\"}}");
            count += line(out, "array text", "{\"id\": \"array-text\", \"text\": [\"Alan\", \"Turing\"]}");
            count += line(out, "numeric id", "{\"id\": 12345, \"text\": \"Frida Kahlo lived in Mexico City.\"}");
            count += line(out, "boolean id", "{\"id\": true, \"text\": \"Nelson Mandela.\"}");
            count += line(out, "lone surrogates", "{\"id\": \"surrogates\", \"text\": \"Marie \\ud800 Curie \\udfff in Paris \\udc00\\ud83d\"}");
            count += line(out, "escaped NUL", "{\"id\": \"escaped-nul\", \"text\": \"Ada\\u0000Lovelace\"}");
            count += line(out, "malformed JSON", "{\"id\": \"cut\", \"text\": \"cut short");
            count += line(out, "a JSON array line", "[1, 2, 3]");
            count += line(out, "a JSON scalar line", "42");
            count += line(out, "extra fields", "{\"id\": \"extra\", \"text\": \"Alan Turing.\", \"label\": \"x\", \"nested\": {\"a\": [1]}}");
            count += line(out, "path-like ids", "{\"id\": \"../../../etc/passwd\", \"text\": \"Marie Curie.\"}");
            count += line(out, null, "{\"id\": \"/tmp/absolute\", \"text\": \"Alan Turing.\"}");
            count += line(out, "SQL-like id", "{\"id\": \"x'); DROP TABLE documents; --\", \"text\": \"Ada Lovelace.\"}");
        }
        return count;
    }

    private int line(BufferedWriter out, String kind, String json) throws IOException {
        if (kind != null) {
            kinds.add(kind);
        }
        out.write(json);
        out.write('\n');
        return 1;
    }

    // ---- content -------------------------------------------------------------------------------

    private String ordinarySentence() {
        int i = random.nextInt(NAMES.length);
        return NAMES[i] + " worked with " + ORGS[random.nextInt(ORGS.length)] + " in " + PLACES[i] + " in "
                + (1850 + random.nextInt(150)) + ".";
    }

    private String zalgo(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            out.appendCodePoint(cp);
            for (int k = random.nextInt(4); k > 0; k--) {
                out.appendCodePoint(0x0300 + random.nextInt(0x70));  // combining diacritical marks
            }
        });
        return out.toString();
    }

    private byte[] binary() {
        byte[] bytes = new byte[4096];
        random.nextBytes(bytes);
        byte[] pngSignature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(pngSignature, 0, bytes, 0, pngSignature.length);
        return bytes;
    }

    /** 10 MiB of ordinary ASCII text: far over any sensible max-document-chars. */
    private byte[] tenMegabytes() {
        byte[] sentence = utf8(ordinarySentence() + " ");
        byte[] bytes = new byte[TEN_MB];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = sentence[i % sentence.length];
        }
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
