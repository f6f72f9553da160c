package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.run.RunReport;

/** Issue 19: output.store-text (default true) says whether the documents table keeps each text. */
class StoreTextTest {

    static final LocalDate DAY = LocalDate.of(2024, 12, 2);

    @TempDir
    Path dir;

    @Test
    void theDocumentsTableKeepsTextsUnlessToldNotTo() throws Exception {
        SparkSession spark = LocalSpark.session();
        Path jsonl = Files.write(dir.resolve("docs.jsonl"), List.of(
                "{\"id\": \"a\", \"text\": \"Marie Curie worked in Paris.\"}",
                "{\"id\": \"b\", \"text\": \"Alan Turing was born in London.\"}"));
        for (boolean store : List.of(true, false)) {
            Path output = dir.resolve("store-" + store);
            RunReport run = ExtractJob.run(spark, ExtractJob.parse("--input", jsonl.toString(), "--input-format", "jsonl",
                    "--output", output.toString(), "--model", Fixtures.MODEL.toString(), "--device", "cpu",
                    "--labels", String.join(",", Fixtures.LABELS), "--threshold", "0.1", "--run-date", DAY.toString(),
                    "--set", "output.store-text=" + store));
            Dataset<Row> docs = Fixtures.table(output, Table.DOCUMENTS);
            assertEquals(2, docs.count());
            assertEquals(store ? 2 : 0, docs.where("text IS NOT NULL").count(), "store-text " + store);
            assertEquals(2, docs.where("status = 'ok' AND char_length > 0").count(), "the other columns stay");
            assertTrue(run.entities() > 0);
            assertEquals(run.entities(), Fixtures.table(output, Table.ENTITIES).count());
        }
    }
}
