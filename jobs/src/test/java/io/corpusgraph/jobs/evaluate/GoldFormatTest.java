package io.corpusgraph.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The three gold formats, read from small hand-written files. */
class GoldFormatTest {

    private static final List<String> WORDS = List.of("John", "Smith", "works", "for", "Acme", "Corp", "in", "Paris", ".");
    private static final Span JOHN = new Span(0, 1, "Peop");
    private static final Span ACME = new Span(4, 5, "Org");
    private static final Span PARIS = new Span(7, 7, "Loc");

    private static List<GoldSentence> read(GoldFormat format, String content) throws IOException {
        return format.read("test", new BufferedReader(new StringReader(content)));
    }

    @Test
    void conllTakesTheFirstColumnAsTokenAndTheLastAsTag() throws IOException {
        String conll = """
                -DOCSTART- -X- O O

                John\tNNP\tB-Peop
                Smith\tNNP\tI-Peop
                works\tVBZ\tO
                for\tIN\tO
                Acme\tNNP\tB-Org
                Corp\tNNP\tI-Org
                in\tIN\tO
                Paris\tNNP\tB-Loc
                .\t.\tO

                Hello O
                world I-Loc
                """;
        List<GoldSentence> sentences = read(GoldFormat.CONLL, conll);
        assertEquals(2, sentences.size());
        assertEquals(WORDS, sentences.get(0).words());
        assertEquals(List.of(JOHN, ACME, PARIS), sentences.get(0).entities());
        assertEquals("test#1", sentences.get(0).id());
        // Space-separated columns; an I- tag that continues nothing starts an entity (IOB1).
        assertEquals(List.of(new Span(1, 1, "Loc")), sentences.get(1).entities());
    }

    @Test
    void conllSplitsEntitiesOfTheSameTypeAtABTag() throws IOException {
        assertEquals(List.of(new Span(0, 0, "per"), new Span(1, 2, "per")),
                ConllReader.spans(List.of("B-per", "B-per", "I-per")));
        assertEquals(List.of(new Span(0, 0, "per"), new Span(1, 1, "loc")), ConllReader.spans(List.of("B-per", "I-loc")));
    }

    @Test
    void conllRejectsATagThatIsNotBio() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(GoldFormat.CONLL, "a\tO\nb\tX-per\n"));
        assertEquals("line 2: tag 'X-per' is not O, B-type or I-type", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read(GoldFormat.CONLL, "lonely\n"));
    }

    @Test
    void spertGivesEntitiesWithExclusiveEndsAndRelationsBetweenThem() throws IOException {
        String spert = """
                [{"tokens": ["John", "Smith", "works", "for", "Acme", "Corp", "in", "Paris", "."],
                  "entities": [{"type": "Peop", "start": 0, "end": 2}, {"type": "Org", "start": 4, "end": 6},
                               {"type": "Loc", "start": 7, "end": 8}],
                  "relations": [{"type": "Work_For", "head": 0, "tail": 1}, {"type": "OrgBased_In", "head": 1, "tail": 2}],
                  "orig_id": 1}]
                """;
        GoldSentence s = read(GoldFormat.SPERT, spert).get(0);
        assertEquals(WORDS, s.words());
        assertEquals(List.of(JOHN, ACME, PARIS), s.entities());
        assertEquals(List.of(new SpanRelation(JOHN, "Work_For", ACME), new SpanRelation(ACME, "OrgBased_In", PARIS)), s.relations());
    }

    @Test
    void spertNamesTheRecordThatPointsOutsideItsTokens() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(GoldFormat.SPERT,
                "[{\"tokens\": [\"a\"], \"entities\": [{\"type\": \"x\", \"start\": 0, \"end\": 2}]}]"));
        assertEquals("record 1: entity [0, 2) is not within the 1 tokens", e.getMessage());
    }

    @Test
    void jsonlAlignsCharacterOffsetsToTheRegexWords() throws IOException {
        String jsonl = """
                {"text": "John Smith works for Acme Corp in Paris.", "entities": [{"start": 0, "end": 10, "label": "Peop"}, \
                {"start": 21, "end": 30, "label": "Org"}, {"start": 34, "end": 39, "type": "Loc"}], \
                "relations": [{"head": 0, "tail": 1, "label": "Work_For"}]}

                {"text": "🚀 Sputnik-1 flew", "entities": [{"start": 2, "end": 9, "label": "craft"}, {"start": 2, "end": 11, "label": "craft"}]}
                """;
        List<GoldSentence> sentences = read(GoldFormat.JSONL, jsonl);
        GoldSentence s = sentences.get(0);
        assertEquals(WORDS, s.words());
        assertEquals(List.of(JOHN, ACME, PARIS), s.entities());
        assertEquals(List.of(new SpanRelation(JOHN, "Work_For", ACME)), s.relations());
        // Offsets in code points; "Sputnik" is only part of the word "Sputnik-1": unaligned, kept as missed.
        GoldSentence rocket = sentences.get(1);
        assertEquals("test#3", rocket.id());
        assertEquals(List.of("🚀", "Sputnik-1", "flew"), rocket.words());
        assertEquals(List.of(new Span(1, 1, "craft")), rocket.entities());
        assertEquals(List.of(new Span(1, 1, "craft")), rocket.unaligned());
    }

    @Test
    void jsonlNamesTheBadLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(GoldFormat.JSONL, "{\"text\": \"a b\"}\n{\"text\": \"a\", \"entities\": [{\"start\": 0, \"end\": 5, \"label\": \"x\"}]}\n"));
        assertTrue(e.getMessage().startsWith("line 2: entity [0, 5) is not within the text's 1 characters"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(GoldFormat.JSONL, "not json\n"))
                .getMessage().startsWith("line 1: "));
    }
}
