package io.corpusgraph.pipeline;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;


/**
 * Which relations to extract after the entities, with GLiNER's prompted method (see {@link RelationPrompts}).
 *
 * @param labels    relation names, e.g. "works for"; empty: no relation pass at all
 * @param schema    allowed (head entity label, tail entity label) pairs; empty: any pair. Entities whose label
 *                  is no head label of the schema are not offered as heads, which also saves prompt room.
 * @param threshold a tail is a candidate when its probability is strictly greater than this
 */
public record RelationParams(List<String> labels, List<List<String>> schema, double threshold) implements Serializable {

    public static final RelationParams NONE = new RelationParams(List.of(), List.of(), 0.5);

    public RelationParams {
        labels = labels == null ? List.of() : List.copyOf(labels);
        schema = schema == null ? List.of() : schema.stream().map(List::copyOf).toList();
    }

    public boolean enabled() {
        return !labels.isEmpty();
    }

    public boolean allows(String headLabel, String tailLabel) {
        return schema.isEmpty() || schema.contains(List.of(headLabel, tailLabel));
    }

    public boolean mayBeHead(String entityLabel) {
        return schema.isEmpty() || schema.stream().anyMatch(pair -> pair.get(0).equals(entityLabel));
    }

    /** Throws IllegalArgumentException naming the bad setting. */
    public void check(List<String> entityLabels) {
        Checks.probability("relations threshold", threshold);
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (label == null || label.isBlank()) {
                throw new SettingsException("relations: a relation label is blank");
            }
            if (!seen.add(label)) {
                throw new SettingsException("relations: '" + label + "' is given more than once");
            }
        }
        for (List<String> pair : schema) {
            if (pair.size() != 2) {
                throw new SettingsException("relations: a schema entry is a [head label, tail label] pair, got " + pair);
            }
            for (String label : pair) {
                if (!entityLabels.contains(label)) {
                    throw new SettingsException("relations: schema label '" + label + "' is not one of the entity labels "
                            + entityLabels);
                }
            }
        }
    }
}
