package io.corpusgraph.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corpusgraph.pipeline.encode.InputTensor;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BatchSampleTest {

    private static List<InputTensor> batch(int id) {
        return List.of(new InputTensor("input_ids", InputTensor.Type.INT64, new long[] {1, 1}, new long[] {id}));
    }

    private static int id(List<InputTensor> batch) {
        return (int) batch.get(0).values()[0];
    }

    @Test
    void keepsEveryBatchWhileThereIsRoom() {
        BatchSample sample = new BatchSample(10, 1);
        IntStream.range(0, 7).forEach(i -> sample.accept(batch(i)));
        assertEquals(7, sample.seen());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), sample.batches().stream().map(BatchSampleTest::id).toList());
    }

    @Test
    void keepsAtMostItsCapacitySpreadOverTheWholeRun() {
        BatchSample sample = new BatchSample(100, 7);
        IntStream.range(0, 10_000).forEach(i -> sample.accept(batch(i)));
        List<Integer> kept = sample.batches().stream().map(BatchSampleTest::id).toList();
        assertEquals(100, kept.size());
        assertEquals(100, kept.stream().distinct().count());
        assertEquals(10_000, sample.seen());
        // A uniform sample of 0..9999 has batches from both halves, not just the first ones offered.
        assertTrue(kept.stream().filter(i -> i >= 5000).count() > 25, kept.toString());
        assertTrue(kept.stream().filter(i -> i < 5000).count() > 25, kept.toString());
    }

    @Test
    void aSampleNeedsRoom() {
        assertThrows(IllegalArgumentException.class, () -> new BatchSample(0, 1));
    }
}
