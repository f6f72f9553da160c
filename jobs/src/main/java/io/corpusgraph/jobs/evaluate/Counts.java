package io.corpusgraph.jobs.evaluate;

/** Exact-match counts of one label (or of all labels together): precision, recall and F1 follow from them. */
public final class Counts {
    private long truePositives;
    private long falsePositives;
    private long falseNegatives;

    public Counts() {}

    public Counts(long truePositives, long falsePositives, long falseNegatives) {
        this.truePositives = truePositives;
        this.falsePositives = falsePositives;
        this.falseNegatives = falseNegatives;
    }

    void add(long tp, long fp, long fn) {
        truePositives += tp;
        falsePositives += fp;
        falseNegatives += fn;
    }

    void add(Counts other) {
        add(other.truePositives, other.falsePositives, other.falseNegatives);
    }

    public long tp() {
        return truePositives;
    }

    public long fp() {
        return falsePositives;
    }

    public long fn() {
        return falseNegatives;
    }

    /** Gold items: the number a paper's table calls support. */
    public long support() {
        return truePositives + falseNegatives;
    }

    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    @Override
    public String toString() {
        return "tp=" + truePositives + " fp=" + falsePositives + " fn=" + falseNegatives;
    }
}
