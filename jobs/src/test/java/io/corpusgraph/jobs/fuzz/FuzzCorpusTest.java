package io.corpusgraph.jobs.fuzz;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.corpusgraph.jobs.ExtractJob;
import io.corpusgraph.jobs.LocalSpark;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.run.RunReport;

/**
 * ExtractJob over {@link FuzzCorpus}: the folder of odd files on one date, the odd JSON lines on
 * another, into the same Delta tables, with labels full of odd characters. Every input document is
 * accounted for, every quarantine has a reason, offsets hold in Spark SQL, no ONNX input exceeds the
 * model's token limit, and the one document ONNX Runtime fails on is the only one it costs.
 */
class FuzzCorpusTest {

    static final Path MODEL = Path.of("../pipeline/src/test/resources/models/tiny-span").toAbsolutePath().normalize();
    static final LocalDate FILES_DAY = LocalDate.of(2024, 5, 1);
    static final LocalDate JSONL_DAY = LocalDate.of(2024, 5, 2);
    static final String ODD_LABELS = "[\"per son\", \"org/ä\", \"🚀 rocket\", \"date, year\", \"it's \\\"q\\\"\", \"a`b; DROP TABLE x\"]";
    static final int TOKEN_LIMIT = 512;
    /** Keeps CI affordable: the 10 MB document and the 10^5-word one (500,000 characters) are quarantined by size. */
    static final int MAX_CHARS = 200_000;

    @TempDir
    static Path dir;
    static final SparkSession spark = LocalSpark.session();
    static FuzzCorpus.Written corpus;
    static Path output;
    static RunReport filesRun;
    static RunReport jsonlRun;

    @BeforeAll
    static void runOverTheFuzzCorpus() throws IOException {
        corpus = FuzzCorpus.write(dir.resolve("corpus"), 42);
        Path model = poisonedCopy(dir.resolve("model"));
        output = dir.resolve("tables");
        long started = System.nanoTime();
        filesRun = run(corpus.files(), "text", FILES_DAY, model);
        double filesSeconds = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        jsonlRun = run(corpus.jsonl(), "jsonl", JSONL_DAY, model);
        double jsonlSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("fuzz corpus: %d kinds of odd documents%n", corpus.kinds().size());
        printFigures("files", filesRun, filesSeconds);
        printFigures("jsonl", jsonlRun, jsonlSeconds);
    }

    static RunReport run(Path input, String format, LocalDate day, Path model) {
        return ExtractJob.run(spark, ExtractJob.parse("--input", input.toString(), "--input-format", format,
                "--output", output.toString(), "--model", model.toString(), "--device", "cpu",
                "--set", "extraction.labels=" + ODD_LABELS, "--threshold", "0.3", "--max-document-chars", String.valueOf(MAX_CHARS), "--run-date", day.toString()));
    }

    /**
     * The tiny model, with one more token in its tokenizer whose id lies past the embedding table: ONNX
     * Runtime's Gather rejects every batch that holds it.
     */
    static Path poisonedCopy(Path copy) throws IOException {
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(MODEL)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        Path tokenizerFile = copy.resolve("tokenizer.json");
        ObjectNode tokenizer = (ObjectNode) json.readTree(tokenizerFile.toFile());
        ((ArrayNode) tokenizer.get("added_tokens")).addObject().put("id", 40000).put("content", FuzzCorpus.POISON_WORD)
                .put("single_word", false).put("lstrip", false).put("rstrip", false)
                .put("normalized", false).put("special", true);
        json.writeValue(tokenizerFile.toFile(), tokenizer);
        return copy;
    }

    static Dataset<Row> table(Table table, LocalDate day) {
        return spark.read().format("delta").load(output.resolve(table.key()).toString())
                .where(col(Table.RUN_DATE).equalTo(Date.valueOf(day)));
    }

    /** The README figures: documents in, ok, quarantined by reason, entities, time. */
    static void printFigures(String part, RunReport report, double seconds) {
        System.out.printf("fuzz %s: %d documents in, %d ok, %d quarantined, %d entities, max ONNX sequence %d tokens, %.1f s%n",
                part, report.inputDocuments(), report.okDocuments(), report.quarantinedDocuments(), report.entities(),
                report.maxSequenceTokens(), seconds);
        table(Table.DOCUMENTS, report.runDate()).where(col("status").equalTo("quarantined"))
                .selectExpr("regexp_replace(error, '(?<![A-Za-z-])[0-9]+', 'N') AS reason").groupBy("reason").count().orderBy("reason")
                .collectAsList().forEach(r -> System.out.printf("    %6d  %s%n", r.getLong(1), r.getString(0)));
    }

    @Test
    void everyInputDocumentIsExactlyOneRowAndEveryQuarantineHasAReason() {
        Map<LocalDate, Integer> expected = Map.of(FILES_DAY, corpus.fileDocuments(), JSONL_DAY, corpus.jsonlDocuments());
        expected.forEach((day, documents) -> {
            Dataset<Row> docs = table(Table.DOCUMENTS, day);
            assertEquals((long) documents, docs.count(), "one row per input document on " + day);
            assertEquals((long) documents, docs.select("doc_id").distinct().count(), "doc_id is unique on " + day);
            assertEquals(0, docs.where("status = 'quarantined' AND (error IS NULL OR trim(error) = '')").count(),
                    "every quarantine row has a reason");
            assertEquals(0, docs.where("status = 'ok' AND error IS NOT NULL").count());
        });
        assertTrue(corpus.kinds().size() >= 20, corpus.kinds().toString());
        assertEquals(corpus.fileDocuments(), filesRun.documents());
        assertEquals(corpus.jsonlDocuments(), jsonlRun.documents());
    }

    @Test
    void eachOddDocumentEndsTheWayItShould() {
        Map<String, String> files = outcomes(FILES_DAY);
        assertTrue(files.get("odd/ten-mb.txt").startsWith("quarantined: too large: " + FuzzCorpus.TEN_MB + " bytes"), files.get("odd/ten-mb.txt"));
        assertEquals("quarantined: too large: 500000 characters, limit " + MAX_CHARS + " characters (max-document-chars)",
                files.get("odd/repeated.txt"));
        assertTrue(files.get("odd/latin1.txt").startsWith("quarantined: undecodable bytes"), files.get("odd/latin1.txt"));
        assertTrue(files.get("odd/cesu.txt").startsWith("quarantined: undecodable bytes"));
        assertTrue(files.get("odd/overlong.txt").startsWith("quarantined: undecodable bytes"));
        assertEquals("quarantined: empty text", files.get("odd/empty.txt"));
        assertEquals("quarantined: empty text", files.get("odd/blank.txt"));
        for (String readable : List.of("odd/nul.txt", "odd/crlf.txt", "odd/cr.txt", "odd/zalgo.txt", "odd/rtl.txt", "odd/emoji.txt",
                "odd/cjk.txt", "odd/long-token.txt", "odd/page.html", "odd/bom.txt", "odd/math.txt",
                "odd/name with spaces, ü & 'quotes' #1.txt")) {
            assertEquals("ok: null", files.get(readable), readable);
        }

        Map<String, String> records = outcomes(JSONL_DAY);
        assertEquals("ok: null", records.get(FuzzCorpus.DUPLICATE_ID));
        assertEquals("quarantined: duplicate doc_id 'dup'", records.get("dup#duplicate-2"));
        assertEquals("quarantined: duplicate doc_id 'dup'", records.get("dup#duplicate-3"));
        assertEquals("quarantined: null text", records.get("no-text"));
        assertEquals("quarantined: null text", records.get("null-text"));
        assertEquals("ok: null", records.get("surrogates"));
        assertEquals("ok: null", records.get("12345"));
        assertEquals("ok: null", records.get("../../../etc/passwd"), "a doc id is a value, never a path");
        assertTrue(records.get(FuzzCorpus.POISONED_ID).startsWith("quarantined: model failed: "), records.get(FuzzCorpus.POISONED_ID));
        assertEquals(1, records.values().stream().filter(o -> o.startsWith("quarantined: model failed")).count(),
                "only the document ONNX Runtime fails on is quarantined for it: " + records.size());
        assertTrue(table(Table.DOCUMENTS, JSONL_DAY).where("doc_id LIKE 'char-%' AND status = 'ok'").count() > 9_000);
    }

    private static Map<String, String> outcomes(LocalDate day) {
        Map<String, String> outcome = new TreeMap<>();
        for (Row r : table(Table.DOCUMENTS, day).select("doc_id", "status", "error").collectAsList()) {
            outcome.put(r.getString(0), r.getString(1) + ": " + r.getString(2));
        }
        return outcome;
    }

    @Test
    void everyEntityOffsetHoldsInSparkSql() {
        for (LocalDate day : List.of(FILES_DAY, JSONL_DAY)) {
            table(Table.DOCUMENTS, day).createOrReplaceTempView("fd");
            table(Table.ENTITIES, day).createOrReplaceTempView("fe");
            Row check = spark.sql("SELECT count(*), count_if(substring(fd.text, fe.start + 1, fe.end - fe.start) = fe.text), "
                    + "count_if(fe.start < 0 OR fe.end <= fe.start OR fe.end > fd.char_length) "
                    + "FROM fe JOIN fd USING (doc_id, run_id)").first();
            assertTrue(check.getLong(0) > 0, "entities on " + day);
            assertEquals(check.getLong(0), check.getLong(1), "every entity's text is its substring on " + day);
            assertEquals(0, check.getLong(2), "offsets within the text on " + day);
        }
    }

    @Test
    void noOnnxInputEverExceedsTheTokenLimit() {
        for (RunReport run : List.of(filesRun, jsonlRun)) {
            Row recorded = table(Table.RUNS, run.runDate()).first();
            long longest = recorded.getAs("max_sequence_tokens");
            assertEquals(run.maxSequenceTokens(), longest);
            assertTrue(longest > 0 && longest <= TOKEN_LIMIT, "longest ONNX sequence " + longest);
        }
        assertTrue(filesRun.maxSequenceTokens() > TOKEN_LIMIT * 3 / 4,
                "long documents filled windows close to the limit: " + filesRun.maxSequenceTokens());
    }
}
