package io.corpusgraph.jobs;

import io.corpusgraph.pipeline.spec.SpecConfig;
import static io.corpusgraph.jobs.Fixtures.GOOD;
import static io.corpusgraph.jobs.Fixtures.LABELS;
import static io.corpusgraph.jobs.Fixtures.MODEL;
import static io.corpusgraph.jobs.Fixtures.docIds;
import static io.corpusgraph.jobs.Fixtures.entities;
import static io.corpusgraph.jobs.Fixtures.on;
import static io.corpusgraph.jobs.Fixtures.runIds;
import static io.corpusgraph.jobs.Fixtures.table;
import static io.corpusgraph.jobs.Fixtures.write;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.jobs.run.RunReport;
import io.corpusgraph.jobs.run.RunSummary;
import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.Entity;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.udfs.EntityKeys;

/**
 * ExtractJob end to end: a real local SparkSession, real Delta tables, the real tiny ONNX model. One
 * baseline run is shared by the tests that only read its tables or must leave them untouched.
 */
class ExtractJobTest {


    static final LocalDate DAY = LocalDate.of(2024, 3, 2);
    static final int MAX_CHARS = 20_000;

    /** doc_id → the start of the reason it is quarantined. */
    static final Map<String, String> BAD = Map.of(
            "bad/empty.txt", "empty text",
            "bad/blank.txt", "empty text",
            "bad/latin1.txt", "undecodable bytes: not valid UTF-8 at byte 3",
            "bad/huge.txt", "too large: 20001 characters, limit 20000 characters");

    @TempDir
    static Path dir;
    static Path corpus;
    static Path baseline;
    static RunReport baselineReport;
    static final SparkSession spark = LocalSpark.session();
    static final AtomicInteger tasksEnded = new AtomicInteger();

    @BeforeAll
    static void runBaseline() throws IOException {
        corpus = dir.resolve("corpus");
        for (Map.Entry<String, String> doc : GOOD.entrySet()) {
            write(corpus.resolve(doc.getKey()), doc.getValue().getBytes(StandardCharsets.UTF_8));
        }
        write(corpus.resolve("bad/empty.txt"), new byte[0]);
        write(corpus.resolve("bad/blank.txt"), " \n\t ".getBytes(StandardCharsets.UTF_8));
        write(corpus.resolve("bad/latin1.txt"), "Café".getBytes(StandardCharsets.ISO_8859_1));
        write(corpus.resolve("bad/huge.txt"), "a".repeat(MAX_CHARS + 1).getBytes(StandardCharsets.UTF_8));
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                tasksEnded.incrementAndGet();
            }
        });
        baseline = dir.resolve("baseline");
        baselineReport = run(baseline, "--partitions", "4");
    }

    static ExtractConfig config(Path output, String... extra) {
        List<String> args = new ArrayList<>(List.of("--input", corpus.toString(), "--output", output.toString(),
                "--model", MODEL.toString(), "--device", "cpu", "--labels", String.join(",", LABELS),
                "--threshold", "0.1", "--max-document-chars", String.valueOf(MAX_CHARS), "--run-date", DAY.toString()));
        args.addAll(List.of(extra));
        return ExtractJob.parse(args.toArray(String[]::new));
    }

    static RunReport run(Path output, String... extra) {
        return ExtractJob.run(spark, config(output, extra));
    }

    static long deltaVersion(Path output, Table table) {
        return spark.sql("DESCRIBE HISTORY delta.`" + output.resolve(table.key()) + "`").agg(max("version"))
                .first().getLong(0);
    }

    @Test
    void everyInputDocumentIsOneRowOkOrQuarantinedWithTheReason() {
        Map<String, Row> docs = new TreeMap<>();
        for (Row r : table(baseline, Table.DOCUMENTS).collectAsList()) {
            assertEquals(null, docs.put(r.getAs("doc_id"), r), "one row per document");
        }
        assertEquals(GOOD.size() + BAD.size(), docs.size());
        for (String id : GOOD.keySet()) {
            Row r = docs.get(id);
            assertEquals("ok", r.getAs("status"), id);
            assertEquals(GOOD.get(id), r.getAs("text"));
            assertEquals(GOOD.get(id).codePointCount(0, GOOD.get(id).length()), (int) r.getAs("char_length"));
            assertEquals(baselineReport.runId(), r.getAs("run_id"));
            assertEquals(Extractor.describe(MODEL).modelId(), r.getAs("model_id"));
        }
        for (Map.Entry<String, String> bad : BAD.entrySet()) {
            Row r = docs.get(bad.getKey());
            assertEquals("quarantined", r.getAs("status"), bad.getKey());
            String error = r.getAs("error");
            assertTrue(error.startsWith(bad.getValue()), error);
        }
        assertTrue((int) docs.get("history/long.txt").getAs("window_count") > 1, "the long document took several windows");
        assertEquals(GOOD.size() + BAD.size(), baselineReport.documents());
        assertEquals(BAD.size(), baselineReport.quarantinedDocuments());
    }

    @Test
    void entityOffsetsAreCodePointsThatSparkSqlSubstringAgreesWith() {
        table(baseline, Table.DOCUMENTS).createOrReplaceTempView("d");
        table(baseline, Table.ENTITIES).createOrReplaceTempView("e");
        Row check = spark.sql("SELECT count(*) AS entities, "
                + "count_if(substring(d.text, e.start + 1, e.end - e.start) = e.text) AS matching, "
                + "count(DISTINCT e.doc_id) AS documents "
                + "FROM e JOIN d ON d.doc_id = e.doc_id AND d.run_id = e.run_id").first();
        assertTrue(check.getLong(0) > 10, "the test needs entities: " + check);
        assertEquals(check.getLong(0), check.getLong(1), "every entity's text is its substring");
        assertTrue(spark.sql("SELECT 1 FROM e WHERE doc_id = 'places/rocket.txt' AND start > 5").count() > 0,
                "entities after the emoji are checked too");
    }

    @Test
    void theTablesHoldExactlyWhatTheExtractorFinds() {
        List<Document> good = GOOD.entrySet().stream().map(e -> new Document(e.getKey(), e.getValue())).toList();
        ExtractionSpec params = SpecConfig.defaults().withLabels(LABELS).withThreshold(0.1);
        List<DocumentResult> direct = Extractor.shared(new RuntimeSettings(MODEL, "cpu", 1)).extract(good, params);
        Map<String, Float> expected = new TreeMap<>();
        for (DocumentResult result : direct) {
            for (Entity e : result.entities()) {
                expected.put(result.docId() + "|" + e.start() + "|" + e.end() + "|" + e.label(), e.score());
            }
        }
        Map<String, Float> actual = entities(baseline, DAY);
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((key, score) -> assertEquals(score, actual.get(key), 1e-4, key));
        assertEquals(expected.size(), baselineReport.entities());

        Row e = table(baseline, Table.ENTITIES).first();
        assertEquals(EntityKeys.entityId(e.getAs("doc_id"), e.getAs("start"), e.getAs("end"), e.getAs("label"), e.getAs("model_id")),
                e.getAs("entity_id"));
        assertEquals(EntityKeys.canonicalKey(e.getAs("text"), e.getAs("label")), e.getAs("canonical_key"));
    }

    @Test
    void theRunsTableRecordsTheRun() {
        Row run = table(baseline, Table.RUNS).first();
        assertEquals(1, table(baseline, Table.RUNS).count());
        assertEquals(baselineReport.runId(), run.getAs("run_id"));
        assertEquals((long) GOOD.size() + BAD.size(), (long) run.getAs("input_documents"));
        assertEquals((long) BAD.size(), (long) run.getAs("quarantined_documents"));
        assertEquals(baselineReport.entities(), (long) run.getAs("entities"));
        assertTrue(((String) run.getAs("config")).contains("\"labels\":[\"person\""), (String) run.getAs("config"));
        assertEquals(0, table(baseline, Table.RELATIONS).count(), "relations exist, empty until the relation work fills them");
    }

    @Test
    void theSameResultsWithOneAndWithFourPartitionsAndOneModelPerJvm() {
        int tasksBefore = tasksEnded.get();
        int sessionsBefore = Extractor.sessionsCreated();  // the baseline's; other classes in this JVM may use other models
        Path single = dir.resolve("single-partition");
        run(single, "--partitions", "1");
        assertEquals(entities(baseline, DAY), entities(single, DAY));
        List<String> baselineStatuses = table(baseline, Table.DOCUMENTS).orderBy("doc_id").select("doc_id", "status", "error")
                .collectAsList().stream().map(Row::toString).toList();
        assertEquals(baselineStatuses, table(single, Table.DOCUMENTS).orderBy("doc_id").select("doc_id", "status", "error")
                .collectAsList().stream().map(Row::toString).toList());

        assertTrue(tasksEnded.get() - tasksBefore > 4, "many tasks ran");
        assertEquals(sessionsBefore, Extractor.sessionsCreated(), "no new ONNX session: one per JVM and model, whatever the tasks and runs");
    }

    @Test
    void nightlyRunsReplaceTheirDateSkipWhatIsDoneAndBackfillWithoutTouchingOtherDates() throws IOException {
        Path output = dir.resolve("nightly");
        LocalDate yesterday = DAY.minusDays(1);
        LocalDate longAgo = DAY.minusDays(30);
        RunReport first = run(output, "--run-date", yesterday.toString());
        Path added = corpus.resolve("news/added.txt");
        write(added, "Ada Lovelace published her notes in London in 1843.".getBytes(StandardCharsets.UTF_8));
        try {
            RunReport incremental = run(output, "--incremental");
            RunReport rerun = run(output, "--incremental");
            RunReport backfill = run(output, "--run-date", longAgo.toString());

            // Incremental: only new content, and the quarantined documents (tried again).
            List<String> expected = Stream.concat(Stream.of("news/added.txt"), BAD.keySet().stream()).sorted().toList();
            assertEquals(expected, docIds(output, DAY));
            assertEquals(GOOD.size(), incremental.skippedDocuments());
            assertEquals(GOOD.size() + BAD.size() + 1, incremental.inputDocuments());
            // Rerun: the date's rows are replaced, not added to; its own rows do not count as done.
            assertEquals(incremental.documents(), rerun.documents());
            assertEquals(List.of(rerun.runId()), runIds(on(table(output, Table.DOCUMENTS), DAY)));
            assertEquals(List.of(rerun.runId()), runIds(on(table(output, Table.ENTITIES), DAY)));
            // Backfill: an older date is written, the other dates stay as they were.
            assertEquals(GOOD.size() + BAD.size() + 1, docIds(output, longAgo).size());
            assertEquals(List.of(backfill.runId()), runIds(on(table(output, Table.DOCUMENTS), longAgo)));
            assertEquals(List.of(first.runId()), runIds(on(table(output, Table.DOCUMENTS), yesterday)));
            assertEquals(entities(baseline, DAY), entities(output, yesterday), "same corpus, same model: same entities");
            assertEquals(3, table(output, Table.RUNS).count(), "one run row per date");
        } finally {
            Files.delete(added);
        }
    }

    @Test
    void aBrokenModelFolderFailsBeforeAnyTableIsTouched() throws IOException {
        Path broken = dir.resolve("broken-model");
        Files.createDirectories(broken);
        for (String file : List.of("model.onnx", "gliner_config.json")) {
            Files.copy(MODEL.resolve(file), broken.resolve(file));
        }
        long version = deltaVersion(baseline, Table.DOCUMENTS);
        int sessions = Extractor.sessionsCreated();

        JobSetupException e = assertThrows(JobSetupException.class, () -> run(baseline, "--model", broken.toString()));
        assertTrue(e.getMessage().startsWith("model.dir = " + broken), e.getMessage());
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
        assertEquals(version, deltaVersion(baseline, Table.DOCUMENTS));
        assertEquals(sessions, Extractor.sessionsCreated(), "the driver never opens a session");
    }

    @Test
    void labelsTheModelCannotTakeFailBeforeAnyTableIsTouched() {
        long version = deltaVersion(baseline, Table.ENTITIES);
        String tooMany = Stream.iterate(1, i -> i + 1).limit(300).map(i -> "label number " + i).collect(Collectors.joining(","));
        JobSetupException e = assertThrows(JobSetupException.class, () -> run(baseline, "--labels", tooMany));
        assertTrue(e.getMessage().startsWith("extraction settings do not suit model "), e.getMessage());
        assertTrue(e.getMessage().contains("labels take"), e.getMessage());
        assertEquals(version, deltaVersion(baseline, Table.ENTITIES));
    }

    @Test
    void anUnwritableOutputFailsBeforeAnything() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        JobSetupException e = assertThrows(JobSetupException.class, () -> run(file.resolve("tables")));
        assertTrue(e.getMessage().startsWith("output.path: cannot write to"), e.getMessage());
    }

    @Test
    void jsonLinesIntoParquetTablesQuarantineNullTextMissingIdsAndMalformedLines() throws IOException {
        Path jsonl = dir.resolve("docs.jsonl");
        Files.writeString(jsonl, String.join("\n",
                "{\"key\": 1, \"body\": \"Marie Curie worked at the University of Paris.\"}",
                "{\"key\": 2, \"body\": null}",
                "{\"body\": \"A record without its id.\"}",
                "{\"key\": 4, \"body\": \"cut short",
                ""));
        Path output = dir.resolve("parquet");
        run(output, "--input", jsonl.toString(), "--input-format", "jsonl", "--id-field", "key", "--text-field", "body",
                "--output-format", "parquet");

        Dataset<Row> docs = spark.read().parquet(output.resolve("documents").toString());
        Map<String, String> outcome = new TreeMap<>();
        for (Row r : docs.collectAsList()) {
            outcome.put(r.getAs("doc_id"), r.getAs("status") + ": " + r.getAs("error"));
        }
        String source = jsonl.toUri().toString();
        assertEquals(4, outcome.size(), outcome.toString());
        assertEquals("ok: null", outcome.get("1"));
        assertEquals("quarantined: null text", outcome.get("2"));
        assertTrue(outcome.entrySet().stream().anyMatch(e -> e.getKey().startsWith(source + "#missing-id-")
                && e.getValue().equals("quarantined: missing id")), outcome.toString());
        assertTrue(outcome.get("4").startsWith("quarantined: malformed JSON line 4: "), outcome.toString());

        spark.read().parquet(output.resolve("entities").toString()).createOrReplaceTempView("pe");
        docs.createOrReplaceTempView("pd");
        Row check = spark.sql("SELECT count(*), count_if(substring(pd.text, pe.start + 1, pe.end - pe.start) = pe.text) "
                + "FROM pe JOIN pd USING (doc_id, run_id)").first();
        assertEquals(check.getLong(0), check.getLong(1));
    }

    @Test
    void theSummaryCountsByLabelAndShowsTheSqlToQueryTheTables() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // the bundled conf's model needs no note; a stand-in model is announced with one
        ExtractConfig config = config(baseline, "--set", "model.note=the tiny test model stands in");
        RunSummary.print(config, TableStore.open(spark, config.output()), baselineReport, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String summary = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("documents   " + (GOOD.size() + BAD.size()) + ": " + GOOD.size() + " ok, " + BAD.size() + " quarantined"), summary);
        assertTrue(summary.contains("NOTE        the tiny test model stands in"), summary);
        assertTrue(summary.contains("most frequent entities"), summary);
        assertTrue(summary.contains("bad/latin1.txt"), summary);
        // The run's own tables: --output is in the follow-up commands (issue 19, item 17).
        assertTrue(summary.contains("bin/corpusgraph sql --output " + config.output().path() + " \"SELECT label, count(*)"), summary);
    }

    @Test
    void theSqlCommandSeesTheTablesUnderTheirNames() {
        SqlCommand.registerTables(spark, config(baseline).output());
        Row row = spark.sql("SELECT count(*) FROM documents JOIN runs USING (run_id)").first();
        assertEquals(GOOD.size() + BAD.size(), row.getLong(0));
        assertFalse(spark.sql("SELECT * FROM entities").isEmpty());
    }
}
