package io.corpusgraph.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class BenchmarkResultTest {

    static final List<String> STAGES = List.of("split", "tokenize", "tensors", "onnx", "decode", "relations", "spark", "write");

    @Test
    void stageFractionsSumToOneAndSparkIsTheRestOfTheExtractionPass() {
        Map<String, Double> measured = measured(0.5, 6, 1, 70, 2);
        StageSplit split = StageSplit.of(measured, 50, 10, 2);
        assertEquals(STAGES, new ArrayList<>(split.seconds().keySet()));
        assertEquals(1.0, split.fractions().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        assertEquals(100 - 79.5, split.seconds().get("spark"), 1e-9);
        assertEquals(20, split.seconds().get("write"), 1e-9);
        assertEquals(120, split.totalSeconds(), 1e-9);
        assertEquals(70 / 120.0, split.fractions().get("onnx"), 1e-9);
        assertEquals(0, split.fractions().get("relations"), 1e-9);
    }

    @Test
    void stagesTimedBeyondTheWallClockLeaveNoNegativeRest() {
        StageSplit split = StageSplit.of(measured(1, 1, 1, 30, 1), 10, 0, 2);
        assertEquals(0, split.seconds().get("spark"), 1e-9);
        assertEquals(1.0, split.fractions().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
    }

    @Test
    void jsonHasEverySectionInSnakeCaseAndMarkdownSumsItUp() throws Exception {
        BenchmarkResult result = example();
        JsonNode json = new ObjectMapper().readTree(result.toJson());
        for (String section : List.of("finished_at", "corpus", "setup", "counts", "throughput", "raw_model", "stages", "memory")) {
            assertTrue(json.has(section), "no " + section + " in " + json);
        }
        for (String key : List.of("documents_per_second", "words_per_second", "tokens_per_second", "padding_share",
                "extraction_seconds", "write_seconds")) {
            assertTrue(json.get("throughput").has(key), key);
        }
        for (String key : List.of("documents_per_second", "ratio", "target", "meets_target", "sampled_batches")) {
            assertTrue(json.get("raw_model").has(key), key);
        }
        assertEquals(STAGES, fieldNames(json.get("stages").get("fractions")));
        assertEquals(3, json.get("memory").get("samples").size());
        assertEquals("flat", json.get("memory").get("heap").get("verdict").asText().toLowerCase());
        assertEquals(400, json.get("memory").get("samples").get(0).get("rss_mib").asDouble(), 1e-9);

        String markdown = BenchmarkSummary.markdown(result);
        assertTrue(markdown.startsWith("## corpusgraph benchmark"));
        assertTrue(markdown.contains("| 100.0 | 4,000 | 6,000 | 10.0% | 125.0 | 0.80 (target 0.85) |"), markdown);
        for (String stage : STAGES) {
            assertTrue(markdown.contains("| " + stage + " | "), stage);
        }
        assertTrue(markdown.contains("Verdict: **flat**"), markdown);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, Double> measured(double split, double tokenize, double tensors, double onnx, double decode) {
        Map<String, Double> measured = new LinkedHashMap<>();
        measured.put("split", split);
        measured.put("tokenize", tokenize);
        measured.put("tensors", tensors);
        measured.put("onnx", onnx);
        measured.put("decode", decode);
        measured.put("relations", 0.0);
        return measured;
    }

    static BenchmarkResult example() {
        StageSplit stages = StageSplit.of(measured(0.5, 6, 1, 70, 2), 50, 10, 2);
        MemoryTrend trend = new MemoryTrend(100, 110, 120, 0.5, 4, MemoryTrend.Verdict.FLAT);
        return new BenchmarkResult("2026-01-01T00:00:00Z",
                new BenchmarkResult.Corpus("generated", 40, 42L),
                new BenchmarkResult.Setup("models/tiny-span", "cpu", 1, 2, 8192, 64, List.of("person"), "delta", 2, "17",
                        List.of(1.0, 2.0, 1.5)),
                new BenchmarkResult.Counts(6000, 6000, 0, 6000, 240_000, 360_000, 40_000, 9000),
                new BenchmarkResult.Throughput(50, 10, 60, 100, 4000, 6000, 0.1, 120),
                new BenchmarkResult.RawModel(64, 200, 500, 20, 2, 125, 125, 0.8, 0.96, 0.85, false, 0.77),
                stages,
                new BenchmarkResult.Memory(5, 50, List.of(new MemorySampler.Sample(5, 100, 1, 400),
                        new MemorySampler.Sample(10, 110, 2, 410), new MemorySampler.Sample(15, 105, 3, 405)),
                        trend, trend, trend, 120, 410, MemoryTrend.Verdict.FLAT, MemoryTrend.RULE));
    }
}
