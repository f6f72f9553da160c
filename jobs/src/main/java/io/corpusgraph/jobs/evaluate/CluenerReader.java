package io.corpusgraph.jobs.evaluate;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;


/**
 * CLUENER2020 JSON lines: {@code {"text": …, "label": {type: {surface: [[start, end], …]}}}}, offsets in
 * characters (code points) with the end inclusive; a line without {@code label} (the test split) has no entities.
 * Each surface must be the text at its offsets. Read like {@link JsonlReader}'s character offsets: in characters
 * for a token-classification model, in words (split as the pipeline splits any text) for a GLiNER model.
 */
final class CluenerReader {

    private CluenerReader() {}

    static List<GoldSentence> read(String dataset, BufferedReader in) throws IOException {
        return JsonlReader.readLines(dataset, in, (id, record, splitter) -> {
            String text = JsonFields.text(record, "text");
            return JsonlReader.sentence(id, text, entities(record, text), splitter, all -> List.of());
        });
    }

    /** The record's entities in code points (end inclusive), ordered by start, end and type. */
    private static List<Span> entities(JsonNode record, String text) {
        List<Span> spans = new ArrayList<>();
        JsonNode labels = record.get("label");
        if (labels == null || labels.isNull()) {
            return spans;
        }
        if (!labels.isObject()) {
            throw new IllegalArgumentException("'label' is not an object of types");
        }
        int length = text.codePointCount(0, text.length());
        for (Iterator<Map.Entry<String, JsonNode>> types = labels.fields(); types.hasNext(); ) {
            Map.Entry<String, JsonNode> type = types.next();
            if (!type.getValue().isObject()) {
                throw new IllegalArgumentException("label '" + type.getKey() + "' is not an object of surfaces");
            }
            for (Iterator<Map.Entry<String, JsonNode>> surfaces = type.getValue().fields(); surfaces.hasNext(); ) {
                Map.Entry<String, JsonNode> surface = surfaces.next();
                if (!surface.getValue().isArray()) {
                    throw new IllegalArgumentException("'" + surface.getKey() + "' has no list of [start, end] offsets");
                }
                for (JsonNode offsets : surface.getValue()) {
                    if (!offsets.isArray() || offsets.size() != 2 || !offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()) {
                        throw new IllegalArgumentException("'" + surface.getKey() + "': " + offsets + " is not [start, end]");
                    }
                    int start = offsets.get(0).asInt();
                    int end = offsets.get(1).asInt();
                    if (start < 0 || end < start || end >= length) {
                        throw new IllegalArgumentException("'" + surface.getKey() + "' [" + start + ", " + end
                                + "] is not within the text's " + length + " characters");
                    }
                    int from = text.offsetByCodePoints(0, start);
                    String at = text.substring(from, text.offsetByCodePoints(from, end - start + 1));
                    if (!at.equals(surface.getKey())) {
                        throw new IllegalArgumentException("'" + surface.getKey() + "' [" + start + ", " + end + "] is '" + at
                                + "' in the text");
                    }
                    spans.add(new Span(start, end, type.getKey()));
                }
            }
        }
        spans.sort(Comparator.comparingInt(Span::start).thenComparingInt(Span::end).thenComparing(Span::label));
        return spans;
    }
}
