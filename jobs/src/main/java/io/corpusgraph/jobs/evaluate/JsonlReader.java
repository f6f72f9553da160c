package io.corpusgraph.jobs.evaluate;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.corpusgraph.pipeline.text.WordSplitter;
import io.corpusgraph.pipeline.text.Words;

/**
 * Character-offset JSON lines: {@code {text, entities: [{start, end, label}], relations: [{head, tail, label}]}},
 * offsets in code points with the end exclusive, relation heads and tails indexes into the entities
 * ({@code type} is accepted for {@code label}). The text has no tokens, so it is split into words as the
 * pipeline splits any text (GLiNER's regex); an entity whose offsets do not fall on word boundaries
 * cannot be predicted by a word-level model and is kept as unaligned (counted as missed).
 */
final class JsonlReader {

    private JsonlReader() {}

    static List<GoldSentence> read(String dataset, BufferedReader in) throws IOException {
        return readLines(dataset, in, JsonlReader::sentence);
    }

    /** One JSON record (with its id, {@code <dataset>#<line>}) → its gold sentence. */
    interface RecordReader {
        GoldSentence sentence(String id, JsonNode record, WordSplitter splitter);
    }

    /** JSON lines → a sentence per non-blank line; a bad line fails with its number. */
    static List<GoldSentence> readLines(String dataset, BufferedReader in, RecordReader reader) throws IOException {
        ObjectMapper json = new ObjectMapper();
        WordSplitter splitter = new WordSplitter();
        List<GoldSentence> sentences = new ArrayList<>();
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                sentences.add(reader.sentence(dataset + "#" + lineNumber, json.readTree(line), splitter));
            } catch (JacksonException | RuntimeException e) {
                throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
        return sentences;
    }

    private static GoldSentence sentence(String id, JsonNode record, WordSplitter splitter) {
        String text = JsonFields.text(record, "text");
        List<Span> characters = new ArrayList<>();
        for (JsonNode entity : JsonFields.array(record, "entities")) {
            int start = JsonFields.integer(entity, "start");
            int end = JsonFields.integer(entity, "end");
            characters.add(new Span(start, end - 1, JsonFields.text(entity, "label", "type")));
        }
        return sentence(id, text, characters, splitter, all -> JsonFields.relations(record, all));
    }

    /**
     * A character-offset sentence (jsonl, cluener): the text split into words as the pipeline splits it, each gold
     * entity in words (aligned, or unaligned when its characters do not start and end on word boundaries) and in
     * characters.
     *
     * @param characters gold entities in code points, start and end inclusive
     * @param relations  the gold relations, given the entities in word positions in the order of {@code characters}
     */
    static GoldSentence sentence(String id, String text, List<Span> characters, WordSplitter splitter,
                                 java.util.function.Function<List<Span>, List<SpanRelation>> relations) {
        Words words = splitter.split(text);
        int length = text.codePointCount(0, text.length());
        List<Span> all = new ArrayList<>();
        List<Span> aligned = new ArrayList<>();
        List<Span> unaligned = new ArrayList<>();
        for (Span entity : characters) {
            int start = entity.start();
            int end = entity.end() + 1;
            if (start < 0 || end <= start || end > length) {
                throw new IllegalArgumentException("entity [" + start + ", " + end + ") is not within the text's " + length + " characters");
            }
            Span span = covering(words, start, end, entity.label());
            boolean onBoundaries = span.start() < words.count()
                    && words.codePointStart(span.start()) == start && words.codePointEnd(span.end()) == end;
            (onBoundaries ? aligned : unaligned).add(span);
            all.add(span);
        }
        List<String> tokens = new ArrayList<>(words.count());
        for (int i = 0; i < words.count(); i++) {
            tokens.add(words.word(i));
        }
        return new GoldSentence(id, tokens, aligned, unaligned, relations.apply(all), text, characters);
    }

    /** The words that overlap code points [start, end). */
    private static Span covering(Words words, int start, int end, String label) {
        int first = 0;
        while (first < words.count() && words.codePointEnd(first) <= start) {
            first++;
        }
        int last = first;
        while (last + 1 < words.count() && words.codePointStart(last + 1) < end) {
            last++;
        }
        return new Span(first, last, label);
    }
}
