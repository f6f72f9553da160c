package io.corpusgraph.pipeline.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Why a threshold sweep needs one model pass: selecting at a higher threshold gives exactly the spans
 * selected at a lower one that score above the higher threshold (each greedy decision depends only on
 * more probable spans, and those are the same in both runs).
 */
class GreedySelectorThresholdTest {

    @Test
    void selectionAtAHigherThresholdIsTheLowerSelectionCutAtThatThreshold() {
        Random random = new Random(7);
        for (int trial = 0; trial < 2000; trial++) {
            List<Candidate> candidates = new ArrayList<>();
            int words = 2 + random.nextInt(12);
            for (int i = 0, n = random.nextInt(25); i < n; i++) {
                int start = random.nextInt(words);
                int end = Math.min(words - 1, start + random.nextInt(4));
                // Few distinct scores, so that ties happen too.
                candidates.add(new Candidate(start, end, random.nextInt(3), 0.3f + 0.05f * random.nextInt(14)));
            }
            float low = 0.3f;
            float high = 0.3f + 0.05f * random.nextInt(14);
            for (boolean flat : new boolean[] {true, false}) {
                for (boolean multi : new boolean[] {true, false}) {
                    GreedySelector selector = new GreedySelector(flat, multi);
                    List<Candidate> atHigh = selector.select(candidates.stream().filter(c -> c.score() > high).toList());
                    List<Candidate> cut = selector.select(candidates.stream().filter(c -> c.score() > low).toList())
                            .stream().filter(c -> c.score() > high).toList();
                    assertEquals(atHigh, cut, "trial " + trial + " flat " + flat + " multi " + multi);
                }
            }
        }
    }
}
