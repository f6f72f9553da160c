package io.corpusgraph.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.corpusgraph.jobs.config.EvaluateConfig;
import io.corpusgraph.jobs.evaluate.Counts;
import io.corpusgraph.jobs.evaluate.DatasetScores;
import io.corpusgraph.jobs.evaluate.EvaluationReport;
import io.corpusgraph.jobs.evaluate.LabelCounts;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;

/**
 * EvaluateJob's relation scores end to end (real local SparkSession, the tiny span model through ONNX Runtime,
 * a Delta results table) on a hand-written SpERT file. The expected counts come from
 * training/make_eval_golden.py (PyTorch, the Python NER decoding and corpusgraph_train/relations.py).
 */
class EvaluateRelationsTest extends RunFixture {

    static final Path GOLD = Fixtures.EVALUATE_RESOURCES.resolve("gold-relations.json");
    static final Path EXPECTED = Fixtures.EVALUATE_RESOURCES.resolve("expected-tiny-span-relations.json");

    static JsonNode expected;
    static EvaluateConfig config;
    static EvaluationReport report;
    static String printed;

    @BeforeAll
    static void evaluateOnce() throws IOException {
        expected = new ObjectMapper().readTree(EXPECTED.toFile());
        List<String> args = new ArrayList<>(List.of(
                "--dataset", "gold-spert=spert:" + GOLD,
                "--model", Fixtures.MODEL.toString(), "--device", "cpu",
                "--threshold", expected.get("threshold").asText(),
                "--relation-threshold", expected.get("relation_threshold").asText(),
                "--output", dir.resolve("tables").toString(), "--run-date", "2024-03-02"));
        config = EvaluateJob.parse(Fixtures.withLabelMap(args, expected).toArray(String[]::new));
        report = EvaluateJob.run(spark, config);
        printed = Fixtures.markdown(report);
    }

    private static void assertCounts(JsonNode want, LabelCounts counts, String task) {
        List<String> labels = new ArrayList<>();
        want.fieldNames().forEachRemaining(labels::add);
        assertEquals(labels, List.copyOf(counts.byLabel().keySet()), task);
        want.fields().forEachRemaining(label -> {
            Counts c = counts.byLabel().get(label.getKey());
            JsonNode w = label.getValue();
            assertEquals(List.of(w.get("tp").asLong(), w.get("fp").asLong(), w.get("fn").asLong()),
                    List.of(c.tp(), c.fp(), c.fn()), task + ", label " + label.getKey());
        });
    }

    @Test
    void relationCountsPerLabelAreThoseOfThePythonReference() {
        DatasetScores spert = report.datasets().get(0);
        List<String> relationLabels = new ArrayList<>();
        expected.get("relation_labels").forEach(l -> relationLabels.add(l.asText()));
        assertEquals(relationLabels, spert.relations().orElseThrow().labels());
        assertCounts(expected.get("relations"), spert.relations().orElseThrow().counts(), "relations");
        assertEquals(expected.get("dropped_relations").asLong(), spert.relations().get().dropped().get(),
                "relations whose head or tail is no entity of the sentence");
        assertTrue(spert.relations().get().counts().micro().tp() > 0, "the case has a true positive");
    }

    @Test
    void entityCountsOfTheSameRunAreThoseOfThePythonReference() {
        assertCounts(expected.get("entities"), report.datasets().get(0).entities().at(config.threshold()), "entities");
    }

    @Test
    void relationRowsAreAppendedWithTheRelationThreshold() {
        List<Row> rows = TableStore.open(spark, config.output()).read(Table.EVALUATIONS)
                .where(col("run_id").equalTo(report.runId()).and(col("task").equalTo(EvaluationReport.RELATIONS)))
                .collectAsList();
        assertEquals(1 + expected.get("relation_labels").size(), rows.size());
        Row micro = rows.stream().filter(r -> r.isNullAt(r.fieldIndex("label"))).findFirst().orElseThrow();
        Counts want = report.datasets().get(0).relations().orElseThrow().counts().micro();
        assertEquals(List.of(want.tp(), want.fp(), want.fn()),
                List.of(micro.<Long>getAs("tp"), micro.<Long>getAs("fp"), micro.<Long>getAs("fn")));
        assertEquals(expected.get("relation_threshold").asDouble(), micro.<Double>getAs("threshold"));
        assertEquals(10L, micro.<Long>getAs("sentences"));
    }

    @Test
    void theMarkdownSaysRelationsAreScoredOnTheModelsOwnEntities() {
        assertTrue(printed.contains("heads and tails are the model's own entities"), printed);
        assertTrue(printed.contains("| gold-spert | works for |"), printed);
        assertTrue(printed.contains("| support | dropped |"), printed);
    }

    @Test
    void relationLabelsAndThresholdCanBeSetAndAreChecked() {
        EvaluateConfig set = EvaluateJob.parse("--dataset", "x=spert:" + GOLD,
                "--relation-labels", "Works For,lives in", "--relation-threshold", "0.2");
        assertEquals(List.of("works for", "lives in"), set.relationLabels());
        assertEquals(0.2, set.relationThreshold());
        assertThrows(JobSetupException.class, () -> EvaluateJob.parse("--dataset", "x=spert:" + GOLD, "--relation-threshold", "1.5"));
    }
}
