package io.corpusgraph.jobs.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run's time went, in slot-seconds: a slot is one task running (Spark runs as many at once as
 * the executor has cores), so a run of {@code wall} seconds on {@code slots} slots has wall × slots to
 * spend. The extractor's stages are its own timers summed over tasks; {@code spark} is the rest of the
 * extraction pass (reading and shuffling the input, gating rows, building output rows, caching, idle
 * slots); {@code write} is the write pass's wall time × slots. The fractions therefore sum to 1.
 *
 * @param seconds   slot-seconds per stage, in pipeline order
 * @param fractions each stage's share of all slot-seconds
 */
public record StageSplit(Map<String, Double> seconds, Map<String, Double> fractions) {

    /** @param measured the extractor's stages in order (split, tokenize, tensors, onnx, decode, relations), in seconds */
    public static StageSplit of(Map<String, Double> measured, double extractionWallSeconds, double writeWallSeconds,
                                int slots) {
        Map<String, Double> seconds = new LinkedHashMap<>(measured);
        double inStages = measured.values().stream().mapToDouble(Double::doubleValue).sum();
        seconds.put("spark", Math.max(0, extractionWallSeconds * slots - inStages));
        seconds.put("write", writeWallSeconds * slots);
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> fractions = new LinkedHashMap<>();
        seconds.forEach((stage, s) -> fractions.put(stage, total > 0 ? s / total : 0));
        return new StageSplit(seconds, fractions);
    }

    public double totalSeconds() {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
