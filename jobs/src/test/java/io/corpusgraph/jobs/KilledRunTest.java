package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.output.DateLock;
import io.corpusgraph.jobs.output.DateLock.ConcurrentRunException;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.jobs.run.RunReport;

/**
 * ExtractJob killed (SIGKILL, in a JVM of its own) while it writes a date that already holds a committed
 * run: every table stays readable, each one holds either the previous run's rows or the killed run's,
 * never a mix, and the runs table still names the previous run as the date's complete one. The killed
 * run's date lock stays behind; the rerun takes it over (its holder is gone) and completes the date.
 */
class KilledRunTest {

    static final LocalDate DAY = LocalDate.of(2024, 8, 1);
    static final List<Table> TABLES = List.of(Table.DOCUMENTS, Table.ENTITIES, Table.RELATIONS, Table.RUNS);
    static final Pattern WRITING = Pattern.compile("writing run (\\S+) for ");

    @TempDir
    static Path dir;
    static Path yesterday;
    static Path today;
    static final SparkSession spark = LocalSpark.session();

    @BeforeAll
    static void writeCorpora() throws IOException {
        yesterday = dir.resolve("yesterday.jsonl");
        GeneratedCorpus.write(yesterday, 40, 1);
        today = dir.resolve("today.jsonl");
        GeneratedCorpus.write(today, 48, 2);
    }

    static List<String> args(Path corpus, Path output) {
        return List.of("--input", corpus.toString(), "--input-format", "jsonl", "--output", output.toString(),
                "--model", ExtractJobTest.MODEL.toString(), "--device", "cpu", "--labels", String.join(",", ExtractJobTest.LABELS),
                "--threshold", "0.3", "--run-date", DAY.toString(),
                "--set", "relations.labels=[\"met with\", \"located in\"]", "--set", "relations.threshold=0.05");
    }

    static RunReport run(Path corpus, Path output) {
        return ExtractJob.run(spark, ExtractJob.parse(args(corpus, output).toArray(String[]::new)));
    }

    @Test
    void aRunKilledWhileWritingLeavesEachTableWholeAndTheRerunCompletesTheDate() throws Exception {
        Path tables = dir.resolve("tables");
        RunReport previous = run(yesterday, tables);
        Map<Table, List<String>> before = new EnumMap<>(Table.class);
        TABLES.forEach(table -> before.put(table, TableRows.all(spark, tables, table, DAY)));

        // Killed once its documents are committed: entities, relations and the runs row are still to come.
        String log;
        long pid;
        try (ChildJob job = ChildJob.start(dir.resolve("job.log"), Map.of(
                        "spark.master", "local[2]", "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1",
                        "spark.ui.enabled", "false", "spark.sql.shuffle.partitions", "2", "spark.databricks.delta.snapshotPartitions", "1"),
                Map.of(), args(today, tables))) {
            job.await("the documents table written", Duration.ofMinutes(3), () -> job.log().matches("(?s).*wrote \\S*/documents in .*"));
            job.kill();
            log = job.log();
            pid = job.process().pid();
        }
        Matcher writing = WRITING.matcher(log);
        assertTrue(writing.find(), log);
        String killedRun = writing.group(1);

        // What a reader sees: each table whole, from one run; the runs row (written last) still the previous run's.
        assertEquals(before.get(Table.RUNS), TableRows.all(spark, tables, Table.RUNS, DAY), "the runs table names the previous run");
        assertEquals(List.of(killedRun), TableRows.runIds(spark, tables, Table.DOCUMENTS, DAY), "documents were replaced");
        for (Table table : List.of(Table.ENTITIES, Table.RELATIONS)) {
            List<String> runIds = TableRows.runIds(spark, tables, table, DAY);
            assertTrue(runIds.equals(List.of(killedRun)) || TableRows.all(spark, tables, table, DAY).equals(before.get(table)),
                    table + " holds the killed run's rows or, unchanged, the previous run's: " + runIds);
        }
        Path lock = tables.resolve("_locks").resolve(Table.RUN_DATE + "=" + DAY);
        String holder = Files.readString(lock);
        assertTrue(holder.contains("run " + killedRun + " ") && holder.contains(" pid " + pid + " "), holder);

        RunReport rerun = run(today, tables);
        assertFalse(Files.exists(lock), "the rerun released the lock it took over");
        for (Table table : TABLES) {
            assertEquals(List.of(rerun.runId()), TableRows.runIds(spark, tables, table, DAY), table + " is the rerun's");
        }
        Path undisturbed = dir.resolve("undisturbed");
        run(today, undisturbed);
        for (Table table : List.of(Table.DOCUMENTS, Table.ENTITIES, Table.RELATIONS)) {
            assertEquals(TableRows.content(spark, undisturbed, table, DAY), TableRows.content(spark, tables, table, DAY),
                    table + " as after an undisturbed run");
        }
        assertNotEquals(previous.runId(), rerun.runId());
    }

    @Test
    void aLockHeldFromAnotherHostIsNeverTakenOver() throws IOException {
        ExtractConfig config = ExtractJob.parse(args(today, dir.resolve("elsewhere")).toArray(String[]::new));
        TableStore tables = TableStore.open(spark, config.output());
        Path lock = dir.resolve("elsewhere").resolve("_locks").resolve(Table.RUN_DATE + "=" + DAY);
        Files.createDirectories(lock.getParent());
        String holder = "run r1 since 2024-08-01T00:00:00Z on node7.invalid pid 1 (started 2024-08-01T00:00:00Z)";
        Files.writeString(lock, holder + "\n");
        ConcurrentRunException e = assertThrows(ConcurrentRunException.class, () -> DateLock.acquire(tables.location(), DAY, "r2"));
        assertTrue(e.getMessage().contains(holder) && e.getMessage().endsWith("killed on another host: delete it"), e.getMessage());
        assertEquals(holder + "\n", Files.readString(lock), "left as it was");
    }
}
