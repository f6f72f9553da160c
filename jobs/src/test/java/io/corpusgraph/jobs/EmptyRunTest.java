package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.run.RunReport;

/**
 * Issue 19 item 4: a rerun that finds nothing (an empty input, a mistyped --id-field) used to replace the date's
 * rows with nothing and exit 0. It now stops before any write unless --allow-empty.
 */
class EmptyRunTest extends RunFixture {

    static final LocalDate DAY = LocalDate.of(2024, 10, 7);


    static ExtractConfig config(Path input, Path output, String... more) {
        List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--input-format", "jsonl",
                "--output", output.toString(), "--model", Fixtures.MODEL.toString(), "--device", "cpu",
                "--labels", String.join(",", Fixtures.LABELS), "--threshold", "0.1", "--run-date", DAY.toString()));
        args.addAll(List.of(more));
        return ExtractJob.parse(args.toArray(String[]::new));
    }

    static List<String> docIds(Path output) {
        return Fixtures.on(Fixtures.table(output, Table.DOCUMENTS), DAY).orderBy("doc_id").select("doc_id")
                .as(Encoders.STRING()).collectAsList();
    }

    @Test
    void aMistypedIdFieldLeavesTheDateAsItWas() {
        Path output = dir.resolve("typo");
        RunReport first = ExtractJob.run(spark, config(jsonl, output));
        assertEquals(List.of("a", "b", "c"), docIds(output));

        JobSetupException e = assertThrows(JobSetupException.class,
                () -> ExtractJob.run(spark, config(jsonl, output, "--id-field", "doc_id")));
        assertTrue(e.getMessage().startsWith("every one of the 3 documents of " + jsonl + " (jsonl) is quarantined for the same "
                + "reason (missing id)"), e.getMessage());
        assertTrue(e.getMessage().contains("--allow-empty"), e.getMessage());
        assertEquals(List.of("a", "b", "c"), docIds(output), "the date's rows stay");
        assertEquals(List.of(first.runId()), Fixtures.runIds(Fixtures.on(Fixtures.table(output, Table.RUNS), DAY)));

        // Asked for: written, every document quarantined.
        RunReport allowed = ExtractJob.run(spark, config(jsonl, output, "--id-field", "doc_id", "--allow-empty"));
        assertEquals(3, allowed.quarantinedDocuments());
        assertEquals(0, allowed.okDocuments());
    }

    @Test
    void anEmptyInputIsRefused() throws Exception {
        Path output = dir.resolve("empty");
        Path empty = Files.createDirectories(dir.resolve("empty-folder"));
        JobSetupException e = assertThrows(JobSetupException.class,
                () -> ExtractJob.run(spark, config(empty, output, "--input-format", "text")));
        assertTrue(e.getMessage().contains("holds no document"), e.getMessage());
        assertTrue(!Files.exists(output.resolve("documents")), "nothing written");

        Path emptyFile = Files.writeString(dir.resolve("empty.jsonl"), "");
        e = assertThrows(JobSetupException.class, () -> ExtractJob.run(spark, config(emptyFile, output)));
        assertTrue(e.getMessage().startsWith("input: " + emptyFile + " (jsonl) holds no document"), e.getMessage());
        assertEquals(0, ExtractJob.run(spark, config(emptyFile, output, "--allow-empty")).inputDocuments());
    }

    @Test
    void documentsQuarantinedForDifferentReasonsAreWritten() throws Exception {
        Path mixed = Files.write(dir.resolve("mixed.jsonl"), List.of(
                "{\"text\": \"no id here\"}",
                "{\"id\": \"x\", \"text\": \"cut short"));
        RunReport run = ExtractJob.run(spark, config(mixed, dir.resolve("mixed")));
        assertEquals(2, run.quarantinedDocuments());
    }
}
