package io.corpusgraph.pipeline.bench;

import io.corpusgraph.pipeline.encode.InputTensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A uniform sample of the batches a run fed to the model (reservoir sampling): at most {@code capacity}
 * batches, each one of the run's batches equally likely to be in it, whatever the run's length.
 * Thread-safe: concurrent tasks offer their batches to one sample.
 */
public final class BatchSample implements Consumer<List<InputTensor>> {

    private final int capacity;
    private final SplittableRandom random;
    private final List<List<InputTensor>> kept = new ArrayList<>();
    private long seen;

    public BatchSample(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("sample capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized void accept(List<InputTensor> batch) {
        seen++;
        if (kept.size() < capacity) {
            kept.add(batch);
        } else {
            long slot = random.nextLong(seen);
            if (slot < capacity) {
                kept.set((int) slot, batch);
            }
        }
    }

    /** Batches offered so far. */
    public synchronized long seen() {
        return seen;
    }

    public synchronized List<List<InputTensor>> batches() {
        return List.copyOf(kept);
    }
}
