package io.corpusgraph.pipeline;

import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.spec.SpecConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The façade with the tiny span model: robustness against every kind of bad or odd input. */
class ExtractorTest {
    private static final List<String> LABELS = List.of("person", "location", "organization");
    /** The tiny model is not confident: a low threshold makes sure every text has some entities. */
    private static final ExtractionSpec PARAMS = SpecConfig.defaults().withLabels(LABELS).withThreshold(0.25);
    private static final String SENTENCE = "Angela Merkel met Emmanuel Macron in Paris on Monday, Reuters said.";
    private static Extractor extractor;

    @BeforeAll
    static void load() {
        extractor = Extractor.shared(TestModels.cpu(TestModels.SPAN));
    }

    private static DocumentResult one(String text) {
        return extractor.extract(List.of(new Document("d", text)), PARAMS).get(0);
    }

    /** Offsets are code points: cutting the text by code points gives the entity text. */
    private static void assertOffsetsCutTheText(String text, DocumentResult result) {
        for (Entity e : result.entities()) {
            int from = text.offsetByCodePoints(0, e.start());
            int to = text.offsetByCodePoints(0, e.end());
            assertEquals(e.text(), text.substring(from, to), e.toString());
        }
    }

    @Test
    void findsEntitiesInAPlainSentence() {
        DocumentResult result = one(SENTENCE);
        assertTrue(result.ok());
        assertFalse(result.entities().isEmpty());
        assertEquals(1, result.windowCount());
        assertOffsetsCutTheText(SENTENCE, result);
        assertEquals(extractor.model().modelId(), Extractor.describe(TestModels.SPAN).modelId());
    }

    @Test
    void nullEmptyAndBlankTextsGiveAnErrorResultNotAnException() {
        List<DocumentResult> results = extractor.extract(List.of(new Document("n", null), new Document("e", ""),
                new Document("w", " \t\n\u3000 "), new Document("ok", SENTENCE)), PARAMS);
        assertEquals(List.of("n", "e", "w", "ok"), results.stream().map(DocumentResult::docId).toList());
        assertEquals("null text", results.get(0).error());
        assertEquals("empty text", results.get(1).error());
        assertEquals("empty text", results.get(2).error());
        assertNull(results.get(3).error());
        assertTrue(results.get(0).entities().isEmpty());
    }

    @Test
    void controlCharactersDoNotDisturbTheRest() {
        String text = "\u0000Angela\u0007 Merkel\u001b met \u0001 Emmanuel Macron in Paris.\u0085";
        DocumentResult result = one(text);
        assertTrue(result.ok());
        assertOffsetsCutTheText(text, result);
    }

    @Test
    void emojiAndOtherSupplementaryCharactersCountAsOneCodePoint() {
        String prefix = "\uD83D\uDE00\uD83D\uDE00 \uD835\uDC00 "; // 5 code points, 8 UTF-16 units
        String text = prefix + SENTENCE;
        DocumentResult result = one(text);
        assertTrue(result.entities().stream().anyMatch(e -> e.start() >= 5), result.entities().toString());
        assertOffsetsCutTheText(text, result);
    }

    @Test
    void unpairedSurrogatesNeverReachTheTokenizer() {
        String text = "Angela Merkel \uD800 met \uDC00Macron in Paris \uD83D";
        DocumentResult result = one(text);
        assertTrue(result.ok(), result.error());
        assertOffsetsCutTheText(text, result);
    }

    @Test
    void cjkWithoutSpacesIsProcessed() {
        String text = "\u5b89\u500d\u664b\u4e09\u5728\u6771\u4eac\u4f1a\u89c1\u4e86\u62dc\u767b\u3002";
        DocumentResult result = one(text);
        assertTrue(result.ok());
        assertEquals(2, result.wordCount()); // one run of letters and the full stop
        assertOffsetsCutTheText(text, result);
    }

    /**
     * A megabyte of text, kept cheap for the model: every sentence is followed by a 2000-character hex
     * blob, one word that the tokenizer turns into a single [UNK] token. A megabyte of prose would take
     * the tiny span model about a minute on two cores.
     */
    @Test
    void aOneMegabyteDocumentIsWindowedAndReadToTheEnd() {
        String blob = "0123456789abcdef".repeat(125);
        StringBuilder text = new StringBuilder();
        while (text.length() < 1_000_000) {
            text.append(SENTENCE).append(" Checksum ").append(blob).append(". ");
        }
        String doc = text.toString();
        ExtractionStats stats = new ExtractionStats();
        DocumentResult result = extractor.extract(List.of(new Document("big", doc)), PARAMS, stats).get(0);
        assertTrue(result.ok());
        assertTrue(result.windowCount() > 10, "windows: " + result.windowCount());
        assertEquals(stats.get(Counter.WINDOWS), result.windowCount());
        assertEquals(result.wordCount(), stats.get(Counter.WORDS));
        int codePoints = doc.codePointCount(0, doc.length());
        assertTrue(result.entities().stream().anyMatch(e -> e.start() > codePoints - 2200),
                "entities found up to the end of the document");
        assertOffsetsCutTheText(doc, result);
    }

    @Test
    void theSameResultsWhateverTheBatchBudget() {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            docs.add(new Document("d" + i, SENTENCE.repeat(1 + i % 4) + " Macron flew to Berlin."));
        }
        String longDoc = (SENTENCE + " ").repeat(60);
        docs.add(new Document("long", longDoc));
        ExtractionSpec windowed = PARAMS.withWindow(40, 12);
        ExtractionStats oneByOne = new ExtractionStats();
        ExtractionStats together = new ExtractionStats();
        List<DocumentResult> single = extractor.extract(docs, windowed.withBatchTokenBudget(1), oneByOne);
        List<DocumentResult> batched = extractor.extract(docs, windowed.withBatchTokenBudget(1 << 20), together);
        assertEquals(oneByOne.get(Counter.WINDOWS), oneByOne.get(Counter.ONNX_CALLS));
        assertTrue(together.get(Counter.ONNX_CALLS) < oneByOne.get(Counter.ONNX_CALLS));
        assertEquals(single.size(), batched.size());
        for (int i = 0; i < single.size(); i++) {
            assertEntitiesClose(single.get(i), batched.get(i));
        }
    }

    /** Padding changes float rounding in the encoder, so scores may differ in the last bits. */
    private static void assertEntitiesClose(DocumentResult expected, DocumentResult actual) {
        assertEquals(expected.entities().size(), actual.entities().size(), expected.docId());
        for (int k = 0; k < expected.entities().size(); k++) {
            Entity e = expected.entities().get(k);
            Entity a = actual.entities().get(k);
            assertEquals(List.of(e.start(), e.end(), e.label()), List.of(a.start(), a.end(), a.label()));
            assertEquals(e.score(), a.score(), 1e-4 * Math.abs(e.score()));
        }
    }

    @Test
    void resultsComeBackInInputOrder() {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            docs.add(new Document("d" + i, i % 3 == 0 ? SENTENCE.repeat(3) : "Macron in Paris."));
        }
        List<DocumentResult> results = extractor.extract(docs, PARAMS);
        assertEquals(docs.stream().map(Document::id).toList(), results.stream().map(DocumentResult::docId).toList());
    }

    @Test
    void badLabelListsAreRefusedWithAClearMessage() {
        List<Document> docs = List.of(new Document("d", SENTENCE));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> extractor.extract(docs, SpecConfig.defaults().withLabels(List.of())));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> extractor.extract(docs, SpecConfig.defaults().withLabels(List.of("person", "place", "person"))));
        assertTrue(duplicate.getMessage().contains("'person' is given more than once"), duplicate.getMessage());
    }

    @Test
    void statsCountEveryStage() {
        ExtractionStats stats = new ExtractionStats();
        extractor.extract(List.of(new Document("a", SENTENCE), new Document("b", null)), PARAMS, stats);
        assertEquals(2, stats.get(Counter.DOCUMENTS));
        assertEquals(1, stats.get(Counter.WINDOWS));
        assertEquals(1, stats.get(Counter.ONNX_CALLS));
        assertTrue(stats.get(Counter.WORDS) > 10 && stats.get(Counter.TOKENS) > stats.get(Counter.WORDS));
        assertTrue(stats.get(Counter.SPLIT_NANOS) > 0 && stats.get(Counter.TOKENIZE_NANOS) > 0 && stats.get(Counter.TENSORS_NANOS) > 0
                && stats.get(Counter.ONNX_NANOS) > 0 && stats.get(Counter.DECODE_NANOS) > 0, stats.toString());
        ExtractionStats sum = new ExtractionStats();
        sum.add(stats);
        sum.add(stats);
        assertEquals(2 * stats.get(Counter.TOKENS), sum.get(Counter.TOKENS));
        assertEquals(2 * stats.totalNanos(), sum.totalNanos());
    }

    /** Spans and labels only: batch composition moves scores in the last float digits. */
    private static List<String> spans(DocumentResult result) {
        return result.entities().stream().map(e -> e.start() + ".." + e.end() + " " + e.label()).toList();
    }

    @Test
    void aWindowOnnxRuntimeRejectsFailsOnlyItsOwnDocument(@TempDir Path temp) throws IOException {
        // A copy of the model whose tokenizer has one more token, with an id past the embedding table:
        // ONNX Runtime's Gather then rejects any batch holding a window with that token.
        Path model = TestModels.copy(TestModels.SPAN, temp);
        ObjectMapper json = new ObjectMapper();
        Path tokenizerFile = model.resolve("tokenizer.json");
        ObjectNode tokenizer = (ObjectNode) json.readTree(tokenizerFile.toFile());
        ((ArrayNode) tokenizer.get("added_tokens")).addObject().put("id", 40000).put("content", "qqqpoisonqqq")
                .put("single_word", false).put("lstrip", false).put("rstrip", false)
                .put("normalized", false).put("special", true);
        json.writeValue(tokenizerFile.toFile(), tokenizer);

        List<Document> docs = List.of(new Document("a", SENTENCE), new Document("bad", "He said qqqpoisonqqq in Berlin."),
                new Document("c", "Reuters reported from London that Tony Blair resigned."));
        try (Extractor poisoned = Extractor.open(TestModels.cpu(model))) {
            ExtractionStats stats = new ExtractionStats();
            List<DocumentResult> results = poisoned.extract(docs, PARAMS, stats);
            assertTrue(results.get(1).error().startsWith("model failed: "), results.get(1).error());
            assertTrue(results.get(0).ok() && results.get(2).ok());
            assertTrue(stats.get(Counter.ONNX_CALLS) >= 3, "the failing batch was split and retried: " + stats.get(Counter.ONNX_CALLS));
            List<DocumentResult> clean = poisoned.extract(List.of(docs.get(0), docs.get(2)), PARAMS);
            assertEquals(spans(clean.get(0)), spans(results.get(0)));
            assertEquals(spans(clean.get(1)), spans(results.get(2)));
            assertFalse(results.get(0).entities().isEmpty());
        }
    }
}
