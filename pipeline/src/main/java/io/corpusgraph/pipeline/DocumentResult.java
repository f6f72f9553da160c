package io.corpusgraph.pipeline;

import java.util.List;

/**
 * What came out of one document, in the order the documents went in.
 *
 * @param relations        relations between entities of {@code entities}; empty when no relation labels were given
 * @param droppedRelations relations the model found whose head or tail matched no entity, so not reported
 * @param error            null when extraction succeeded; otherwise a short reason (for example
 *                         {@code "empty text"}), and {@code entities} and {@code relations} are empty
 */
public record DocumentResult(
        String docId,
        List<Entity> entities,
        List<Relation> relations,
        int droppedRelations,
        int wordCount,
        int windowCount,
        String error) {

    /** A result without relations. */
    public DocumentResult(String docId, List<Entity> entities, int wordCount, int windowCount, String error) {
        this(docId, entities, List.of(), 0, wordCount, windowCount, error);
    }

    public boolean ok() {
        return error == null;
    }
}
