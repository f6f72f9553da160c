package io.corpusgraph.pipeline.tagging;

import io.corpusgraph.pipeline.TokenClassParams.Aggregation;

import io.corpusgraph.pipeline.text.Window;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A document's windows of token probabilities → its entities (contract §3.4 to §3.8), window by window:
 * pre-entities → items ({@link WordAggregator}) → groups ({@link EntityGrouper}) → filter: tag {@code O},
 * a score below the threshold, a tag not asked for → and, when there are several windows, the overlapping
 * windows' entities merged ({@link OverlapMerger}).
 */
public final class TagDecoding {
    private final WordAggregator aggregator;
    private final EntityGrouper grouper;
    private final float threshold;
    private final Set<String> tags;

    /**
     * @param labels    the model's labels by id
     * @param threshold a group is kept when its score is at least this
     * @param tags      the tags to keep (the others are dropped)
     */
    public TagDecoding(List<String> labels, Aggregation aggregation, double threshold, List<String> tags) {
        this.aggregator = new WordAggregator(aggregation);
        this.grouper = new EntityGrouper(labels);
        this.threshold = (float) threshold;
        this.tags = Set.copyOf(tags);
    }

    /**
     * @param scores  per window, per content token, the label probabilities
     * @param windows the windows' token ranges in {@code tokens}
     * @return the entities ordered by start
     */
    public List<TaggedSpan> decode(List<float[][]> scores, List<Window> windows, TextTokens tokens) {
        List<TaggedSpan> found = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            Window window = windows.get(w);
            List<PreEntity> pre = new ArrayList<>(window.wordCount());
            for (int t = window.start(); t < window.end(); t++) {
                pre.add(new PreEntity(scores.get(w)[t - window.start()], tokens.starts()[t], tokens.ends()[t], tokens.subword()[t]));
            }
            for (TaggedSpan span : grouper.group(aggregator.aggregate(pre))) {
                if (!span.tag().equals("O") && span.score() >= threshold && tags.contains(span.tag())) {
                    found.add(span);
                }
            }
        }
        return windows.size() > 1 ? new OverlapMerger().merge(found) : found;
    }
}
