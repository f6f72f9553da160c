package io.corpusgraph.udfs;

import org.apache.spark.util.AccumulatorV2;

/**
 * One {@link io.corpusgraph.pipeline.Counter}'s job-wide figure: a sum, or for a maximum the largest value any
 * task added (a retried task cannot inflate it).
 */
final class CounterAccumulator extends AccumulatorV2<Long, Long> {

    private final boolean max;
    private long value;

    CounterAccumulator(boolean max) {
        this.max = max;
    }

    @Override
    public boolean isZero() {
        return value == 0;
    }

    @Override
    public AccumulatorV2<Long, Long> copy() {
        CounterAccumulator copy = new CounterAccumulator(max);
        copy.value = value;
        return copy;
    }

    @Override
    public void reset() {
        value = 0;
    }

    @Override
    public void add(Long v) {
        value = max ? Math.max(value, v) : value + v;
    }

    @Override
    public void merge(AccumulatorV2<Long, Long> other) {
        add(other.value());
    }

    @Override
    public Long value() {
        return value;
    }
}
