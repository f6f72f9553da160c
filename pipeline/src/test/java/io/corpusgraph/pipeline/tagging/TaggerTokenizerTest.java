package io.corpusgraph.pipeline.tagging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.corpusgraph.pipeline.TestModels;

/** DJL's offsets, checked on texts whose code point and UTF-16 offsets differ (emoji), and on Chinese. */
class TaggerTokenizerTest {
    private static final Path TOKENIZER = TestModels.PROJECT.resolve("sample-data/models/corpusgraph-bge-small-v1/tokenizer.json");
    private static TaggerTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = TaggerTokenizer.load(TOKENIZER);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    /**
     * "I 😀 love": the emoji is one code point but two UTF-16 units, so "love" starts at code point 4 (UTF-16 index 5).
     * DJL's char spans count code points (the Rust tokenizer's chars): these are the offsets the contract wants.
     */
    @Test
    void offsetsAreCodePointsAfterAnEmoji() {
        TextTokens tokens = tokenizer.tokenize("I 😀 love");
        assertEquals(3, tokens.count()); // i, [UNK], love
        assertArrayEquals(new int[] {0, 2, 4}, tokens.starts());
        assertArrayEquals(new int[] {1, 3, 8}, tokens.ends());
        assertArrayEquals(new boolean[] {false, false, false}, tokens.subword());
    }

    /** Two emoji are one [UNK] token of two code points; each Han character is a token of its own. */
    @Test
    void chineseCharactersAreTokensAndUnknownTokensAreNotSubwords() {
        TextTokens tokens = tokenizer.tokenize("😀😀 北京 playing");
        assertArrayEquals(new int[] {0, 3, 4, 6}, tokens.starts());
        assertArrayEquals(new int[] {2, 4, 5, 13}, tokens.ends());
        // [UNK] has 5 code points, its text 2: not a subword all the same (contract §3.4).
        assertArrayEquals(new boolean[] {false, false, false, false}, tokens.subword());
    }

    /**
     * WordPiece continuations (##) are subwords: their token is two code points longer than their text. "naïve" is
     * one token of five code points ("naive" after the normaliser: not a subword); "unaffable" is several pieces,
     * the first a word start, the rest continuations covering the word without gaps.
     */
    @Test
    void continuationsAreSubwordsAndAccentsKeepTheirLength() {
        TextTokens tokens = tokenizer.tokenize("naïve unaffable");
        assertTrue(tokens.count() >= 3, "unaffable is split");
        assertEquals(0, tokens.starts()[0]);
        assertEquals(5, tokens.ends()[0]);
        assertFalse(tokens.subword()[0]);
        assertEquals(6, tokens.starts()[1]);
        assertFalse(tokens.subword()[1]);
        for (int t = 2; t < tokens.count(); t++) {
            assertTrue(tokens.subword()[t]);
            assertEquals(tokens.ends()[t - 1], tokens.starts()[t]);
        }
        assertEquals(15, tokens.ends()[tokens.count() - 1]);
    }

    /**
     * The Chinese model's own tokenizer (bge-small-zh-v1.5): every Han character is a token of one code point, the
     * emoji after them one more, the full stop after it at code point 9 (UTF-16 index 10).
     */
    @Test
    void theChineseTokenizerSplitsHanCharactersAndCountsCodePoints() throws IOException {
        Path zh = TestModels.ZH_CLUENER.resolve("tokenizer.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(zh), "no Chinese model folder");
        try (TaggerTokenizer chinese = TaggerTokenizer.load(zh)) {
            TextTokens tokens = chinese.tokenize("马化腾创立了腾讯🐒。");
            assertEquals(10, tokens.count());
            for (int t = 0; t < 10; t++) {
                assertEquals(t, tokens.starts()[t]);
                assertEquals(t + 1, tokens.ends()[t]);
                assertFalse(tokens.subword()[t]);
            }
        }
    }

    /** A lone surrogate becomes U+FFFD for the tokenizer: one code point for one, later offsets unchanged. */
    @Test
    void loneSurrogatesKeepOffsets() {
        TextTokens tokens = tokenizer.tokenize("a\uD800 b");
        assertEquals(3, tokens.starts()[tokens.count() - 1]);
        assertEquals(4, tokens.ends()[tokens.count() - 1]);
    }

    @Test
    void emptyAndBlankTextsHaveNoTokens() {
        assertEquals(0, tokenizer.tokenize("").count());
        assertEquals(0, tokenizer.tokenize(" \n\t ").count());
    }

    @Test
    void windowsAreFramedByClsAndSep() {
        assertArrayEquals(new long[] {101}, tokenizer.prefix());
        assertArrayEquals(new long[] {102}, tokenizer.suffix());
        assertEquals(0, tokenizer.padId());
    }
}
