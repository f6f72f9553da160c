package io.corpusgraph.jobs.evaluate;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * SpERT-style JSON (CoNLL04 as distributed with SpERT): a list of
 * {@code {tokens, entities: [{type, start, end}], relations: [{type, head, tail}]}}, entity ends
 * exclusive, relation heads and tails indexes into the record's entities.
 */
final class SpertReader {

    private SpertReader() {}

    static List<GoldSentence> read(String dataset, Reader in) throws IOException {
        JsonNode records = new ObjectMapper().readTree(in);
        if (records == null || !records.isArray()) {
            throw new IllegalArgumentException("expected a JSON list of {tokens, entities, relations} records");
        }
        List<GoldSentence> sentences = new ArrayList<>();
        for (JsonNode record : records) {
            int number = sentences.size() + 1;
            try {
                sentences.add(sentence(dataset + "#" + number, record));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("record " + number + ": " + e.getMessage(), e);
            }
        }
        return sentences;
    }

    private static GoldSentence sentence(String id, JsonNode record) {
        List<String> words = new ArrayList<>();
        for (JsonNode token : JsonFields.array(record, "tokens")) {
            words.add(token.asText());
        }
        List<Span> entities = new ArrayList<>();
        for (JsonNode entity : JsonFields.array(record, "entities")) {
            int start = JsonFields.integer(entity, "start");
            int end = JsonFields.integer(entity, "end");
            if (start < 0 || end <= start || end > words.size()) {
                throw new IllegalArgumentException("entity [" + start + ", " + end + ") is not within the " + words.size() + " tokens");
            }
            entities.add(new Span(start, end - 1, JsonFields.text(entity, "type")));
        }
        List<SpanRelation> relations = JsonFields.relations(record, entities);
        return new GoldSentence(id, words, entities, List.of(), relations);
    }
}
