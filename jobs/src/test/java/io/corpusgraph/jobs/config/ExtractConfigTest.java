package io.corpusgraph.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.ExtractJob;
import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.jobs.config.InputSpec.InputFormat;
import io.corpusgraph.jobs.config.OutputSpec.OutputFormat;
import io.corpusgraph.jobs.output.Table;
import picocli.CommandLine;

class ExtractConfigTest {

    @Test
    void defaultsComeFromTheBundledConfFile() {
        ExtractConfig c = ExtractJob.parse();
        assertEquals(InputFormat.TEXT, c.input().format());
        assertTrue(c.input().path().endsWith("sample-data/docs"), c.input().path());
        assertTrue(c.extraction().model().dir().endsWith("sample-data/models/corpusgraph-bge-small-v1"));
        assertEquals(List.of("person", "organization", "location"), c.extraction().labels());
        assertEquals(0.5, c.extraction().threshold());
        assertTrue(c.extraction().flatNer());
        assertFalse(c.extraction().multiLabel());
        assertEquals(OutputFormat.DELTA, c.output().format());
        assertEquals("documents", c.output().name(Table.DOCUMENTS));
        assertEquals(LocalDate.now(java.time.ZoneOffset.UTC), c.runDate(), "today is UTC's by default");
        assertFalse(c.incremental());
        assertTrue(c.modelNote().isBlank(), "the real default model needs no note");
        assertTrue(c.json().startsWith("{"), c.json());
    }

    @Test
    void todayIsTheDateInRunTimezone() {
        // +14:00 and -12:00 are 26 hours apart: their todays always differ, so the setting must be what counts.
        LocalDate east = ExtractJob.parse("--set", "run.timezone=+14:00").runDate();
        LocalDate west = ExtractJob.parse("--set", "run.timezone=-12:00").runDate();
        assertTrue(east.isAfter(west), east + " vs " + west);
        assertEquals(LocalDate.now(java.time.ZoneOffset.ofHours(14)), east);
        assertEquals(LocalDate.now(java.time.ZoneId.systemDefault()), ExtractJob.parse("--set", "run.timezone=driver").runDate());
        JobSetupException e = assertThrows(JobSetupException.class, () -> ExtractJob.parse("--set", "run.timezone=Mars/Olympus"));
        assertTrue(e.getMessage().startsWith("run.timezone = Mars/Olympus: not a time zone"), e.getMessage());
    }

    @Test
    void aRelativeModelPathBecomesAbsoluteOnTheDriver() {
        // Executors open the folder by the path the driver checked; their working directory is not the driver's.
        ExtractConfig c = ExtractJob.parse("--model", "some/models/../models/m");
        assertEquals(Path.of("some/models/m").toAbsolutePath().toString(), c.extraction().model().dir());
    }

    @Test
    void aModelGivenAsAUriIsKeptAsItIsForEachJvmToFetch() {
        for (String uri : List.of("hdfs://nn:8020/models/corpusgraph-bge-small-v1", "s3a://bucket/models/m", "spark-files:m")) {
            assertEquals(uri, ExtractJob.parse("--model", uri).extraction().model().dir(), uri);
        }
    }

    @Test
    void theDefaultBatchBudgetIsChosenByDevice() {
        ExtractConfig c = ExtractJob.parse();
        assertEquals(0, c.extraction().batchTokenBudget());
        assertEquals(1024, c.extraction().batchTokenBudget("cpu"));
        assertEquals(8192, c.extraction().batchTokenBudget("cuda:0"));
    }

    @Test
    void namedOptionsOverrideTheirKeys() {
        ExtractConfig c = ExtractJob.parse("--input", "/data/in.jsonl", "--input-format", "jsonl",
                "--id-field", "uid", "--text-field", "body", "--model", "/models/m", "--device", "cuda:1",
                "--labels", "person,date of birth", "--threshold", "0.35", "--mode", "multi-label",
                "--window-words", "100", "--window-overlap-words", "20", "--batch-token-budget", "4096",
                "--max-document-chars", "5000", "--partitions", "4", "--output", "/out", "--output-format", "parquet",
                "--run-date", "2024-02-29", "--incremental");
        assertEquals(new InputSpec(InputFormat.JSONL, "/data/in.jsonl", "", "uid", "body"), c.input());
        assertEquals("/models/m", c.extraction().model().dir());
        assertEquals("cuda:1", c.extraction().model().device());
        assertEquals(List.of("person", "date of birth"), c.extraction().labels());
        assertEquals(0.35, c.extraction().threshold());
        assertTrue(c.extraction().flatNer() && c.extraction().multiLabel());
        assertEquals(100, c.extraction().maxWindowWords());
        assertEquals(20, c.extraction().windowOverlapWords());
        assertEquals(4096, c.extraction().batchTokenBudget());
        assertEquals(4096, c.extraction().batchTokenBudget("cpu"), "a number of one's own wins on every device");
        assertEquals(5000, c.extraction().maxDocumentChars());
        assertEquals(4, c.partitions());
        assertEquals("/out", c.output().path());
        assertEquals(OutputFormat.PARQUET, c.output().format());
        assertEquals(LocalDate.of(2024, 2, 29), c.runDate());
        assertTrue(c.incremental());
    }

    @Test
    void anyKeyCanBeSetOnTheCommandLine() {
        ExtractConfig c = ExtractJob.parse("--set", "extraction.labels=[city, \"date of birth\"]",
                "--set", "extraction.mode=nested", "--set", "output.tables.entities=ents",
                "--set", "output.path=s3a://bucket/tables#x", "--set", "extraction.documents-per-batch=7");
        assertEquals(List.of("city", "date of birth"), c.extraction().labels());
        assertFalse(c.extraction().flatNer());
        assertEquals("ents", c.output().name(Table.ENTITIES));
        assertEquals("s3a://bucket/tables#x", c.output().path(), "a plain value is taken as it is");
        assertEquals(7, c.extraction().documentsPerBatch());
    }

    @Test
    void homeMovesEveryRelativeDefault() {
        ExtractConfig c = ExtractJob.parse("--set", "home=/opt/corpusgraph");
        assertEquals("/opt/corpusgraph/sample-data/docs", c.input().path());
        assertEquals("/opt/corpusgraph/output/tables", c.output().path());
    }

    @Test
    void aConfigFileIsLayeredBetweenTheDefaultsAndTheOptions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nightly.conf");
        Files.writeString(file, "extraction { threshold = 0.7, labels = [drug, disease] }\nrun.incremental = true\n");
        ExtractConfig c = ExtractJob.parse("--config", file.toString(), "--threshold", "0.6");
        assertEquals(List.of("drug", "disease"), c.extraction().labels());
        assertEquals(0.6, c.extraction().threshold());
        assertTrue(c.incremental());
    }

    @Test
    void inputTableImpliesTheTableFormat() {
        ExtractConfig c = ExtractJob.parse("--input-table", "raw.articles");
        assertEquals(InputFormat.TABLE, c.input().format());
        assertEquals("raw.articles", c.input().table());
    }

    @Test
    void anUnknownOptionIsRejectedByName() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> ExtractJob.parse("--treshold", "0.3"));
        assertTrue(e.getMessage().contains("--treshold"), e.getMessage());
    }

    @Test
    void anUnknownSetKeyIsRejectedByName() {
        assertMessage("--set extraction.treshold: no such setting", "--set", "extraction.treshold=0.3");
    }

    @Test
    void badValuesSayWhatIsAllowed() {
        assertMessage("extraction.mode = overlapping: must be one of flat, nested, multi-label", "--mode", "overlapping");
        assertMessage("input.format = csv: must be one of text, jsonl, parquet, delta, table", "--input-format", "csv");
        assertMessage("output.format = orc: must be one of delta, parquet", "--output-format", "orc");
        assertMessage("run.date = 2024-13-01: not a date; use yyyy-MM-dd or today", "--run-date", "2024-13-01");
        assertMessage("extraction.threshold = 1.5: must be in [0, 1]", "--threshold", "1.5");
        assertMessage("extraction.labels is empty", "--set", "extraction.labels=[]");
        assertMessage("spark.partitions = -1: must be at least 0", "--partitions", "-1");
        assertMessage("extraction.batch-token-budget", "--set", "extraction.batch-token-budget=lots");
        assertMessage("output.tables: two tables have the same name", "--set", "output.tables.runs=documents");
    }

    @Test
    void nothingTypedIsSplicedIntoSqlOrPaths() {
        assertMessage("run.date = 2024-01-01' OR '1'='1: not a date", "--run-date", "2024-01-01' OR '1'='1");
        assertMessage("output.tables.documents = ../../elsewhere: a table name is letters, digits and _",
                "--set", "output.tables.documents=../../elsewhere");
        assertMessage("output.tables.entities = e`; DROP TABLE x: a table name", "--set", "output.tables.entities=e`; DROP TABLE x");
    }

    private static void assertMessage(String expectedStart, String... args) {
        JobSetupException e = assertThrows(JobSetupException.class, () -> ExtractJob.parse(args));
        assertTrue(e.getMessage().startsWith(expectedStart) || e.getMessage().contains(expectedStart), e.getMessage());
    }
}
