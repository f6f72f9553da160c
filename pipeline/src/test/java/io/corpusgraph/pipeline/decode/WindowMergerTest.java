package io.corpusgraph.pipeline.decode;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WindowMergerTest {

    @Test
    void shiftsToDocumentPositionsAndKeepsTheHighestScorePerSpanAndLabel() {
        WindowMerger merger = new WindowMerger();
        merger.add(List.of(new Candidate(5, 6, 0, 0.7f), new Candidate(1, 1, 1, 0.6f)), 0);
        merger.add(List.of(new Candidate(1, 2, 0, 0.9f), new Candidate(1, 2, 1, 0.55f)), 4);
        merger.add(List.of(new Candidate(0, 1, 0, 0.65f)), 5);
        assertEquals(new HashSet<>(List.of(
                        new Candidate(5, 6, 0, 0.9f),
                        new Candidate(5, 6, 1, 0.55f),
                        new Candidate(1, 1, 1, 0.6f))),
                new HashSet<>(merger.candidates()));
    }
}
