package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.extract.ExtractRun;
import io.corpusgraph.jobs.output.DateLock;
import io.corpusgraph.jobs.output.DateLock.ConcurrentRunException;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.udfs.ExtractMetrics;
import picocli.CommandLine.Command;

/**
 * Issue 19 item 8: every setup check (the date lock, the table folders, the output format) comes before the
 * extraction. "Before" is measured: the run's own accumulators count no document.
 */
class SetupChecksTest extends RunFixture {

    static final LocalDate DAY = LocalDate.of(2024, 9, 2);


    static ExtractConfig config(Path output, String... more) {
        List<String> args = new ArrayList<>(List.of("--input", corpus.toString(), "--output", output.toString(),
                "--model", Fixtures.MODEL.toString(), "--device", "cpu", "--labels", String.join(",", Fixtures.LABELS),
                "--run-date", DAY.toString()));
        args.addAll(List.of(more));
        return ExtractJob.parse(args.toArray(String[]::new));
    }

    /** Runs the extraction with accumulators of its own; returns what it threw, having checked that it extracted nothing. */
    static <T extends Throwable> T failsBeforeExtracting(Class<T> type, ExtractConfig config) {
        ExtractMetrics metrics = ExtractMetrics.register(spark.sparkContext());
        T e = assertThrows(type, () -> ExtractRun.run(spark, config, metrics));
        assertEquals(0, metrics.get(Counter.DOCUMENTS), "no document was extracted");
        return e;
    }

    @Test
    void aRunForALockedDateStopsBeforeExtracting() {
        Path output = dir.resolve("locked");
        TableStore tables = TableStore.open(spark, config(output).output());
        try (DateLock writing = DateLock.acquire(tables.location(), DAY, "a run in progress")) {
            ConcurrentRunException e = failsBeforeExtracting(ConcurrentRunException.class, config(output));
            assertTrue(e.getMessage().startsWith("another run is writing run_date 2024-09-02"), e.getMessage());
        }
        assertFalse(Files.exists(output.resolve("documents")), "nothing written");
    }

    @Command(name = "second-run")
    static final class SecondRun implements Callable<Integer> {
        final TableStore tables;

        SecondRun(TableStore tables) {
            this.tables = tables;
        }

        @Override
        public Integer call() {
            try (DateLock lock = DateLock.acquire(tables.location(), DAY, "second")) {
                return 0;
            }
        }
    }

    @Test
    void aLockConflictHasItsOwnExitCode() {
        Path output = dir.resolve("exit-code");
        TableStore tables = TableStore.open(spark, config(output).output());
        try (DateLock writing = DateLock.acquire(tables.location(), DAY, "first")) {
            assertEquals(3, Launcher.execute(new SecondRun(tables)), "Launcher.LOCKED");
        }
    }

    @Test
    void parquetIntoADeltaFolderIsRefusedBeforeExtracting() {
        Path output = dir.resolve("delta-folder");
        TableStore.open(spark, config(output).output()).create(Table.DOCUMENTS);
        JobSetupException e = failsBeforeExtracting(JobSetupException.class, config(output, "--output-format", "parquet"));
        assertTrue(e.getMessage().startsWith("output.format = parquet, but "), e.getMessage());
        assertTrue(e.getMessage().contains("is a Delta table"), e.getMessage());
        assertEquals(List.of("_delta_log"), names(output.resolve("documents")), "no Parquet file beside the Delta log");
    }

    @Test
    void deltaIntoAParquetFolderIsRefusedBeforeExtracting() {
        Path output = dir.resolve("parquet-folder");
        spark.range(3).write().parquet(output.resolve("entities").toString());
        JobSetupException e = failsBeforeExtracting(JobSetupException.class, config(output));
        assertTrue(e.getMessage().startsWith("output.format = delta, but "), e.getMessage());
        assertTrue(e.getMessage().contains("entities") && e.getMessage().contains("no _delta_log"), e.getMessage());
    }

    @Test
    void aTableFolderThatCannotBeWrittenIsFoundBeforeExtracting() throws Exception {
        // The output folder is writable; the runs table's folder is not a folder (as root, a read-only mode would not stop writes).
        Path output = dir.resolve("unwritable-table");
        Files.createDirectories(output);
        Files.writeString(output.resolve("runs"), "not a table");
        JobSetupException e = failsBeforeExtracting(JobSetupException.class, config(output));
        assertTrue(e.getMessage().contains("runs") && e.getMessage().contains("is a file"), e.getMessage());

        // A Delta table whose log cannot be written.
        Path other = dir.resolve("unwritable-log");
        TableStore.open(spark, config(other).output()).create(Table.ENTITIES);
        Path log = other.resolve("entities").resolve("_delta_log");
        try (Stream<Path> files = Files.list(log)) {
            for (Path file : files.toList()) {
                Files.move(file, other.resolve(file.getFileName()));
            }
        }
        Files.delete(log);
        Files.writeString(log, "not a folder");
        e = failsBeforeExtracting(JobSetupException.class, config(other));
        assertTrue(e.getMessage().startsWith("output.path: cannot write to the entities table's log"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    static List<String> names(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
