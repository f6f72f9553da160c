package io.corpusgraph.jobs.evaluate;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** Field reads shared by the JSON gold readers, with errors that name the missing or wrong field. */
final class JsonFields {

    private JsonFields() {}

    /** A list field; absent or null means empty. */
    static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("'" + field + "' is not a list");
        }
        return (ArrayNode) value;
    }

    static int integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not an integer in " + node);
        }
        return value.asInt();
    }

    /** The first of the given fields that is present as text (formats say "type" or "label"). */
    static String text(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value != null && value.isTextual()) {
                return value.asText();
            }
        }
        throw new IllegalArgumentException("'" + String.join("' or '", fields) + "' is missing in " + node);
    }

    /** {@code relations: [{type or label, head, tail}]} with head and tail indexes into {@code entities}. */
    static List<SpanRelation> relations(JsonNode record, List<Span> entities) {
        List<SpanRelation> relations = new ArrayList<>();
        for (JsonNode relation : array(record, "relations")) {
            int head = integer(relation, "head");
            int tail = integer(relation, "tail");
            if (head < 0 || head >= entities.size() || tail < 0 || tail >= entities.size()) {
                throw new IllegalArgumentException("relation " + relation + " points outside the " + entities.size() + " entities");
            }
            relations.add(new SpanRelation(entities.get(head), text(relation, "type", "label"), entities.get(tail)));
        }
        return relations;
    }
}
