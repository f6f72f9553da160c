package io.corpusgraph.pipeline;

import java.io.Serializable;
import java.util.StringJoiner;

/**
 * One figure per {@link Counter} for the calls a caller made. A plain mutable object, not thread-safe:
 * keep one per thread or task and combine them with {@link #add(ExtractionStats)}.
 */
public final class ExtractionStats implements Serializable {
    private final long[] values = new long[Counter.values().length];

    public long get(Counter counter) {
        return values[counter.ordinal()];
    }

    /** Adds {@code value} to a sum, or raises a maximum to it. */
    public void add(Counter counter, long value) {
        int i = counter.ordinal();
        values[i] = counter.kind() == Counter.Kind.MAX ? Math.max(values[i], value) : values[i] + value;
    }

    /** Adds the time since {@code startNanos} to a stage timer; returns now, the next stage's start. */
    public long time(Counter stage, long startNanos) {
        long now = System.nanoTime();
        add(stage, now - startNanos);
        return now;
    }

    public void add(ExtractionStats other) {
        for (Counter counter : Counter.values()) {
            add(counter, other.get(counter));
        }
    }

    public long totalNanos() {
        return Counter.stages().stream().mapToLong(this::get).sum();
    }

    /** The task log's line: the counts that say how far a task got. */
    public String progress() {
        return get(Counter.DOCUMENTS) + " documents, " + get(Counter.WINDOWS) + " windows, " + get(Counter.ENTITIES)
                + " entities, " + get(Counter.RELATIONS) + " relations (" + get(Counter.RELATIONS_DROPPED) + " dropped), "
                + get(Counter.QUARANTINED) + " quarantined, " + get(Counter.ONNX_NANOS) / 1_000_000 + " ms in ONNX";
    }

    @Override
    public String toString() {
        StringJoiner line = new StringJoiner(" ");
        for (Counter counter : Counter.values()) {
            line.add(counter.stage() == null ? counter.key() + "=" + get(counter)
                    : String.format("%s_ms=%.1f", counter.stage(), get(counter) / 1e6));
        }
        return line.toString();
    }
}
