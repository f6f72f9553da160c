package io.corpusgraph.pipeline.encode;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchPlannerTest {

    @Test
    void sortsByLengthAndFillsEachBatchUpToTheBudget() {
        int[] lengths = {30, 10, 30, 10, 10};
        List<int[]> batches = new BatchPlanner(60).plan(lengths);
        // sorted: 10 (1), 10 (3), 10 (4), 30 (0), 30 (2); 4 × 30 = 120 does not fit, 2 × 30 = 60 does
        assertEquals(2, batches.size());
        assertArrayEquals(new int[] {1, 3, 4}, batches.get(0));
        assertArrayEquals(new int[] {0, 2}, batches.get(1));
    }

    @Test
    void aBatchStopsGrowingBeforeMoreThanAQuarterOfItIsPadding() {
        // 4 × 13 = 52 with 9 padding: fine. 4 × 16 = 64 with 18 padding: over a quarter.
        assertEquals(1, new BatchPlanner(1000).plan(new int[] {10, 10, 10, 13}).size());
        List<int[]> batches = new BatchPlanner(1000).plan(new int[] {16, 10, 10, 10});
        assertArrayEquals(new int[] {1, 2, 3}, batches.get(0));
        assertArrayEquals(new int[] {0}, batches.get(1));
    }

    @Test
    void everyBatchRespectsCountTimesLongestAndThePaddingShare() {
        int[] lengths = IntStream.range(0, 500).map(i -> 20 + (i * 37) % 300).toArray();
        for (int[] batch : new BatchPlanner(2048).plan(lengths)) {
            int longest = Arrays.stream(batch).map(i -> lengths[i]).max().orElseThrow();
            int real = Arrays.stream(batch).map(i -> lengths[i]).sum();
            assertTrue(batch.length == 1 || batch.length * longest <= 2048);
            assertTrue(batch.length * longest - real <= 0.25 * batch.length * longest);
        }
    }

    @Test
    void everyWindowIsPlannedExactlyOnce() {
        int[] lengths = IntStream.range(0, 300).map(i -> 1 + (i * 13) % 97).toArray();
        int[] seen = new int[lengths.length];
        new BatchPlanner(500).plan(lengths).forEach(batch -> Arrays.stream(batch).forEach(i -> seen[i]++));
        assertTrue(Arrays.stream(seen).allMatch(count -> count == 1));
    }

    @Test
    void aWindowLongerThanTheBudgetGoesAlone() {
        List<int[]> batches = new BatchPlanner(100).plan(new int[] {300, 10});
        assertArrayEquals(new int[] {1}, batches.get(0));
        assertArrayEquals(new int[] {0}, batches.get(1));
    }

    @Test
    void budgetMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new BatchPlanner(0));
    }
}
