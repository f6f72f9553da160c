package io.corpusgraph.pipeline;

/** The range checks every setting shares, each written once; messages read {@code key = value: must be …}. */
public final class Checks {
    private Checks() {}

    /** A probability threshold: within [0, 1] (NaN is not). */
    public static double probability(String key, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new SettingsException(key + " = " + value + ": must be in [0, 1]");
        }
        return value;
    }

    public static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new SettingsException(key + " = " + value + ": must be at least " + min);
        }
        return value;
    }
}
