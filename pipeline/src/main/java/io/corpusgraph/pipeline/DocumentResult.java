package io.corpusgraph.pipeline;

import java.util.List;

/**
 * What came out of one document, in the order the documents went in.
 *
 * @param error null when extraction succeeded; otherwise a short reason (for example
 *              {@code "empty text"}), and {@code entities} is empty
 */
public record DocumentResult(
        String docId,
        List<Entity> entities,
        int wordCount,
        int windowCount,
        String error) {

    public boolean ok() {
        return error == null;
    }
}
