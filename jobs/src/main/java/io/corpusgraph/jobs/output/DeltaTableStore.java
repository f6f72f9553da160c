package io.corpusgraph.jobs.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.regex.Pattern;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;

/** Delta tables: a date is replaced, and other runs' rows deleted, each in one atomic commit. */
final class DeltaTableStore extends StoreBase {

    /** A file of a committed version in {@code _delta_log}: its JSON, or a checkpoint (classic, multi-part or v2). */
    private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.(json|checkpoint\\..+)");

    DeltaTableStore(SparkSession spark, TableLocation location) {
        super(spark, location);
    }

    @Override
    public boolean exists(Table table) {
        return location.inCatalog()
                ? spark.catalog().tableExists(location.tableName(table))
                : hasCommit(new Path(location.path(table), "_delta_log"));
    }

    /**
     * Whether the log holds a commit. Not DeltaTable.isDeltaTable: that is
     * true, in this JVM, from the moment a run creating the table has made its log folder, before its first commit
     * lands, and a read then fails with DELTA_TABLE_NOT_FOUND.
     */
    private boolean hasCommit(Path log) {
        try {
            FileSystem fs = location.fileSystem();
            return fs.exists(log) && fs.listStatus(log, file -> COMMIT.matcher(file.getName()).matches()).length > 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot look at " + log + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void create(Table table) {
        DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark);
        builder = location.inCatalog() ? builder.tableName(location.tableName(table)) : builder.location(location.path(table).toString());
        try {
            builder.addColumns(table.schema()).partitionedBy(Table.RUN_DATE).execute();
        } catch (Exception e) {
            // Another run (for another date) creating it at the same moment: that is what was wanted. Its first
            // commit may still be on its way (the log folder exists, its first version not yet), so wait a little.
            // Exception, not RuntimeException: Delta reports that moment as DELTA_TABLE_NOT_FOUND, an
            // AnalysisException, which Scala throws unchecked.
            if (!createdByAnother(table)) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot create " + location.path(table)
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private boolean createdByAnother(Table table) {
        for (int attempt = 0; attempt < 50; attempt++) {
            if (exists(table)) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public Dataset<Row> read(Table table) {
        return location.inCatalog()
                ? spark.table(location.tableName(table))
                : spark.read().format("delta").load(location.path(table).toString());
    }

    @Override
    public void append(Table table, Dataset<Row> rows) {
        save(table, writer(table, rows).mode(SaveMode.Append));
    }

    @Override
    public void appendOnce(Table table, Dataset<Row> rows, Once once) {
        save(table, writer(table, rows).mode(SaveMode.Append)
                .option("txnAppId", once.appId())
                .option("txnVersion", once.version()));
    }

    private void save(Table table, DataFrameWriter<Row> writer) {
        create(table);
        if (location.inCatalog()) {
            writer.saveAsTable(location.tableName(table));
        } else {
            writer.save(location.path(table).toString());
        }
    }

    @Override
    public void replaceDate(Table table, Dataset<Row> rows, LocalDate date) {
        create(table);
        DataFrameWriter<Row> writer = writer(table, rows)
                .mode(SaveMode.Overwrite)
                .option("replaceWhere", Table.RUN_DATE + " = DATE'" + date + "'");
        if (location.inCatalog()) {
            writer.saveAsTable(location.tableName(table));
        } else {
            writer.save(location.path(table).toString());
        }
    }

    @Override
    public void deleteOtherRuns(Table table, LocalDate date, String runId) {
        DeltaTable delta = location.inCatalog()
                ? DeltaTable.forName(spark, location.tableName(table))
                : DeltaTable.forPath(spark, location.path(table).toString());
        delta.delete(col(Table.RUN_DATE).equalTo(lit(Date.valueOf(date))).and(col("run_id").notEqual(lit(runId))));
    }

    /**
     * A Delta writer of the table's columns. mergeSchema: a table written by an older corpusgraph gains the
     * columns a newer one adds (e.g. runs.max_sequence_tokens) instead of failing the nightly run.
     */
    private static DataFrameWriter<Row> writer(Table table, Dataset<Row> rows) {
        return TableStore.conform(rows, table).write().format("delta").option("mergeSchema", "true");
    }
}
