package io.corpusgraph.pipeline.tagging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The entities of overlapping windows → one list (Hugging Face's {@code aggregate_overlapping_entities},
 * contract §3.8). Entities are sorted by start (a stable sort: equal starts keep window order); each one that
 * starts inside the previous kept entity ({@code prev.start ≤ start < prev.end}) replaces it when it is longer,
 * or equally long with a strictly higher score, and is dropped otherwise.
 */
public final class OverlapMerger {

    /** @param spans every window's entities, window by window */
    public List<TaggedSpan> merge(List<TaggedSpan> spans) {
        List<TaggedSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(TaggedSpan::start));
        List<TaggedSpan> kept = new ArrayList<>();
        TaggedSpan previous = null;
        for (TaggedSpan span : sorted) {
            if (previous == null) {
                previous = span;
            } else if (previous.start() <= span.start() && span.start() < previous.end()) {
                if (span.length() > previous.length()
                        || (span.length() == previous.length() && span.score() > previous.score())) {
                    previous = span;
                }
            } else {
                kept.add(previous);
                previous = span;
            }
        }
        if (previous != null) {
            kept.add(previous);
        }
        return kept;
    }
}
