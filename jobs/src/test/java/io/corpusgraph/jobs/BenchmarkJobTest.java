package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.corpusgraph.jobs.bench.BenchmarkResult;

/** The benchmark end to end on a small generated corpus: real Spark, Delta tables, the tiny model. No timing checks. */
class BenchmarkJobTest {

    @TempDir
    Path dir;

    @Test
    void measuresAGeneratedCorpusThroughExtractJobAndWritesJsonAndMarkdown() throws Exception {
        BenchmarkJob job = new BenchmarkJob();
        // The settings of ExtractJobTest's runs, so that this JVM keeps its one ONNX session.
        Launcher.commandLine(job).parseArgs("--generate", "30", "--words", "25", "--model", Fixtures.MODEL.toString(),
                "--device", "cpu", "--labels", String.join(",", Fixtures.LABELS), "--raw-seconds", "0",
                "--sample-seconds", "1", "--report", dir.resolve("report").toString(), "--output", dir.resolve("tables").toString());
        BenchmarkResult result = job.measure(LocalSpark.session(), dir);

        assertEquals(30, result.counts().documents());
        assertEquals(30, result.counts().okDocuments());
        assertEquals(30, result.counts().windows(), "short documents: one window each");
        assertTrue(result.counts().words() > 30 * 25, "full stops are words too");
        assertTrue(result.rawModel().sampledBatches() > 0 && result.rawModel().documentsPerSecond() > 0);
        assertEquals(result.rawModel().batchesSeen(), result.rawModel().sampledBatches(), "a small run keeps every batch");
        assertEquals(1.0, result.stages().fractions().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        assertTrue(result.stages().seconds().get("onnx") > 0 && result.stages().seconds().get("tokenize") > 0);
        assertTrue(Files.isDirectory(dir.resolve("tables").resolve("entities")), "the tables were written");
        assertTrue(result.memory().samples().size() >= 2, "a sample at the start and one at the end");

        Path folder = job.writeReport(result);
        JsonNode json = new ObjectMapper().readTree(folder.resolve("benchmark.json").toFile());
        assertEquals(30, json.get("counts").get("documents").asLong());
        assertEquals("generated", json.get("corpus").get("source").asText());
        assertTrue(Files.readString(folder.resolve("benchmark.md")).contains("ratio to raw"));
        for (String chart : List.of("stage-shares.png", "throughput.png", "memory.png")) {
            byte[] png = Files.readAllBytes(folder.resolve(chart));
            assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', chart);
        }
    }
}
