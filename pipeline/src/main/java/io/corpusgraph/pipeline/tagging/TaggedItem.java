package io.corpusgraph.pipeline.tagging;

/**
 * A token or word after aggregation: its label id, that label's score, its code point offsets (end exclusive).
 */
public record TaggedItem(int label, float score, int start, int end) {}
