package io.corpusgraph.jobs.bench;

import java.util.List;

/**
 * Whether one memory series stays flat over a run. The rule: leave out the first quarter of the samples
 * (start-up: JIT, ONNX session, Spark's first jobs), fit a least-squares line to the rest, and project
 * its growth over their time span. Flat when that growth is at most {@value #ALLOWED_MIB} MiB or
 * {@value #ALLOWED_SHARE} of the series' mean there, whichever is larger; growing otherwise; too short
 * with fewer than {@value #MIN_SAMPLES} samples left.
 *
 * @param slopeMibPerMinute of the fitted line
 * @param growthMib         the fitted line's rise over the samples it was fitted to
 */
public record MemoryTrend(double firstMib, double lastMib, double maxMib, double slopeMibPerMinute,
                          double growthMib, Verdict verdict) {

    public enum Verdict { FLAT, GROWING, TOO_SHORT }

    static final double ALLOWED_MIB = 32;
    static final double ALLOWED_SHARE = 0.10;
    static final int MIN_SAMPLES = 4;

    public static final String RULE = "leave out the first quarter of the samples, fit a least-squares line to the rest; "
            + "flat when its rise over their span is <= max(" + (int) ALLOWED_MIB + " MiB, " + (int) (ALLOWED_SHARE * 100)
            + "% of their mean), too short with fewer than " + MIN_SAMPLES + " samples left";

    /** @param seconds and {@code values} (MiB) are the samples in time order */
    public static MemoryTrend of(double[] seconds, double[] values) {
        int n = values.length;
        if (n == 0) {
            return new MemoryTrend(0, 0, 0, 0, 0, Verdict.TOO_SHORT);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        int from = n / 4;
        int m = n - from;
        if (m < MIN_SAMPLES) {
            return new MemoryTrend(values[0], values[n - 1], max, 0, 0, Verdict.TOO_SHORT);
        }
        double meanT = 0;
        double meanV = 0;
        for (int i = from; i < n; i++) {
            meanT += seconds[i] / m;
            meanV += values[i] / m;
        }
        double covariance = 0;
        double variance = 0;
        for (int i = from; i < n; i++) {
            covariance += (seconds[i] - meanT) * (values[i] - meanV);
            variance += (seconds[i] - meanT) * (seconds[i] - meanT);
        }
        double slope = variance > 0 ? covariance / variance : 0;  // MiB per second
        double growth = slope * (seconds[n - 1] - seconds[from]);
        Verdict verdict = growth <= Math.max(ALLOWED_MIB, ALLOWED_SHARE * meanV) ? Verdict.FLAT : Verdict.GROWING;
        return new MemoryTrend(values[0], values[n - 1], max, slope * 60, growth, verdict);
    }

    /** Flat only when every series is; growing when any one grows. */
    public static Verdict overall(List<MemoryTrend> trends) {
        if (trends.stream().anyMatch(t -> t.verdict == Verdict.GROWING)) {
            return Verdict.GROWING;
        }
        return trends.stream().allMatch(t -> t.verdict == Verdict.FLAT) ? Verdict.FLAT : Verdict.TOO_SHORT;
    }
}
