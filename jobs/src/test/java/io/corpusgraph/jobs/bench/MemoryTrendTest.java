package io.corpusgraph.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.corpusgraph.jobs.bench.MemoryTrend.Verdict;

class MemoryTrendTest {

    private static final double[] TIMES = IntStream.range(0, 40).mapToDouble(i -> i * 5.0).toArray();

    @Test
    void aFlatSeriesWithNoiseAndAStartUpRampIsFlat() {
        double[] values = new double[TIMES.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i < 8 ? 100 + 50 * i : 500) + (i % 3 == 0 ? 40 : -20);  // start-up ramp, then sawtooth
        }
        MemoryTrend trend = MemoryTrend.of(TIMES, values);
        assertEquals(Verdict.FLAT, trend.verdict());
        assertEquals(140, trend.firstMib(), 1e-9);
        assertEquals(540, trend.maxMib(), 1e-9);
    }

    @Test
    void steadyGrowthIsGrowingAndItsSlopeIsMeasured() {
        double[] values = IntStream.range(0, TIMES.length).mapToDouble(i -> 400 + 2.0 * TIMES[i]).toArray();  // 2 MiB/s
        MemoryTrend trend = MemoryTrend.of(TIMES, values);
        assertEquals(Verdict.GROWING, trend.verdict());
        assertEquals(120, trend.slopeMibPerMinute(), 1e-9);
        assertEquals(2.0 * (TIMES[39] - TIMES[10]), trend.growthMib(), 1e-9);
        assertEquals(400 + 2.0 * TIMES[39], trend.lastMib(), 1e-9);
    }

    @Test
    void smallGrowthWithinTheAllowanceIsFlat() {
        // 20 MiB over the fitted span of a 1000 MiB series: under max(32 MiB, 10 %).
        double[] values = IntStream.range(0, TIMES.length).mapToDouble(i -> 1000 + 20.0 * i / 39).toArray();
        assertEquals(Verdict.FLAT, MemoryTrend.of(TIMES, values).verdict());
        // 150 MiB on a 1000 MiB series: over 10 %.
        double[] more = IntStream.range(0, TIMES.length).mapToDouble(i -> 1000 + 200.0 * i / 39).toArray();
        assertEquals(Verdict.GROWING, MemoryTrend.of(TIMES, more).verdict());
    }

    @Test
    void tooFewSamplesGiveNoVerdict() {
        assertEquals(Verdict.TOO_SHORT, MemoryTrend.of(new double[] {0, 5, 10, 15}, new double[] {1, 2, 3, 4}).verdict());
        assertEquals(Verdict.TOO_SHORT, MemoryTrend.of(new double[0], new double[0]).verdict());
    }

    @Test
    void overallIsFlatOnlyWhenEverySeriesIs() {
        MemoryTrend flat = new MemoryTrend(1, 1, 1, 0, 0, Verdict.FLAT);
        MemoryTrend growing = new MemoryTrend(1, 9, 9, 5, 8, Verdict.GROWING);
        MemoryTrend shortOne = new MemoryTrend(1, 1, 1, 0, 0, Verdict.TOO_SHORT);
        assertEquals(Verdict.FLAT, MemoryTrend.overall(List.of(flat, flat)));
        assertEquals(Verdict.GROWING, MemoryTrend.overall(List.of(flat, growing)));
        assertEquals(Verdict.GROWING, MemoryTrend.overall(List.of(shortOne, growing)));
        assertEquals(Verdict.TOO_SHORT, MemoryTrend.overall(List.of(flat, shortOne)));
    }
}
