package io.corpusgraph.pipeline.encode;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.corpusgraph.pipeline.TestModels;
import io.corpusgraph.pipeline.model.GlinerConfig;
import io.corpusgraph.pipeline.text.Window;
import io.corpusgraph.pipeline.text.WordSplitter;
import io.corpusgraph.pipeline.text.Words;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptEncoderTest {
    private static final List<String> LABELS = List.of("person", "date of birth");
    private static HuggingFaceTokenizer tokenizer;
    private static PromptEncoder encoder;
    private static GlinerConfig config;
    private final WordSplitter splitter = new WordSplitter();

    @BeforeAll
    static void load() throws IOException {
        config = GlinerConfig.read(TestModels.SPAN);
        tokenizer = PromptEncoder.loadTokenizer(TestModels.SPAN.resolve("tokenizer.json"));
        encoder = new PromptEncoder(tokenizer, config.entToken(), config.sepToken(), config.tokenLimit());
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private EncodedWindow encodeWhole(String text) {
        Words words = splitter.split(text);
        return encoder.encode(encoder.prompt(LABELS), encoder.tokenize(words), new Window(0, words.count()));
    }

    @Test
    void promptIsClsThenEntTokenBeforeEachLabelThenSepToken() {
        Prompt prompt = encoder.prompt(LABELS);
        long ent = config.classTokenIndex();
        long[] person = encoder.wordIds("person");
        long[] dateOfBirth = encoder.wordIds("date of birth");
        assertEquals(ent, prompt.prefix()[1]);
        assertEquals(ent, prompt.prefix()[1 + person.length + 1]);
        assertEquals(1 + 1 + person.length + 1 + dateOfBirth.length + 1, prompt.prefix().length);
        assertEquals(1, prompt.suffix().length);
        assertEquals(config.tokenLimit() - prompt.tokenCount(), prompt.textBudget());
    }

    /** Windows are assembled from a per-document tokenization; that must equal encoding the words together. */
    @Test
    void assembledWindowEqualsEncodingPromptAndWindowWordsTogether() {
        String text = "Dr. Ng\u00e9 met \u6771\u4eac\u30bf\u30ef\u30fc at 10:30 \uD83E\uDD80\u00a0co-founder "
                + "Jos\u00e9 \u0000 e\u0301 unbelievably_long_identifier_name 42\u00b2 \u0645\u0631\u062d\u0628\u0627.";
        Words words = splitter.split(text);
        Prompt prompt = encoder.prompt(LABELS);
        WordTokens tokens = encoder.tokenize(words);
        Window window = new Window(2, words.count() - 1);
        EncodedWindow assembled = encoder.encode(prompt, tokens, window);

        List<String> promptAndWords = new ArrayList<>();
        for (String label : LABELS) {
            promptAndWords.add(config.entToken());
            promptAndWords.add(label);
        }
        promptAndWords.add(config.sepToken());
        int promptWords = promptAndWords.size();
        for (int i = window.start(); i < window.end(); i++) {
            promptAndWords.add(words.word(i));
        }
        Encoding together = tokenizer.encode(promptAndWords.toArray(String[]::new), true, false);
        assertArrayEquals(together.getIds(), assembled.inputIds());
        // words_mask from the tokenizer's own word ids: first sub-token of text word i gets i + 1.
        long[] wordIds = together.getWordIds();
        long[] expectedMask = new long[wordIds.length];
        for (int t = 0; t < wordIds.length; t++) {
            boolean first = t == 0 || wordIds[t - 1] != wordIds[t];
            if (wordIds[t] >= promptWords && first) {
                expectedMask[t] = wordIds[t] - promptWords + 1;
            }
        }
        assertArrayEquals(expectedMask, assembled.wordsMask());
        assertEquals(window.wordCount(), assembled.wordCount());
    }

    @Test
    void wordsMaskMarksOnlyTheFirstSubTokenOfEachWord() {
        EncodedWindow window = encodeWhole("unbelievably good");
        int promptLength = encoder.prompt(LABELS).prefix().length;
        long[] mask = window.wordsMask();
        assertEquals(1, mask[promptLength]);
        for (int t = promptLength + 1; t < promptLength + encoder.wordIds("unbelievably").length; t++) {
            assertEquals(0, mask[t]);
        }
        assertEquals(2, mask[promptLength + encoder.wordIds("unbelievably").length]);
        assertEquals(0, mask[mask.length - 1]);
    }

    @Test
    void aWordWithoutTokensHasNoMarkedToken() {
        EncodedWindow window = encodeWhole("a \u0000 b");
        long[] marks = Arrays.stream(window.wordsMask()).filter(m -> m > 0).toArray();
        assertArrayEquals(new long[] {1, 3}, marks);
        assertEquals(3, window.wordCount());
    }

    @Test
    void loneSurrogatesReachTheTokenizerAsReplacementCharacters() {
        EncodedWindow withSurrogate = encodeWhole("a \uD800 b \uDC00");
        EncodedWindow withReplacement = encodeWhole("a \uFFFD b \uFFFD");
        assertArrayEquals(withReplacement.inputIds(), withSurrogate.inputIds());
        assertEquals("a\uFFFDb\uFFFD\uD83D\uDE00", PromptEncoder.replaceLoneSurrogates("a\uD800b\uDC00\uD83D\uDE00"));
    }

    @Test
    void aWordLongerThanTheBudgetKeepsItsFirstBudgetSubTokens() {
        String longWord = String.join("", Collections.nCopies(300, "ab")) + "x"; // > 100 chars: [UNK] for WordPiece
        String manyPieces = String.join("-", Collections.nCopies(400, "zq"));  // one word, many sub-tokens
        Words words = splitter.split(longWord + " " + manyPieces);
        assertEquals(2, words.count());
        Prompt prompt = encoder.prompt(LABELS);
        WordTokens tokens = encoder.tokenize(words);
        assertTrue(tokens.subTokens(1) > prompt.textBudget());
        EncodedWindow window = encoder.encode(prompt, tokens, new Window(1, 2));
        assertEquals(config.tokenLimit(), window.tokenCount());
        long[] kept = Arrays.copyOfRange(window.inputIds(), prompt.prefix().length, prompt.prefix().length + prompt.textBudget());
        assertArrayEquals(Arrays.copyOfRange(tokens.ids(), tokens.first()[1], tokens.first()[1] + prompt.textBudget()), kept);
    }

    @Test
    void aWindowOverTheTokenLimitIsRefusedNeverSentToTheModel() {
        Words words = splitter.split(String.join(" ", Collections.nCopies(600, "word")));
        Prompt unchecked = new Prompt(LABELS, encoder.prompt(LABELS).prefix(), encoder.prompt(LABELS).suffix(), 10_000);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> encoder.encode(unchecked, encoder.tokenize(words), new Window(0, 600)));
        assertTrue(e.getMessage().contains("over the model's limit of " + config.tokenLimit()), e.getMessage());
    }

    @Test
    void badLabelsAreRefusedWithTheReason() {
        assertTrue(refusal(List.of()).contains("empty"));
        assertTrue(refusal(List.of("person", " ")).contains("label 2 of 2 is blank"));
        assertTrue(refusal(List.of("person", "place", "person")).contains("'person' is given more than once"));
        assertTrue(refusal(List.of("a <<ENT>> b")).contains("marker token"));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tooMany.add("label number " + i);
        }
        assertTrue(refusal(tooMany).startsWith("labels take "), refusal(tooMany));
        assertTrue(refusal(tooMany).contains("of the model's " + config.tokenLimit() + " tokens"));
    }

    private String refusal(List<String> labels) {
        return assertThrows(IllegalArgumentException.class, () -> encoder.prompt(labels)).getMessage();
    }
}
