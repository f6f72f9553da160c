package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import io.corpusgraph.jobs.evaluate.Counts;
import io.corpusgraph.jobs.evaluate.DatasetScores;
import io.corpusgraph.jobs.evaluate.EvaluationReport;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.run.RunReport;
import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.Entity;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.spec.SpecConfig;

/**
 * A token-classification (BIO) model through the jobs: ExtractJob writing real Delta tables (the shipped Chinese
 * model on sample-data/docs-zh when the folder is there, else the tiny English test model), whose offsets Spark SQL's
 * substring reproduces; EvaluateJob on CLUENER-format gold, scored by characters.
 */
class TokenClassificationJobsTest extends RunFixture {
    static final Path TINY_BIO = Path.of("../pipeline/src/test/resources/models/tiny-bio").toAbsolutePath().normalize();
    static final Path ZH = Path.of("../sample-data/models/corpusgraph-zh-cluener-v1").toAbsolutePath().normalize();
    static final Path DOCS_ZH = Path.of("../sample-data/docs-zh").toAbsolutePath().normalize();

    @Test
    void extractJobWritesEntitiesWhoseOffsetsSparkSqlReproduces() throws IOException {
        boolean chinese = Files.isDirectory(ZH);
        Path input = dir.resolve("docs-bio");
        Files.createDirectories(input);
        try (var files = Files.list(DOCS_ZH)) {
            for (Path file : files.toList()) {
                Files.copy(file, input.resolve(file.getFileName()));
            }
        }
        Files.writeString(input.resolve("mixed.txt"), "🐒 Angela Merkel met 马化腾 in Berlin 😀 and Paris.");
        Path output = dir.resolve("tables-bio");
        RunReport run = ExtractJob.run(spark, ExtractJob.parse("--input", input.toString(), "--output", output.toString(),
                "--model", (chinese ? ZH : TINY_BIO).toString(), "--device", "cpu", "--run-date", "2024-05-01",
                "--threshold", "0.3"));
        assertEquals(5, run.okDocuments());
        assertTrue(run.entities() > 0);
        spark.read().format("delta").load(output.resolve("entities").toString()).createOrReplaceTempView("bio_entities");
        spark.read().format("delta").load(output.resolve("documents").toString()).createOrReplaceTempView("bio_documents");
        List<Row> rows = spark.sql("SELECT e.text, substring(d.text, e.start + 1, e.end - e.start) AS cut, e.label, e.model_id "
                + "FROM bio_entities e JOIN bio_documents d ON e.doc_id = d.doc_id AND e.run_id = d.run_id").collectAsList();
        assertEquals(run.entities(), rows.size());
        Set<String> tags = new HashSet<>(Extractor.modelTags(chinese ? ZH : TINY_BIO));
        for (Row row : rows) {
            assertEquals(row.getString(0), row.getString(1), "substring(text, start + 1, end - start)");
            assertTrue(tags.contains(row.getString(2)), row.getString(2));
        }
        assertTrue(rows.get(0).getString(3).startsWith(chinese ? "corpusgraph-zh-cluener-v1" : "tiny-bio"), rows.get(0).getString(3));
        String settings = spark.read().format("delta").load(output.resolve("runs").toString())
                .select("output_settings").first().getString(0);
        assertTrue(settings.contains("token-classification aggregation=first window-tokens=512 stride=128"), settings);
    }

    /**
     * CLUENER JSON lines with the tiny model's tags: gold by characters (end inclusive). The true positives are the
     * Extractor's own entities (threshold 0) that match a gold span exactly, counted here directly.
     */
    @Test
    void evaluateJobScoresByCharacters() throws IOException {
        List<String> texts = List.of("Angela Merkel visited Berlin.", "😀 Barack Obama met the Reuters staff in Paris.");
        Path gold = dir.resolve("gold-cluener.jsonl");
        Files.writeString(gold, String.join("\n",
                "{\"text\": \"" + texts.get(0) + "\", \"label\": {\"person\": {\"Angela Merkel\": [[0, 12]]}, \"location\": {\"Berlin\": [[22, 27]]}}}",
                "{\"text\": \"" + texts.get(1) + "\", \"label\": {\"person\": {\"Barack Obama\": [[2, 13]]}, "
                        + "\"organisation\": {\"Reuters\": [[23, 29]]}, \"location\": {\"Paris\": [[40, 44]]}}}") + "\n");
        EvaluationReport report = EvaluateJob.run(spark, EvaluateJob.parse("--dataset", "zh=cluener:" + gold,
                "--model", TINY_BIO.toString(), "--device", "cpu", "--threshold", "0",
                "--output", dir.resolve("tables-eval").toString(), "--run-date", "2024-05-02"));
        DatasetScores scores = report.datasets().get(0);
        assertEquals(List.of("location", "misc", "organisation", "person"), scores.labels());
        Counts micro = scores.entities().at(0.0).micro();
        assertEquals(5, micro.tp() + micro.fn());

        Set<String> goldSpans = Set.of("0 13 person", "22 28 location", "2 14 person", "23 30 organisation", "40 45 location");
        long matched = 0;
        long predicted = 0;
        var extractor = Extractor.shared(new RuntimeSettings(TINY_BIO, "cpu", 1));
        var spec = SpecConfig.defaults().withModel(new RuntimeSettings(TINY_BIO, "cpu", 1)).withLabels(null).withThreshold(0.0);
        for (String text : texts) {
            for (Entity e : extractor.extract(List.of(new Document("x", text)), spec).get(0).entities()) {
                predicted++;
                matched += goldSpans.contains(e.start() + " " + e.end() + " " + e.label().toLowerCase(Locale.ROOT)) ? 1 : 0;
            }
        }
        assertEquals(matched, micro.tp());
        assertEquals(predicted - matched, micro.fp());
        String markdown = Fixtures.markdown(report);
        assertTrue(markdown.contains("Entities, exact (start and end character, label)"), markdown);
        assertTrue(report.config().settingsJson().contains("\"token-classification\""), report.config().settingsJson());
    }

    @Test
    void relationLabelsAreRefusedForATokenClassificationModel() {
        JobSetupException e = assertThrows(JobSetupException.class, () -> ExtractJob.run(spark, ExtractJob.parse(
                "--input", corpus.toString(), "--output", dir.resolve("tables-rel").toString(), "--model", TINY_BIO.toString(),
                "--device", "cpu", "--set", "relations.labels=[\"works for\"]")));
        assertTrue(e.getMessage().contains("finds entities only, no relations"), e.getMessage());
    }
}
