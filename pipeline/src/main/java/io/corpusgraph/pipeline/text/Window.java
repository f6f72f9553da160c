package io.corpusgraph.pipeline.text;

/** Words {@code [start, end)} of a document that go through the model together. */
public record Window(int start, int end) {
    public int wordCount() {
        return end - start;
    }
}
