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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.output.DateLock;
import io.corpusgraph.jobs.output.DateLock.ConcurrentRunException;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.jobs.run.RunReport;

/**
 * ExtractJob killed (SIGKILL, in a JVM of its own) before its commit, while it writes a date that already
 * holds a committed run: every table stays readable, and read as complete runs (joined on runs) each one
 * is exactly as before. The killed run's rows are orphans that the join hides. Its date lock stays behind;
 * the rerun takes it over (its holder is gone), completes the date and removes the orphans.
 */
class KilledRunTest extends RunFixture {

    static final LocalDate DAY = LocalDate.of(2024, 8, 1);
    static final List<Table> TABLES = List.of(Table.DOCUMENTS, Table.ENTITIES, Table.RELATIONS, Table.RUNS);
    static final Pattern WRITING = Pattern.compile("writing run (\\S+) for ");

    static Path yesterday;
    static Path today;

    @BeforeAll
    static void writeCorpora() throws IOException {
        yesterday = dir.resolve("yesterday.jsonl");
        Fixtures.writeCorpus(yesterday, 40, 1);
        today = dir.resolve("today.jsonl");
        Fixtures.writeCorpus(today, 48, 2);
    }

    static List<String> args(Path corpus, Path output) {
        return List.of("--input", corpus.toString(), "--input-format", "jsonl", "--output", output.toString(),
                "--model", Fixtures.MODEL.toString(), "--device", "cpu", "--labels", String.join(",", Fixtures.LABELS),
                "--threshold", "0.3", "--run-date", DAY.toString(),
                "--set", "relations.labels=[\"met with\", \"located in\"]", "--set", "relations.threshold=0.05");
    }

    static RunReport run(Path corpus, Path output) {
        return ExtractJob.run(spark, ExtractJob.parse(args(corpus, output).toArray(String[]::new)));
    }

    @Test
    void aRunKilledBeforeItsCommitLeavesThePreviousStateAndTheRerunCompletesTheDate() throws Exception {
        Path tables = dir.resolve("tables");
        RunReport previous = run(yesterday, tables);
        Map<Table, List<String>> before = new EnumMap<>(Table.class);
        TABLES.forEach(table -> before.put(table, TableRows.all(spark, tables, table, DAY)));

        // Killed once its documents are appended: entities, relations and the commit (the runs row) are still to come.
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

        // What a reader of complete runs sees: every table exactly as before; the killed run's rows are orphans.
        assertEquals(before.get(Table.RUNS), TableRows.all(spark, tables, Table.RUNS, DAY), "the runs table names the previous run");
        for (Table table : List.of(Table.DOCUMENTS, Table.ENTITIES, Table.RELATIONS)) {
            assertEquals(before.get(table), TableRows.complete(spark, tables, table, DAY), table + " read as complete runs");
        }
        assertEquals(Set.of(previous.runId(), killedRun), Set.copyOf(TableRows.runIds(spark, tables, Table.DOCUMENTS, DAY)),
                "documents hold the killed run's orphans");
        Path lock = tables.resolve("_locks").resolve(Table.RUN_DATE + "=" + DAY);
        String holder = Files.readString(lock);
        assertTrue(holder.contains("run " + killedRun + " ") && holder.contains(" pid " + pid + " "), holder);

        RunReport rerun = run(today, tables);
        assertFalse(Files.exists(lock), "the rerun released the lock it took over");
        for (Table table : TABLES) {
            assertEquals(List.of(rerun.runId()), TableRows.runIds(spark, tables, table, DAY), table + " holds only the rerun's rows");
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
