package io.corpusgraph.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.corpusgraph.jobs.charts.Charts;
import io.corpusgraph.jobs.config.EvaluateConfig;
import io.corpusgraph.jobs.evaluate.Counts;
import io.corpusgraph.jobs.evaluate.DatasetScores;
import io.corpusgraph.jobs.evaluate.EvaluationReport;
import io.corpusgraph.jobs.evaluate.GoldFormat;
import io.corpusgraph.jobs.evaluate.GoldSentence;
import io.corpusgraph.jobs.evaluate.LabelCounts;
import io.corpusgraph.jobs.evaluate.Span;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;

/**
 * EvaluateJob end to end with a real local SparkSession, the tiny span model through ONNX Runtime and a
 * Delta results table. The expected counts come from training/make_eval_golden.py (PyTorch and the
 * Python decoding), never from the Java code.
 */
class EvaluateJobTest extends RunFixture {

    static final Path RESOURCES = Fixtures.EVALUATE_RESOURCES;
    static final Path GOLD = RESOURCES.resolve("gold-bio.tsv");
    static final Path EXPECTED = RESOURCES.resolve("expected-tiny-span.json");

    static Path goldJsonl;
    static JsonNode expected;
    static EvaluateConfig config;
    static EvaluationReport report;
    static String printed;

    @BeforeAll
    static void evaluateOnce() throws IOException {
        expected = new ObjectMapper().readTree(EXPECTED.toFile());
        goldJsonl = dir.resolve("gold.jsonl");
        Files.writeString(goldJsonl, asJsonl(GOLD));
        List<String> args = new ArrayList<>(List.of(
                "--dataset", "gold-conll=conll:" + GOLD, "--dataset", "gold-jsonl=jsonl:" + goldJsonl,
                "--model", Fixtures.MODEL.toString(), "--device", "cpu",
                "--threshold", "0.5", "--thresholds", "0.25,0.4",
                "--output", dir.resolve("tables").toString(), "--run-date", "2024-03-02"));
        config = EvaluateJob.parse(Fixtures.withLabelMap(args, expected).toArray(String[]::new));
        report = EvaluateJob.run(spark, config);
        printed = Fixtures.markdown(report);
    }

    @Test
    void theReportFolderHoldsTheMarkdownAndItsCharts() throws IOException {
        Path folder = dir.resolve("report");
        List<Path> files = report.write(folder);
        assertEquals(List.of(folder.resolve("evaluation.md"), folder.resolve("f1-by-threshold.png"),
                folder.resolve("f1-by-label-gold-conll.png"), folder.resolve("f1-by-label-gold-jsonl.png")), files);
        assertEquals(printed, Files.readString(folder.resolve("evaluation.md")));
        for (Path png : files.subList(1, files.size())) {
            byte[] bytes = Files.readAllBytes(png);
            assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png.toString());
            assertTrue(Files.readString(Charts.svgOf(png)).contains("<svg"), "the SVG twin of " + png);
        }
    }

    /** The same sentences as character-offset JSON lines (the tokens have no characters the regex would split). */
    private static String asJsonl(Path conll) throws IOException {
        ObjectMapper json = new ObjectMapper();
        StringBuilder lines = new StringBuilder();
        try (BufferedReader in = Files.newBufferedReader(conll)) {
            for (GoldSentence s : GoldFormat.CONLL.read("x", in)) {
                int[] starts = new int[s.words().size()];
                for (int i = 1; i < starts.length; i++) {
                    starts[i] = starts[i - 1] + s.words().get(i - 1).length() + 1;
                }
                ObjectNode record = json.createObjectNode().put("text", String.join(" ", s.words()));
                ArrayNode entities = record.putArray("entities");
                for (Span span : s.entities()) {
                    entities.addObject().put("start", starts[span.start()])
                            .put("end", starts[span.end()] + s.words().get(span.end()).length()).put("label", span.label());
                }
                lines.append(json.writeValueAsString(record)).append('\n');
            }
        }
        return lines.toString();
    }

    @Test
    void countsPerLabelAndThresholdAreThoseOfThePythonEvaluation() {
        assertEquals(List.of(0.25, 0.4, 0.5), config.thresholds());
        DatasetScores conll = report.datasets().get(0);
        assertEquals(expected.get("labels").size(), conll.labels().size());
        expected.get("thresholds").fields().forEachRemaining(byThreshold -> {
            LabelCounts counts = conll.entities().at(Double.parseDouble(byThreshold.getKey()));
            byThreshold.getValue().fields().forEachRemaining(label -> {
                Counts c = counts.byLabel().get(label.getKey());
                JsonNode want = label.getValue();
                assertEquals(List.of(want.get("tp").asLong(), want.get("fp").asLong(), want.get("fn").asLong()),
                        List.of(c.tp(), c.fp(), c.fn()), "threshold " + byThreshold.getKey() + ", label " + label.getKey());
            });
        });
    }

    @Test
    void theSameGoldInAnotherFormatScoresTheSame() {
        DatasetScores conll = report.datasets().get(0);
        DatasetScores json = report.datasets().get(1);
        assertEquals("gold-jsonl", json.dataset().name());
        for (double t : config.thresholds()) {
            assertEquals(conll.entities().at(t).micro().toString(), json.entities().at(t).micro().toString());
        }
    }

    @Test
    void resultsAreAppendedToTheEvaluationsTableWithModelSettingsAndDate() {
        TableStore tables = TableStore.open(spark, config.output());
        List<Row> rows = tables.read(Table.EVALUATIONS).where(col("run_id").equalTo(report.runId())).collectAsList();
        int labels = report.datasets().get(0).labels().size();
        assertEquals(2 * 3 * (1 + labels), rows.size());
        Row micro = tables.read(Table.EVALUATIONS)
                .where(col("run_id").equalTo(report.runId()).and(col("dataset").equalTo("gold-conll"))
                        .and(col("threshold").equalTo(0.5)).and(col("label").isNull()))
                .first();
        Counts want = report.datasets().get(0).entities().at(0.5).micro();
        assertEquals(want.tp(), micro.<Long>getAs("tp"));
        assertEquals(want.support(), micro.<Long>getAs("support"));
        assertEquals(12L, micro.<Long>getAs("sentences"));
        assertEquals(report.modelId(), micro.getAs("model_id"));
        assertEquals("2024-03-02", micro.getAs(Table.RUN_DATE).toString());
        assertTrue(micro.<String>getAs("settings").contains("\"organisation\":\"organization\""), micro.<String>getAs("settings"));
    }

    @Test
    void theMarkdownHasADatasetTableWithAnAverageRowPerLabelRowsAndTheSweep() {
        Counts c = report.datasets().get(0).entities().at(0.5).micro();
        String row = String.format(java.util.Locale.ROOT, "| gold-conll | 12 | %.1f | %.1f | %.1f | %d |",
                100 * c.precision(), 100 * c.recall(), 100 * c.f1(), c.support());
        assertTrue(printed.contains(row), printed);
        assertTrue(printed.contains("| **average** | 24 |"), printed);
        assertTrue(printed.contains("| gold-conll | organization |"), printed);
        assertTrue(printed.contains("| dataset | 0.25 | 0.4 | 0.5 |"), printed);
    }

    @Test
    void badDatasetsFailBeforeTheModelRuns() {
        assertThrows(JobSetupException.class, () -> EvaluateJob.parse("--dataset", "x=csv:/tmp/x"));
        assertThrows(JobSetupException.class, () -> EvaluateJob.parse("--model", "m"));
        EvaluateConfig missing = EvaluateJob.parse("--dataset", "x=conll:" + dir.resolve("none.txt"),
                "--output", dir.resolve("other").toString());
        JobSetupException e = assertThrows(JobSetupException.class, () -> EvaluateJob.run(spark, missing));
        assertTrue(e.getMessage().startsWith("dataset x: "), e.getMessage());
    }
}
