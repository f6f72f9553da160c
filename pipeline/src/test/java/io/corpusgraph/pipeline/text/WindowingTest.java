package io.corpusgraph.pipeline.text;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowingTest {

    private static int[] ones(int n) {
        int[] costs = new int[n];
        Arrays.fill(costs, 1);
        return costs;
    }

    @Test
    void shortTextIsOneWindow() {
        assertEquals(List.of(new Window(0, 5)), new Windowing(384, 32, 400).windows(ones(5)));
    }

    @Test
    void noWordsNoWindows() {
        assertEquals(List.of(), new Windowing(384, 32, 400).windows(new int[0]));
    }

    @Test
    void windowsOfMaxWordsOverlapByTheOverlap() {
        assertEquals(List.of(new Window(0, 40), new Window(28, 68), new Window(56, 96), new Window(84, 100)),
                new Windowing(40, 12, 1000).windows(ones(100)));
    }

    @Test
    void tokenBudgetEndsAWindowBeforeMaxWords() {
        int[] costs = {3, 3, 3, 3, 3, 3};
        assertEquals(List.of(new Window(0, 3), new Window(2, 5), new Window(4, 6)),
                new Windowing(10, 1, 10).windows(costs));
    }

    @Test
    void aWordLongerThanTheBudgetCostsTheBudgetAndGetsAWindowOfItsOwn() {
        int[] costs = {2, 500, 2};
        assertEquals(List.of(new Window(0, 1), new Window(1, 2), new Window(2, 3)),
                new Windowing(10, 5, 20).windows(costs));
    }

    @Test
    void overlapIsClampedBelowMaxWordsSoWindowsAlwaysAdvance() {
        List<Window> windows = new Windowing(3, 99, 100).windows(ones(6));
        assertEquals(List.of(new Window(0, 3), new Window(1, 4), new Window(2, 5), new Window(3, 6)), windows);
    }

    @Test
    void wordsWithoutTokensCostNothing() {
        assertEquals(List.of(new Window(0, 4)), new Windowing(10, 2, 2).windows(new int[] {1, 0, 0, 1}));
    }

    @Test
    void everyWordIsInSomeWindow() {
        int[] costs = new int[1000];
        for (int i = 0; i < costs.length; i++) {
            costs[i] = 1 + (i * 7) % 5;
        }
        List<Window> windows = new Windowing(50, 10, 120).windows(costs);
        int covered = 0;
        for (Window w : windows) {
            assertTrue(w.start() <= covered, "gap before " + w);
            covered = Math.max(covered, w.end());
        }
        assertEquals(costs.length, covered);
    }
}
