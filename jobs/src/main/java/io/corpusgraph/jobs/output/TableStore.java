package io.corpusgraph.jobs.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.corpusgraph.jobs.config.OutputSpec;

/**
 * The run's tables, Delta or Parquet, in a folder or a catalog database. Rows are filed by run_date,
 * and a run replaces exactly its own date: reruns are idempotent, backfills leave other dates alone,
 * and runs for different dates never overlap. A run's rows are complete once the runs table holds
 * its row ({@link #readComplete}).
 */
public interface TableStore {

    static TableStore open(SparkSession spark, OutputSpec output) {
        TableLocation location = new TableLocation(spark, output);
        return switch (output.format()) {
            case DELTA -> new DeltaTableStore(spark, location);
            case PARQUET -> new ParquetTableStore(spark, location);
        };
    }

    TableLocation location();

    /**
     * Fails with a message saying what to fix when the output cannot be written, or when one of {@code tables}
     * is in the other format or cannot be written; writes no table.
     */
    default void checkWritable(Table... tables) {
        location().checkWritable(tables);
    }

    boolean exists(Table table);

    /** Creates the table, empty and partitioned by run_date, unless it exists. */
    void create(Table table);

    Dataset<Row> read(Table table);

    /** After this, the table's rows for {@code date} are exactly {@code rows}; other dates are untouched. */
    void replaceDate(Table table, Dataset<Row> rows, LocalDate date);

    /** Adds rows to the table (created when missing), leaving every row already there. */
    void append(Table table, Dataset<Row> rows);

    /**
     * A write that happens once: {@code version} of writer {@code appId} (a stream's id and micro-batch id).
     * When the table's log already holds that version of that writer, nothing is written: a micro-batch replayed
     * after a crash adds no second copy (Delta's {@code txnAppId} / {@code txnVersion}).
     */
    record Once(String appId, long version) {}

    /** {@link #append(Table, Dataset)} done {@link Once}; only Delta tables can. */
    void appendOnce(Table table, Dataset<Row> rows, Once once);

    /**
     * Removes the date's rows whose run_id is not {@code runId}: after a run's commit, the rows of the run
     * it replaced and of runs killed before their commit.
     */
    void deleteOtherRuns(Table table, LocalDate date, String runId);

    /**
     * Whether the table may hold rows filed under {@code date} (of any run, committed or not), looked up without a
     * Spark job or a Delta log read: its folder's {@code run_date=<date>} partition folder (corpusgraph creates the
     * tables partitioned by run_date, Hive-style). A run for a date nothing was written to yet then needs no
     * clean-up transaction after its commit. Catalog tables answer true (their folder is the catalog's).
     */
    default boolean holdsDate(Table table, LocalDate date) {
        if (location().inCatalog()) {
            return true;
        }
        try {
            return location().fileSystem().exists(new Path(location().path(table), Table.RUN_DATE + "=" + date));
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * The table's rows of complete runs: those whose run has a runs row. A run killed before its commit
     * leaves rows without one, hidden here until the next run of their date removes them.
     */
    default Dataset<Row> readComplete(Table table) {
        Dataset<Row> rows = read(table);
        if (!exists(Table.RUNS)) {
            return rows.where(lit(false));
        }
        Dataset<Row> runs = read(Table.RUNS);
        // A condition, not join columns: the rows keep the table's column order.
        return rows.join(runs, rows.col("run_id").equalTo(runs.col("run_id"))
                .and(rows.col(Table.RUN_DATE).equalTo(runs.col(Table.RUN_DATE))), "left_semi");
    }

    /** The table's columns in the table's order and types, whatever order the job built them in. */
    static Dataset<Row> conform(Dataset<Row> rows, Table table) {
        return rows.select(Arrays.stream(table.schema().fields())
                .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
                .toArray(Column[]::new));
    }
}
