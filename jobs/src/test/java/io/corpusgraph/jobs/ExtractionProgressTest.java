package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.extract.ExtractionProgress;
import io.corpusgraph.jobs.extract.ExtractionService;
import io.corpusgraph.jobs.input.CorpusReader;
import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.udfs.ExtractMetrics;

/** Issue 19, long runs: the driver logs documents done of total, documents/s and the time left while extracting. */
class ExtractionProgressTest {

    @TempDir
    Path dir;

    @Test
    void aProgressLineSaysDoneOfTotalRateAndTimeLeft() {
        assertEquals("extracting: 1,200 of 5,000 documents (24.0 %), 40.0 documents/s, about 1 min 35 s left; tasks 3 of 12",
                ExtractionProgress.line(1200, 5000, 30, 3, 12));
        assertEquals("extracting: 0 of 10 documents (0.0 %), 0.0 documents/s, time left not known yet",
                ExtractionProgress.line(0, 10, 5, 0, 0));
        assertEquals("extracting: 7 documents, 3.5 documents/s", ExtractionProgress.line(7, -1, 2, 0, 0));
    }

    @Test
    void theDriverLogsProgressWhileTheModelRuns() throws Exception {
        SparkSession spark = LocalSpark.session();
        Path corpus = dir.resolve("docs.jsonl");
        Fixtures.writeCorpus(corpus, 40, 7);
        ExtractConfig config = ExtractJob.parse("--input", corpus.toString(), "--input-format", "jsonl",
                "--output", dir.resolve("out").toString(), "--model", Fixtures.MODEL.toString(), "--device", "cpu",
                "--labels", String.join(",", Fixtures.LABELS), "--partitions", "4");
        ExtractMetrics metrics = ExtractMetrics.register(spark.sparkContext());
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ExtractionProgress progress = ExtractionProgress.start(spark.sparkContext(), () -> metrics.get(Counter.DOCUMENTS), 40,
                Duration.ofMillis(50), lines::add)) {
            ExtractionService.Extracted extracted = ExtractionService.extract(CorpusReader.read(spark, config.input()),
                    config.extraction(), config.partitions(), metrics);
            extracted.rows().unpersist();
            Thread.sleep(300);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("extracting: ") && l.contains(" of 40 documents")), lines.toString());
        assertTrue(lines.get(lines.size() - 1).startsWith("extracting: 40 of 40 documents (100.0 %)"), lines.toString());
    }
}
