package io.corpusgraph.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

/** CLUENER2020 JSON lines (character offsets, end inclusive), and any sentence read by characters. */
class CluenerFormatTest {

    private static List<GoldSentence> read(String content) throws IOException {
        return GoldFormat.CLUENER.read("test", new BufferedReader(new StringReader(content)));
    }

    /** The emoji is one code point: 浙江省 starts at 4, not 5; a surface listed twice counts twice; entities by start. */
    @Test
    void offsetsAreCodePointsWithTheEndInclusive() throws IOException {
        List<GoldSentence> sentences = read("""
                {"text": "😀鲁迅在浙江省绍兴市。浙江省", "label": {"address": {"浙江省": [[4, 6], [11, 13]], "绍兴市": [[7, 9]]}, "name": {"鲁迅": [[1, 2]]}}}

                {"text": "没有实体。"}
                """);
        assertEquals(2, sentences.size());
        GoldSentence s = sentences.get(0);
        assertEquals("test#1", s.id());
        assertEquals("😀鲁迅在浙江省绍兴市。浙江省", s.text());
        assertEquals(List.of(new Span(1, 2, "name"), new Span(4, 6, "address"), new Span(7, 9, "address"),
                new Span(11, 13, "address")), s.characters());
        GoldSentence byCharacters = s.byCharacters();
        assertEquals(s.characters(), byCharacters.entities());
        assertTrue(byCharacters.unaligned().isEmpty());
        assertEquals(List.of(), sentences.get(1).characters());
        assertEquals("test#3", sentences.get(1).id());
    }

    @Test
    void aSurfaceThatIsNotTheTextAtItsOffsetsIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("{\"text\": \"鲁迅在绍兴\", \"label\": {\"name\": {\"鲁迅\": [[1, 2]]}}}\n"));
        assertTrue(e.getMessage().startsWith("line 1: '鲁迅' [1, 2] is '迅在'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> read("{\"text\": \"鲁迅\", \"label\": {\"name\": {\"鲁迅\": [[0, 2]]}}}\n"));
        assertTrue(e.getMessage().contains("not within the text's 2 characters"), e.getMessage());
    }

    /** A word format read by characters: its words joined by single spaces, each span from its first word's start. */
    @Test
    void wordSentencesReadByCharacters() {
        GoldSentence words = new GoldSentence("s", List.of("John", "Smith", "in", "Paris"),
                List.of(new Span(0, 1, "person"), new Span(3, 3, "location")), List.of(), List.of());
        GoldSentence chars = words.byCharacters();
        assertEquals("John Smith in Paris", chars.text());
        assertEquals(List.of(new Span(0, 9, "person"), new Span(14, 18, "location")), chars.entities());
    }
}
