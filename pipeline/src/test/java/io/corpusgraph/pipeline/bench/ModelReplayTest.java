package io.corpusgraph.pipeline.bench;

import io.corpusgraph.pipeline.spec.SpecConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.TestModels;
import io.corpusgraph.pipeline.encode.InputTensor;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The raw replay on the real tiny model, with the batches the extractor itself built. No timing checks. */
class ModelReplayTest {

    @Test
    void replaysTheBatchesTheExtractorRanThroughItsSession() throws Exception {
        try (Extractor extractor = Extractor.open(TestModels.cpu(TestModels.SPAN))) {
            BatchSample sample = new BatchSample(50, 1);
            List<Document> docs = IntStream.range(0, 12)
                    .mapToObj(i -> new Document("d" + i, "Ada Lovelace met Charles Babbage in London in 1833. ".repeat(1 + i % 3)))
                    .toList();
            extractor.batches().observe(sample);
            try {
                extractor.extract(docs, SpecConfig.defaults().withLabels(List.of("person", "location")).withBatchTokenBudget(256));
            } finally {
                extractor.batches().observe(null);
            }

            List<List<InputTensor>> batches = sample.batches();
            assertTrue(batches.size() > 1, "several batches");
            assertEquals(12, batches.stream().mapToLong(b -> b.get(0).shape()[0]).sum(), "every window once");

            ModelReplay.Rate rate = ModelReplay.run(extractor.runner(), batches, 2, 0);
            assertEquals(batches.size(), rate.batches());
            assertEquals(2L * batches.size(), rate.calls(), "each thread makes one pass when no time is asked for");
            assertEquals(2 * 12, rate.windows());
            assertTrue(rate.windowsPerSecond() > 0);
        }
    }
}
