package io.corpusgraph.jobs.evaluate;

/**
 * Words {@code start..end} (inclusive, 0-based) of one sentence with a type: what exact-match scoring compares. A
 * sentence scored by characters ({@link GoldSentence#byCharacters}) holds code points instead, end inclusive too.
 */
public record Span(int start, int end, String label) {}
