package io.corpusgraph.pipeline.tagging;

/**
 * A whole text tokenized once, without special tokens (contract §3.1): per token its id, its offsets in code
 * points of the text (end exclusive) and whether it continues a word (contract §3.4's {@code is_subword}).
 */
public record TextTokens(long[] ids, int[] starts, int[] ends, boolean[] subword) {

    public int count() {
        return ids.length;
    }
}
