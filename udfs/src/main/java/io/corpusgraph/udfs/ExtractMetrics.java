package io.corpusgraph.udfs;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

import org.apache.spark.SparkContext;
import org.apache.spark.util.AccumulatorV2;

import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.ExtractionStats;

/**
 * Job-wide figures summed over every task through Spark accumulators, one per {@link Counter}, named
 * {@code corpusgraph.<key>} (visible in the Spark UI). A retried task adds its figures again, so these are
 * progress figures; the tables' own counts are the exact ones.
 */
public final class ExtractMetrics implements Serializable {

    private final Map<Counter, AccumulatorV2<Long, Long>> accumulators = new EnumMap<>(Counter.class);

    private ExtractMetrics(SparkContext spark) {
        for (Counter counter : Counter.values()) {
            AccumulatorV2<Long, Long> accumulator = new CounterAccumulator(counter.kind() == Counter.Kind.MAX);
            spark.register(accumulator, "corpusgraph." + counter.key());
            accumulators.put(counter, accumulator);
        }
    }

    /** Call on the driver, before the job runs. */
    public static ExtractMetrics register(SparkContext spark) {
        return new ExtractMetrics(spark);
    }

    void add(ExtractionStats batch) {
        accumulators.forEach((counter, accumulator) -> accumulator.add(batch.get(counter)));
    }

    public long get(Counter counter) {
        return accumulators.get(counter).value();
    }

    /** Every counter's job-wide figure so far. */
    public ExtractionStats stats() {
        ExtractionStats stats = new ExtractionStats();
        accumulators.forEach((counter, accumulator) -> stats.add(counter, accumulator.value()));
        return stats;
    }
}
