package io.corpusgraph.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import io.corpusgraph.pipeline.Document;
import io.corpusgraph.udfs.DocumentGate.Admission;

class DocumentGateTest {

    private static final String SHA = "ab".repeat(32);
    private final DocumentGate gate = new DocumentGate(20);

    private static Row input(String docId, String text, byte[] bytes, String problem) {
        return new GenericRowWithSchema(new Object[] {docId, "file:/corpus/" + docId, text, bytes, SHA, problem},
                CorpusSchema.INPUT);
    }

    @Test
    void textIsAdmittedWithItsLengthInCodePoints() {
        Admission a = gate.admit(input("d", "🚀 Sputnik", null, null));
        assertTrue(a.admitted());
        assertEquals("🚀 Sputnik", a.text());
        assertEquals(9, a.charLength());
        assertEquals(SHA, a.contentSha256());
    }

    @Test
    void rawBytesAreDecodedAsUtf8WithoutAByteOrderMark() {
        byte[] bytes = "\uFEFFZürich".getBytes(StandardCharsets.UTF_8);
        Admission a = gate.admit(input("d", null, bytes, null));
        assertTrue(a.admitted());
        assertEquals("Zürich", a.text());
    }

    @Test
    void bytesThatAreNotUtf8AreRejectedWithTheOffsetOfTheFirstBadByte() {
        byte[] latin1 = "Café".getBytes(StandardCharsets.ISO_8859_1);
        Admission a = gate.admit(input("d", null, latin1, null));
        assertFalse(a.admitted());
        assertEquals("undecodable bytes: not valid UTF-8 at byte 3", a.rejection());
        assertNull(a.text());
    }

    @Test
    void textOverTheSizeLimitIsRejectedAndNotKept() {
        Admission a = gate.admit(input("d", "x".repeat(21), null, null));
        assertFalse(a.admitted());
        assertEquals("too large: 21 characters, limit 20 characters (max-document-chars)", a.rejection());
        assertEquals(21, a.charLength());
        assertNull(a.text());
        assertTrue(gate.admit(input("d", "x".repeat(20), null, null)).admitted());
    }

    @Test
    void bytesFarOverTheSizeLimitAreRejectedWithoutDecoding() {
        Admission a = gate.admit(input("d", null, new byte[81], null));
        assertEquals("too large: 81 bytes, limit 20 characters (max-document-chars)", a.rejection());
    }

    @Test
    void aProblemTheReaderFoundBecomesTheReason() {
        Admission a = gate.admit(input("d", null, "{oops".getBytes(StandardCharsets.UTF_8), "malformed JSON line"));
        assertEquals("malformed JSON line", a.rejection());
    }

    @Test
    void aRowWithoutIdGetsAnIdFromItsSourceAndContent() {
        Admission a = gate.admit(input(null, "text", null, null));
        assertEquals("missing id", a.rejection());
        assertEquals("file:/corpus/null#missing-id-" + SHA.substring(0, 12), a.docId());
    }

    @Test
    void nullAndEmptyTextAreLeftToTheExtractorWhichReportsThem() {
        assertTrue(gate.admit(input("d", null, null, null)).admitted());
        assertTrue(gate.admit(input("d", "", null, null)).admitted());
    }

    private static final StructType WITH_WORDS = CorpusSchema.INPUT.add(CorpusSchema.WORDS, DataTypes.createArrayType(DataTypes.StringType));

    private static Row withWords(List<String> words) {
        Object seq = words == null ? null : scala.jdk.javaapi.CollectionConverters.asScala(words).toSeq();
        return new GenericRowWithSchema(new Object[] {"d", "gold", null, null, SHA, null, seq}, WITH_WORDS);
    }

    @Test
    void givenWordsBecomeADocumentOfThoseWords() {
        Admission a = gate.admit(withWords(List.of("U.S.", "troops")));
        assertTrue(a.admitted());
        assertEquals("U.S. troops", a.text());
        assertEquals(11, a.charLength());
        assertEquals(Document.ofWords("d", List.of("U.S.", "troops")), a.document());
    }

    @Test
    void aNullWordIsRejectedAndANullListMeansNoWords() {
        Admission a = gate.admit(withWords(Arrays.asList("a", null)));
        assertFalse(a.admitted());
        assertEquals("word 1 is null", a.rejection());
        assertNull(gate.admit(withWords(null)).words());
    }
}
