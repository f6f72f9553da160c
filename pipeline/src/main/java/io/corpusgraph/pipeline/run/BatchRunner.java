package io.corpusgraph.pipeline.run;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import ai.onnxruntime.OrtException;
import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.decode.WindowDecoder;
import io.corpusgraph.pipeline.encode.BatchPlanner;
import io.corpusgraph.pipeline.encode.BatchTensors;
import io.corpusgraph.pipeline.encode.EncodedWindow;
import io.corpusgraph.pipeline.encode.InputTensor;
import io.corpusgraph.pipeline.onnx.OnnxRunner;
import io.corpusgraph.pipeline.onnx.OutputTensor;

/**
 * Model inputs of any number of documents → length-sorted batches ({@link BatchPlanner}) → tensors → one
 * ONNX call per batch → decoded candidates handed to each task. Should ONNX Runtime reject a batch, its two
 * halves are tried apart, down to the single input that fails, so that only the task owning it fails and
 * its batch-mates keep their results. Thread-safe: it holds no per-call state.
 */
public final class BatchRunner<T> {
    private final BatchTensors tensors;
    private final OnnxRunner runner;
    private final WindowDecoder<T> decoder;
    /** Sees every batch's inputs before it runs; the benchmark keeps a sample of them to replay. */
    private volatile Consumer<List<InputTensor>> observer;

    public BatchRunner(BatchTensors tensors, OnnxRunner runner, WindowDecoder<T> decoder) {
        this.tensors = tensors;
        this.runner = runner;
        this.decoder = decoder;
    }

    /** Hands every later batch's inputs to {@code observer} (null: to nobody); it must not change them. */
    public void observe(Consumer<List<InputTensor>> watcher) {
        this.observer = watcher;
    }

    /** @param threshold candidates are the spans whose probability is strictly greater */
    public void run(List<? extends ModelTask<T>> tasks, double threshold, int batchTokenBudget, ExtractionStats stats) {
        int[] tokenCounts = tasks.stream().mapToInt(task -> task.encoded().tokenCount()).toArray();
        for (int[] batchIndexes : new BatchPlanner(batchTokenBudget).plan(tokenCounts)) {
            runBatch(Arrays.stream(batchIndexes).mapToObj(i -> (ModelTask<T>) tasks.get(i)).toList(), (float) threshold, stats);
        }
    }

    private void runBatch(List<ModelTask<T>> batch, float threshold, ExtractionStats stats) {
        long t0 = System.nanoTime();
        List<EncodedWindow> windows = batch.stream().map(ModelTask::encoded).toList();
        List<InputTensor> inputs = tensors.build(windows);
        long t1 = stats.time(Counter.TENSORS_NANOS, t0);
        countTokens(windows, inputs, stats);

        OutputTensor output;
        try {
            Consumer<List<InputTensor>> watching = observer;
            if (watching != null) {
                watching.accept(inputs);
            }
            output = runner.run(inputs);
        } catch (OrtException | RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).fail("model failed: " + e.getMessage());
            } else {
                int half = batch.size() / 2;
                runBatch(batch.subList(0, half), threshold, stats);
                runBatch(batch.subList(half, batch.size()), threshold, stats);
            }
            return;
        } finally {
            stats.add(Counter.ONNX_CALLS, 1);
            stats.time(Counter.ONNX_NANOS, t1);
        }

        long t2 = System.nanoTime();
        for (int row = 0; row < batch.size(); row++) {
            ModelTask<T> task = batch.get(row);
            task.accept(decoder.decode(output, row, task.encoded().wordCount(), threshold));
        }
        stats.time(Counter.DECODE_NANOS, t2);
    }

    /**
     * Tokens, padding, and the sequence length ONNX Runtime is actually given, read off the input_ids tensor
     * (the padded length).
     */
    private static void countTokens(List<EncodedWindow> batch, List<InputTensor> inputs, ExtractionStats stats) {
        int longest = batch.stream().mapToInt(EncodedWindow::tokenCount).max().orElse(0);
        for (EncodedWindow window : batch) {
            stats.add(Counter.TOKENS, window.tokenCount());
            stats.add(Counter.PADDED_TOKENS, longest - window.tokenCount());
        }
        for (InputTensor input : inputs) {
            if (input.name().equals("input_ids")) {
                stats.add(Counter.MAX_SEQUENCE_TOKENS, input.shape()[1]);
            }
        }
    }
}
