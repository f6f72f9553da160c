package io.corpusgraph.pipeline.bench;

import ai.onnxruntime.OrtException;
import io.corpusgraph.pipeline.encode.InputTensor;
import io.corpusgraph.pipeline.onnx.OnnxRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The "raw model" rate: batches already turned into ONNX tensors, fed straight to the session in a
 * loop by as many threads as the pipeline ran tasks at once. Nothing else runs, so this is the most
 * any pipeline could get out of the model with those batches.
 */
public final class ModelReplay {

    /** @param windows windows (batch rows) run in {@code seconds} of wall time, over all threads */
    public record Rate(int batches, long calls, long windows, double seconds) {
        public double windowsPerSecond() {
            return seconds > 0 ? windows / seconds : 0;
        }
    }

    private ModelReplay() {}

    /**
     * Every thread runs the {@code batches} in turn (each from a different starting point) until
     * {@code minSeconds} have passed, at least one pass; then the rows run per second of wall time.
     */
    public static Rate run(OnnxRunner runner, List<List<InputTensor>> batches, int threads, double minSeconds)
            throws OrtException, InterruptedException {
        if (batches.isEmpty()) {
            return new Rate(0, 0, 0, 0);
        }
        List<OnnxRunner.Prepared> tensors = new ArrayList<>(batches.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (List<InputTensor> batch : batches) {
                tensors.add(runner.prepare(batch));
            }
            int[] rows = batches.stream().mapToInt(b -> (int) b.get(0).shape()[0]).toArray();
            long deadline = System.nanoTime() + (long) (minSeconds * 1e9);
            long start = System.nanoTime();
            List<Future<long[]>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * batches.size() / threads;
                work.add(pool.submit(() -> loop(tensors, rows, offset, deadline)));
            }
            long calls = 0;
            long windows = 0;
            for (Future<long[]> done : work) {
                long[] counts = done.get();
                calls += counts[0];
                windows += counts[1];
            }
            return new Rate(batches.size(), calls, windows, (System.nanoTime() - start) / 1e9);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OrtException ort) {
                throw ort;
            }
            throw new IllegalStateException("raw model replay failed", e.getCause());
        } finally {
            pool.shutdownNow();
            tensors.forEach(OnnxRunner.Prepared::close);
        }
    }

    /** Batch after batch until the deadline, and at least one pass; returns {calls, windows}. */
    private static long[] loop(List<OnnxRunner.Prepared> tensors, int[] rows, int offset, long deadline)
            throws OrtException {
        long calls = 0;
        long windows = 0;
        while (calls < tensors.size() || System.nanoTime() < deadline) {
            int b = (int) ((offset + calls) % tensors.size());
            tensors.get(b).run();
            calls++;
            windows += rows[b];
        }
        return new long[] {calls, windows};
    }
}
