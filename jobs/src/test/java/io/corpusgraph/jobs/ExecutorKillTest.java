package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.output.Table;

/**
 * A real multi-JVM cluster (local-cluster: two workers, each forking an executor JVM; docs/stack-notes.md) runs
 * ExtractJob in a child JVM. Once one executor has finished an extraction task and is running the next,
 * it is killed (SIGKILL). Its running task is retried elsewhere, its lost cached partitions are recomputed,
 * and the job's tables equal those of an undisturbed run: same rows, none twice.
 */
class ExecutorKillTest {

    static final LocalDate DAY = LocalDate.of(2024, 7, 1);
    /** Enough documents for tasks of a few seconds each: the kill lands in the middle of one. */
    static final int DOCS = 160;
    static final int PARTITIONS = 4;
    static final List<String> RELATIONS = List.of("met with", "located in");

    @TempDir
    static Path dir;
    static Path corpus;
    static final SparkSession spark = LocalSpark.session();

    @BeforeAll
    static void writeCorpus() throws IOException {
        corpus = dir.resolve("corpus.jsonl");
        Fixtures.writeCorpus(corpus, DOCS, 11);
    }

    static List<String> args(Path output) {
        return List.of("--input", corpus.toString(), "--input-format", "jsonl", "--output", output.toString(),
                "--model", Fixtures.MODEL.toString(), "--device", "cpu", "--labels", String.join(",", Fixtures.LABELS),
                "--threshold", "0.3", "--partitions", String.valueOf(PARTITIONS), "--run-date", DAY.toString(),
                "--set", "relations.labels=[\"" + String.join("\", \"", RELATIONS) + "\"]", "--set", "relations.threshold=0.05");
    }

    @Test
    void aKilledExecutorsTasksAreRetriedAndTheTablesEqualAnUndisturbedRun() throws Exception {
        Path undisturbed = dir.resolve("undisturbed");
        ExtractJob.run(spark, ExtractJob.parse(args(undisturbed).toArray(String[]::new)));

        Path output = dir.resolve("killed-executor");
        Path events = dir.resolve("task-events.txt");
        Path sparkHome = Path.of("target", "executor-kill-spark-home").toAbsolutePath();
        Files.createDirectories(sparkHome.resolve("jars"));  // the workers want a SPARK_HOME with a jars/ folder
        String victim;  // executor id
        ProcessHandle executor;
        try (ChildJob job = ChildJob.start(dir.resolve("job.log"), Map.ofEntries(
                        Map.entry("spark.master", "local-cluster[2,1,1024]"),
                        Map.entry("spark.driver.host", "127.0.0.1"),
                        Map.entry("spark.driver.bindAddress", "127.0.0.1"),
                        Map.entry("spark.ui.enabled", "false"),
                        Map.entry("spark.sql.shuffle.partitions", "2"),
                        Map.entry("spark.databricks.delta.snapshotPartitions", "1"),
                        Map.entry("spark.executor.extraClassPath", System.getProperty("java.class.path")),
                        Map.entry("spark.executor.extraJavaOptions", "-Dai.djl.offline=true -XX:TieredStopAtLevel=1"),
                        Map.entry("spark.executorEnv.SPARK_SCALA_VERSION", "2.13"),
                        Map.entry("spark.extraListeners", TaskEventLog.class.getName()),
                        Map.entry(TaskEventLog.FILE_PROPERTY, events.toString())),
                Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1"),
                args(output))) {
            victim = busyVeteran(job, events);
            executor = executorProcess(job.process(), victim);
            executor.destroyForcibly();
            assertEquals(0, job.exitCode(Duration.ofMinutes(4)), job::log);
        }

        List<String[]> log = TaskEventLog.read(events);
        String extraction = extractionStage(log).orElseThrow();
        String history = log.stream().map(e -> String.join(" ", e)).collect(Collectors.joining("\n"));
        assertTrue(log.stream().anyMatch(e -> e[0].equals("removed") && e[1].equals(victim)), "executor " + victim + " removed:\n" + history);
        List<String[]> lost = log.stream()
                .filter(e -> e[0].equals("end") && e[4].equals(victim) && e[5].equals("ExecutorLostFailure")).toList();
        assertTrue(lost.stream().anyMatch(e -> e[1].equals(extraction)), "its running extraction task failed with it:\n" + history);
        for (String[] failed : lost) {
            assertTrue(log.stream().anyMatch(e -> e[0].equals("end") && e[1].equals(failed[1]) && e[2].equals(failed[2])
                    && !e[4].equals(victim) && e[5].equals("Success")),
                    "stage " + failed[1] + " partition " + failed[2] + " done again elsewhere:\n" + history);
        }
        // Finished tasks whose output died with it may be rerun too ("Resubmitted"); its cached partitions are recomputed.
        long resubmitted = log.stream().filter(e -> e[0].equals("end") && e[4].equals(victim) && e[5].equals("Resubmitted")).count();
        System.out.printf("executor kill: executor %s (pid %d) killed; %d running task(s) lost with it and retried elsewhere, "
                + "%d finished task(s) resubmitted; %d documents%n", victim, executor.pid(), lost.size(), resubmitted, DOCS);

        for (Table table : List.of(Table.DOCUMENTS, Table.ENTITIES, Table.RELATIONS)) {
            List<String> rows = TableRows.content(spark, output, table, DAY);
            assertEquals(rows.size(), new HashSet<>(rows).size(), "no duplicate in " + table);
            assertEquals(TableRows.content(spark, undisturbed, table, DAY), rows, table + " as in the undisturbed run");
        }
        assertEquals(DOCS, TableRows.content(spark, output, Table.DOCUMENTS, DAY).size());
        assertTrue(!TableRows.content(spark, output, Table.RELATIONS, DAY).isEmpty(), "relations are compared too");
    }

    /** The extraction stage: the first one with one task per configured partition. */
    static Optional<String> extractionStage(List<String[]> log) {
        return log.stream().filter(e -> e[0].equals("stage") && e[2].equals(String.valueOf(PARTITIONS))).map(e -> e[1]).findFirst();
    }

    /** Waits for an executor that finished an extraction task and is running another: killing it loses both kinds of work. */
    static String busyVeteran(ChildJob job, Path events) throws InterruptedException {
        String[] found = new String[1];
        job.await("an executor with a finished extraction task running another", Duration.ofMinutes(3),
                () -> (found[0] = busyVeteran(TaskEventLog.read(events)).orElse(null)) != null);
        return found[0];
    }

    static Optional<String> busyVeteran(List<String[]> log) {
        Optional<String> stage = extractionStage(log);
        if (stage.isEmpty()) {
            return Optional.empty();
        }
        List<String> running = new ArrayList<>();
        List<String> finished = new ArrayList<>();
        for (String[] e : log) {
            if (e.length > 4 && e[1].equals(stage.get())) {
                String task = e[2] + "." + e[3] + "@" + e[4];
                if (e[0].equals("start")) {
                    running.add(task);
                } else if (e[0].equals("end")) {
                    running.remove(task);
                    finished.add(e[4]);
                }
            }
        }
        return running.stream().map(task -> task.substring(task.indexOf('@') + 1)).filter(finished::contains).findFirst();
    }

    /** The executor JVM with that id, a descendant of the driver's JVM (local-cluster's workers fork them). */
    static ProcessHandle executorProcess(Process driver, String executorId) {
        return driver.descendants()
                .filter(p -> {
                    List<String> args = commandLine(p);
                    int id = args.indexOf("--executor-id");
                    return args.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")
                            && id >= 0 && id + 1 < args.size() && args.get(id + 1).equals(executorId);
                })
                .findFirst()
                .orElseThrow(() -> new AssertionError("no executor JVM with id " + executorId));
    }

    /** From /proc: ProcessHandle.Info cuts long command lines short, and an executor's class path is long. */
    static List<String> commandLine(ProcessHandle process) {
        try {
            return List.of(Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline")).split("\0"));
        } catch (IOException e) {
            return List.of();  // gone meanwhile
        }
    }
}
