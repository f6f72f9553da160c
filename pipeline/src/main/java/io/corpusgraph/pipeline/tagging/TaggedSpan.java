package io.corpusgraph.pipeline.tagging;

/** A group of items of one tag (contract §3.6): the tag, the mean of their scores, code point offsets (end exclusive). */
public record TaggedSpan(String tag, float score, int start, int end) {

    public int length() {
        return end - start;
    }
}
