package io.corpusgraph.pipeline.encode;

/**
 * One window ready for the model.
 *
 * @param inputIds  token ids, special tokens and prompt included
 * @param wordsMask for each token: 0, or {@code i + 1} on the first sub-token of the window's word {@code i}
 * @param wordCount the window's words ({@code text_lengths})
 */
public record EncodedWindow(long[] inputIds, long[] wordsMask, int wordCount) {

    public int tokenCount() {
        return inputIds.length;
    }
}
