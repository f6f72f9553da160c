package io.corpusgraph.jobs.evaluate;

/** Words {@code start..end} (inclusive, 0-based) of one sentence with a type: what exact-match scoring compares. */
public record Span(int start, int end, String label) {}
