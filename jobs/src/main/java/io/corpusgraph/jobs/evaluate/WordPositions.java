package io.corpusgraph.jobs.evaluate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.corpusgraph.pipeline.text.Words;

/**
 * The model reads a gold sentence as its tokens joined by single spaces; this turns code point offsets into
 * that text back into positions of the gold tokens, which is what gold spans are compared by.
 */
public final class WordPositions {
    private final Map<Integer, Integer> wordStartingAt = new HashMap<>();
    private final Map<Integer, Integer> wordEndingAt = new HashMap<>();

    public WordPositions(List<String> goldWords) {
        Words words = Words.joined(goldWords);
        for (int i = 0; i < words.count(); i++) {
            wordStartingAt.put(words.codePointStart(i), i);
            wordEndingAt.put(words.codePointEnd(i), i);
        }
    }

    /** Code points [start, end) → the words from the one starting at {@code start} to the one ending at {@code end}. */
    public Span span(int start, int end, String label) {
        return new Span(wordStartingAt.get(start), wordEndingAt.get(end), label);
    }
}
