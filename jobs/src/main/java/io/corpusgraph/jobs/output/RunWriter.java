package io.corpusgraph.jobs.output;

import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.corpusgraph.jobs.run.RunReport;
import io.corpusgraph.udfs.CorpusSchema;
import io.corpusgraph.udfs.CorpusgraphExtract;

/**
 * One run's extracted rows → the documents, entities and relations tables, committed by its runs row. The
 * order makes a run killed at any point leave the date's complete run readable: the run's rows are added
 * beside the date's previous ones, the runs row then commits the run (one atomic replace), and only after
 * that go the rows of other runs. Readers who want complete runs join on runs (README). One run per date
 * writes at a time: the caller holds the date's {@link DateLock} (taken before the extraction, so that the
 * loser of two runs for one date stops before any work); two interleaved runs could leave a mix of both.
 */
public final class RunWriter {
    private static final Logger LOG = LoggerFactory.getLogger(RunWriter.class);

    /** The tables a run's rows go to (the runs table holds its commit). */
    private static final List<Table> DATA_TABLES = List.of(Table.DOCUMENTS, Table.ENTITIES, Table.RELATIONS);

    private final TableStore tables;

    private final boolean storeText;

    /** @param storeText whether the documents table keeps each text (output.store-text) */
    public RunWriter(TableStore tables, boolean storeText) {
        this.tables = tables;
        this.storeText = storeText;
    }

    /**
     * @param runId     the run's id, which holds the date's {@link DateLock}
     * @param extracted {@link CorpusSchema#EXTRACTED} rows, computed already (persisted)
     * @param report    the run id → the run's report, made once its rows are written (it ends the run's clock)
     */
    public RunReport write(String runId, Dataset<Row> extracted, LocalDate runDate, String modelId,
                           Function<String, RunReport> report) {
        LOG.info("writing run {} for {} to {}", runId, runDate, tables.location().describeRoot());
        // Looked at before this run adds its rows: only tables that held the date's rows need a clean-up (a nightly
        // run for a new date has none, and saves one Delta transaction per table).
        List<Table> earlier = DATA_TABLES.stream().filter(table -> tables.holdsDate(table, runDate)).toList();
        appendRows(runId, extracted, runDate, modelId, null);
        RunReport run = report.apply(runId);
        // The commit: from here the date's runs row names this run, whose rows are complete.
        tables.replaceDate(Table.RUNS, runRow(extracted, run), runDate);
        LOG.info("committed run {} in {}", runId, tables.location().describe(Table.RUNS));
        // Clean-up: the previous run's rows, and those of any run killed before its commit.
        if (earlier.isEmpty()) {
            LOG.info("no clean-up: {} had no earlier rows", runDate);
            return run;
        }
        long start = System.nanoTime();
        together(earlier.stream().<Runnable>map(table -> () -> tables.deleteOtherRuns(table, runDate, runId)).toList());
        LOG.info("removed the date's other runs from {} in {} s", earlier, String.format("%.1f", (System.nanoTime() - start) / 1e9));
        return run;
    }

    /**
     * One micro-batch of a stream, written {@link TableStore.Once once} per table: its rows are added beside the
     * date's others (nothing is replaced or cleaned up: a stream adds runs), and its runs row, appended last,
     * commits it. Replayed after a crash with the same once and run id, each table that already holds this
     * write skips it, and the tables that do not get it: nothing is lost and nothing is written twice.
     */
    public RunReport writeOnce(String runId, Dataset<Row> extracted, LocalDate runDate, String modelId,
                               Function<String, RunReport> report, TableStore.Once once) {
        LOG.info("writing stream batch {} (run {}) for {} to {}", once.version(), runId, runDate, tables.location().describeRoot());
        appendRows(runId, extracted, runDate, modelId, once);
        RunReport run = report.apply(runId);
        tables.appendOnce(Table.RUNS, runRow(extracted, run), once);
        LOG.info("committed stream batch {} (run {}) in {}", once.version(), runId, tables.location().describe(Table.RUNS));
        return run;
    }

    /** The documents, entities and relations rows of a run, added beside the rows already there. */
    private void appendRows(String runId, Dataset<Row> extracted, LocalDate runDate, String modelId, TableStore.Once once) {
        Dataset<Row> documents = extracted.drop(CorpusSchema.ENTITIES, CorpusSchema.RELATIONS, CorpusSchema.DROPPED_RELATIONS);
        if (!storeText) {
            documents = documents.withColumn(CorpusSchema.DOCUMENT_TEXT, lit(null).cast(DataTypes.StringType));
        }
        Dataset<Row> docs = documents;
        // Three tables, three Spark jobs and Delta commits that do not wait for each other; relations are appended
        // even when empty, so that the table exists for readers.
        together(List.of(
                () -> append(Table.DOCUMENTS, docs, runId, modelId, runDate, once),
                () -> append(Table.ENTITIES, CorpusgraphExtract.exploded(extracted, CorpusSchema.ENTITIES), runId, modelId, runDate, once),
                () -> append(Table.RELATIONS, CorpusgraphExtract.exploded(extracted, CorpusSchema.RELATIONS), runId, modelId, runDate, once)));
    }

    /**
     * The writes at once, each on a thread of its own (Spark runs jobs of several driver threads side by side; they
     * inherit this thread's session and job properties), returning when all have ended; the first failure is thrown.
     * Writes to different tables: a table's commits stay in order.
     */
    private static void together(List<Runnable> writes) {
        ExecutorService pool = Executors.newFixedThreadPool(writes.size(), task -> {
            Thread thread = new Thread(task, "corpusgraph-write");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = writes.stream().<Future<?>>map(pool::submit).toList();
            RuntimeException failure = null;
            for (Future<?> write : running) {
                try {
                    write.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while writing the tables", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Dataset<Row> runRow(Dataset<Row> extracted, RunReport run) {
        return extracted.sparkSession().createDataFrame(List.of(run.toRow()), Table.RUNS.schema());
    }

    private void append(Table table, Dataset<Row> rows, String runId, String modelId, LocalDate runDate, TableStore.Once once) {
        long start = System.nanoTime();
        Dataset<Row> filed = rows.withColumn("run_id", lit(runId))
                .withColumn("model_id", lit(modelId))
                .withColumn(Table.RUN_DATE, lit(runDate));
        if (once == null) {
            tables.append(table, filed);
        } else {
            tables.appendOnce(table, filed, once);
        }
        LOG.info("wrote {} in {} s", tables.location().describe(table), String.format("%.1f", (System.nanoTime() - start) / 1e9));
    }
}
