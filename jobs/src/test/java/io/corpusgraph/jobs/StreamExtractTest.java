package io.corpusgraph.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import io.corpusgraph.jobs.extract.StreamRun;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.udfs.ExtractMetrics;

/**
 * extract --stream: files arriving in a folder are extracted once each, micro-batch by micro-batch, into the same
 * tables a batch run writes; a stream killed (SIGKILL, in a JVM of its own) half-way through writing a micro-batch
 * and restarted from its checkpoint ends with every document once and every entity once, as an undisturbed run.
 */
class StreamExtractTest extends RunFixture {

    static final List<Table> ROW_TABLES = List.of(Table.DOCUMENTS, Table.ENTITIES, Table.RELATIONS);

    /** {@code files} JSON-lines files of 8 documents each, ids unique across files. */
    static Path incoming(String name, int files) throws IOException {
        Path folder = dir.resolve(name);
        for (int f = 1; f <= files; f++) {
            addFile(folder, f);
        }
        return folder;
    }

    static void addFile(Path folder, int f) throws IOException {
        Path file = folder.resolve("part-" + f + ".jsonl");
        Fixtures.writeCorpus(file, 8, f);
        Files.writeString(file, Files.readString(file).replace("\"doc-", "\"f" + f + "-doc-"));
    }

    static List<String> args(Path input, Path output, Path checkpoint, boolean stream) {
        List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--input-format", "jsonl", "--output", output.toString(),
                "--model", Fixtures.MODEL.toString(), "--device", "cpu", "--labels", String.join(",", Fixtures.LABELS),
                "--threshold", "0.3"));
        if (stream) {
            args.addAll(List.of("--stream", "--checkpoint", checkpoint.toString(), "--trigger", "available-now",
                    "--max-files-per-trigger", "1"));
        }
        return args;
    }

    static String stream(Path input, Path output, Path checkpoint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamRun.run(spark, ExtractJob.parse(args(input, output, checkpoint, true).toArray(String[]::new)),
                ExtractMetrics.register(spark.sparkContext()), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    static Dataset<Row> table(Path output, Table table) {
        return spark.read().format("delta").load(output.resolve(table.key()).toString());
    }

    /** Rows without the columns that differ between runs (run_id, run_date, timings), sorted. */
    static List<String> content(Path output, Table table) {
        Dataset<Row> rows = table(output, table);
        Column[] kept = Arrays.stream(rows.columns())
                .filter(c -> !TableRows.RUN_SPECIFIC.contains(c) && !c.equals(Table.RUN_DATE))
                .map(c -> col("`" + c + "`")).toArray(Column[]::new);
        return rows.select(kept).collectAsList().stream().map(Row::toString).sorted().toList();
    }

    static List<String> docIds(Path output) {
        return table(output, Table.DOCUMENTS).select("doc_id").as(Encoders.STRING()).collectAsList().stream().sorted().toList();
    }

    static List<String> expectedIds(int files) {
        return Stream.iterate(1, f -> f + 1).limit(files)
                .flatMap(f -> Stream.iterate(0, i -> i + 1).limit(8).map(i -> "f%d-doc-%04d".formatted(f, i)))
                .sorted().toList();
    }

    @Test
    void newFilesAreExtractedOnceEachAsABatchRunWouldAndARestartPicksUpOnlyWhatIsNew() throws Exception {
        Path input = incoming("in", 2);
        Path output = dir.resolve("stream-tables");
        Path checkpoint = dir.resolve("stream-checkpoint");

        String first = stream(input, output, checkpoint);
        assertEquals(2, first.lines().filter(l -> l.matches("stream \\S+ batch \\d+: 8 documents .*")).count(), first);
        assertEquals(expectedIds(2), docIds(output));
        assertEquals(2, table(output, Table.RUNS).count(), "one run per micro-batch");

        Path batch = dir.resolve("batch-tables");
        ExtractJob.run(spark, ExtractJob.parse(args(input, batch, null, false).toArray(String[]::new)));
        for (Table table : ROW_TABLES) {
            assertEquals(content(batch, table), content(output, table), table + ": the stream's rows are a batch run's");
        }

        addFile(input, 3);
        String second = stream(input, output, checkpoint);
        assertEquals(1, second.lines().filter(l -> l.contains(" batch ")).count(), "only the new file: " + second);
        assertEquals(expectedIds(3), docIds(output));
        assertEquals(3, table(output, Table.RUNS).count());
        assertEquals(table(output, Table.ENTITIES).count(), table(output, Table.ENTITIES).distinct().count(), "no entity twice");
    }

    @Test
    void aFolderOfTextFilesStreamsAsTheBatchRunReadsIt() {
        Path output = dir.resolve("text-stream-tables");
        List<String> args = new ArrayList<>(args(corpus, output, dir.resolve("text-checkpoint"), true));
        args.set(args.indexOf("jsonl"), "text");
        StreamRun.run(spark, ExtractJob.parse(args.toArray(String[]::new)), ExtractMetrics.register(spark.sparkContext()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path batch = dir.resolve("text-batch-tables");
        List<String> batchArgs = new ArrayList<>(args(corpus, batch, null, false));
        batchArgs.set(batchArgs.indexOf("jsonl"), "text");
        ExtractJob.run(spark, ExtractJob.parse(batchArgs.toArray(String[]::new)));
        for (Table table : ROW_TABLES) {
            assertEquals(content(batch, table), content(output, table), table + ": doc_ids are paths relative to the folder");
        }
    }

    @Test
    void aStreamKilledWhileWritingAMicroBatchLosesNothingAndDuplicatesNothingWhenRestarted() throws Exception {
        Path input = incoming("kill-in", 3);
        Path output = dir.resolve("kill-tables");
        Path checkpoint = dir.resolve("kill-checkpoint");
        try (ChildJob job = ChildJob.start(dir.resolve("stream.log"), Map.of(
                        "spark.master", "local[2]", "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1",
                        "spark.ui.enabled", "false", "spark.sql.shuffle.partitions", "2", "spark.databricks.delta.snapshotPartitions", "1"),
                Map.of(), args(input, output, checkpoint, true))) {
            // Killed once the second micro-batch's documents are appended: its entities, relations and runs row are to come.
            job.await("micro-batch 1's documents written", Duration.ofMinutes(3),
                    () -> job.log().matches("(?s).*writing stream batch 1 .*wrote \\S*/documents in .*"));
            job.kill();
        }
        // Batch 0 committed; batch 1's documents written but not committed (its runs row comes seconds later).
        assertEquals(1, table(output, Table.RUNS).count(), "batch 1 not committed when killed");
        assertEquals(16, table(output, Table.DOCUMENTS).count(), "batch 1's documents were written before the kill");

        stream(input, output, checkpoint);
        assertEquals(expectedIds(3), docIds(output), "every document once");
        assertEquals(3, table(output, Table.RUNS).count(), "one runs row per micro-batch");
        Path undisturbed = dir.resolve("undisturbed-tables");
        stream(input, undisturbed, dir.resolve("undisturbed-checkpoint"));
        for (Table table : ROW_TABLES) {
            assertEquals(content(undisturbed, table), content(output, table), table + " as after an undisturbed stream");
        }
    }
}
