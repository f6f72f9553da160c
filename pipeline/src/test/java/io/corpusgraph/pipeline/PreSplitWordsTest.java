package io.corpusgraph.pipeline;

import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.spec.SpecConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.corpusgraph.pipeline.text.WordSplitter;
import io.corpusgraph.pipeline.text.Words;

/** Documents that bring their own words (gold tokens): the extractor reads exactly those words. */
class PreSplitWordsTest {
    private static final ExtractionSpec PARAMS = SpecConfig.defaults().withLabels(List.of("person", "location", "organization"))
            .withThreshold(0.25);
    private static Extractor extractor;

    @BeforeAll
    static void load() {
        extractor = Extractor.shared(TestModels.cpu(TestModels.SPAN));
    }

    @Test
    void joinedWordsKeepEachTokenWholeWithCodePointOffsets() {
        Words words = Words.joined(List.of("U.S.", "🚀", "New York"));
        assertEquals("U.S. 🚀 New York", words.text());
        assertEquals(3, words.count());
        assertEquals("New York", words.word(2));
        assertEquals(5, words.codePointStart(1));
        assertEquals(6, words.codePointEnd(1));
        assertEquals(7, words.codePointStart(2));
        assertEquals("🚀 New York", words.textBetween(1, 2));
    }

    @Test
    void theTextOfADocumentWithWordsIsTheWordsJoinedBySpaces() {
        assertEquals("a b.c", Document.ofWords("d", List.of("a", "b.c")).text());
        assertThrows(IllegalArgumentException.class, () -> new Document("d", "other text", List.of("a")));
        assertThrows(NullPointerException.class, () -> Document.ofWords("d", java.util.Arrays.asList("a", null)));
    }

    @Test
    void givenWordsAreNotSplitAgain() {
        List<String> tokens = List.of("Angela", "Merkel", "met", "officials", "of", "the", "U.S.", "in", "Paris", ".");
        DocumentResult result = extractor.extract(List.of(Document.ofWords("d", tokens)), PARAMS).get(0);
        assertTrue(result.ok(), result.error());
        assertEquals(tokens.size(), result.wordCount());
        assertTrue(new WordSplitter().split(String.join(" ", tokens)).count() > tokens.size(), "the regex would split U.S.");
        assertTrue(!result.entities().isEmpty());
        Words words = Words.joined(tokens);
        for (Entity e : result.entities()) {
            // Every entity starts and ends on a given token's boundary.
            boolean startsOnToken = false;
            boolean endsOnToken = false;
            for (int i = 0; i < words.count(); i++) {
                startsOnToken |= words.codePointStart(i) == e.start();
                endsOnToken |= words.codePointEnd(i) == e.end();
            }
            assertTrue(startsOnToken && endsOnToken, e.toString());
        }
    }

    @Test
    void givenWordsGiveTheSameEntitiesAsTheSameTextSplitByTheRegexWhenTheyAgree() {
        String text = "Angela Merkel met Emmanuel Macron in Paris on Monday , Reuters said .";
        DocumentResult split = extractor.extract(List.of(new Document("d", text)), PARAMS).get(0);
        DocumentResult given = extractor.extract(List.of(Document.ofWords("d", List.of(text.split(" ")))), PARAMS).get(0);
        assertEquals(split, given);
    }
}
