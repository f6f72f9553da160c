package io.corpusgraph.udfs;

import org.apache.spark.util.AccumulatorV2;

/** The largest value any task added. Unlike a sum, a retried task cannot inflate it. */
final class LongMaxAccumulator extends AccumulatorV2<Long, Long> {

    private long max;

    @Override
    public boolean isZero() {
        return max == 0;
    }

    @Override
    public AccumulatorV2<Long, Long> copy() {
        LongMaxAccumulator copy = new LongMaxAccumulator();
        copy.max = max;
        return copy;
    }

    @Override
    public void reset() {
        max = 0;
    }

    @Override
    public void add(Long value) {
        max = Math.max(max, value);
    }

    @Override
    public void merge(AccumulatorV2<Long, Long> other) {
        add(other.value());
    }

    @Override
    public Long value() {
        return max;
    }
}
