package io.corpusgraph.udfs;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.Row;

import io.corpusgraph.pipeline.Document;

/**
 * Decides, before any model runs, whether an input row can be extracted: decodes raw bytes strictly
 * as UTF-8 and enforces the size limit. A row that cannot go through becomes a rejection with a
 * reason; it is never dropped. Null and empty text are left to the extractor, which reports them.
 */
final class DocumentGate {

    /**
     * What the gate made of one input row; {@code rejection} is null when it may be extracted. {@code words}
     * are the row's own words when it brings them ({@link CorpusSchema#WORDS}), else null.
     */
    record Admission(String docId, String source, String contentSha256, String text, List<String> words,
                     Integer charLength, String rejection) {
        boolean admitted() {
            return rejection == null;
        }

        Document document() {
            return words != null ? Document.ofWords(docId, words) : new Document(docId, text);
        }
    }

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final int maxDocumentChars;

    DocumentGate(int maxDocumentChars) {
        this.maxDocumentChars = maxDocumentChars;
    }

    Admission admit(Row row) {
        String source = row.getAs("source");
        String sha = row.getAs("content_sha256");
        String docId = row.getAs("doc_id");
        String problem = row.getAs("problem");
        if (docId == null) {
            // Still one row in documents, under an id that is stable for the same content.
            String fallbackId = source + "#missing-id-" + (sha == null ? "null" : sha.substring(0, 12));
            return rejected(fallbackId, source, sha, problem != null ? problem : "missing id");
        }
        if (problem != null) {
            return rejected(docId, source, sha, problem);
        }
        byte[] bytes = row.getAs("bytes");
        if (bytes != null && (long) bytes.length > 4L * maxDocumentChars) {
            // Any UTF-8 text of maxDocumentChars code points fits in 4 bytes each: no need to decode.
            return rejected(docId, source, sha, tooLarge(bytes.length + " bytes"));
        }
        List<String> words = words(row);
        String text;
        if (words != null) {
            int missing = words.indexOf(null);
            if (missing >= 0) {
                return rejected(docId, source, sha, "word " + missing + " is null");
            }
            text = String.join(" ", words);
        } else if (bytes != null) {
            text = decodeUtf8(bytes);
            if (text == null) {
                return rejected(docId, source, sha, "undecodable bytes: not valid UTF-8 at byte " + firstBadByte(bytes));
            }
        } else {
            text = row.getAs("text");
        }
        if (text == null) {
            return new Admission(docId, source, sha, null, null, null, null);
        }
        int length = text.codePointCount(0, text.length());
        if (length > maxDocumentChars) {
            return new Admission(docId, source, sha, null, null, length, tooLarge(length + " characters"));
        }
        return new Admission(docId, source, sha, text, words, length, null);
    }

    private Admission rejected(String docId, String source, String sha, String reason) {
        return new Admission(docId, source, sha, null, null, null, reason);
    }

    /** The row's pre-split words, when its schema has the optional words column and the value is set. */
    private static List<String> words(Row row) {
        if (row.schema() == null || !Arrays.asList(row.schema().fieldNames()).contains(CorpusSchema.WORDS)) {
            return null;
        }
        int index = row.fieldIndex(CorpusSchema.WORDS);
        return row.isNullAt(index) ? null : row.getList(index);
    }

    private String tooLarge(String size) {
        return "too large: " + size + ", limit " + maxDocumentChars + " characters (max-document-chars)";
    }

    /** Strict: null for a malformed sequence, never a silent U+FFFD. A leading byte order mark is dropped. */
    static String decodeUtf8(byte[] bytes) {
        CharBuffer out = CharBuffer.allocate(bytes.length);  // UTF-8 never yields more chars than bytes
        if (strictDecoder().decode(ByteBuffer.wrap(bytes), out, true).isError()) {
            return null;
        }
        String text = out.flip().toString();
        // Editors put a byte order mark in front of UTF-8 files; it is not part of the text.
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    private static int firstBadByte(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        strictDecoder().decode(in, CharBuffer.allocate(bytes.length), true);
        return in.position();
    }

    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
