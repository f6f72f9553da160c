package io.corpusgraph.jobs.evaluate;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dataset's entity counts at several thresholds from ONE model pass at the lowest of them. Greedy
 * selection takes candidates from the most probable down and each decision depends only on spans
 * already accepted, all more probable; so the selection at a higher threshold is exactly the selection
 * at the lowest one cut to the spans above the higher threshold (GreedySelectorThresholdTest pins this
 * down), and no candidate needs to be kept or selected again. (Token-level models: a span whose lowest
 * inside score equals a threshold exactly would differ; probabilities are floats, and that never shows.)
 */
public final class ThresholdSweep {
    private final Map<Double, LabelCounts> byThreshold = new TreeMap<>();
    private final boolean inclusive;

    /** @param labels the prompt labels: each gets a row, even with no gold and no prediction */
    public ThresholdSweep(Collection<Double> thresholds, Collection<String> labels) {
        this(thresholds, labels, false);
    }

    /**
     * @param inclusive a prediction scoring exactly a threshold is kept (a token-classification model keeps an
     *                  entity whose score is at least the threshold; its one-window sentences cut exactly as a
     *                  pass at each threshold would, and a window merge rarely differs); false: strictly above (GLiNER)
     */
    public ThresholdSweep(Collection<Double> thresholds, Collection<String> labels, boolean inclusive) {
        this.inclusive = inclusive;
        for (double threshold : thresholds) {
            LabelCounts counts = new LabelCounts();
            labels.forEach(counts::include);
            byThreshold.put(threshold, counts);
        }
    }

    /** The lowest threshold: the one the model runs at. */
    public double lowest() {
        return byThreshold.keySet().iterator().next();
    }

    /** Adds one sentence: {@code predicted} as selected at the lowest threshold. */
    public void add(List<ScoredSpan> predicted, GoldSentence gold) {
        byThreshold.forEach((threshold, counts) -> {
            // As the pipeline compares: float probability strictly above the float threshold.
            float cut = (float) threshold.doubleValue();
            List<Span> kept = predicted.stream().filter(p -> p.score() > cut || (inclusive && p.score() == cut))
                    .map(ScoredSpan::span).toList();
            counts.add(kept, gold.entities(), Span::label);
            counts.addMissed(gold.unaligned());
        });
    }

    public Map<Double, LabelCounts> byThreshold() {
        return byThreshold;
    }

    public LabelCounts at(double threshold) {
        return byThreshold.get(threshold);
    }
}
