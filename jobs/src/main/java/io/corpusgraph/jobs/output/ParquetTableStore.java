package io.corpusgraph.jobs.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.net.URI;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Plain Parquet: a date is replaced by dropping its partition, then appending the new rows. Unlike
 * Delta this is two steps, so a reader in between sees the date empty, and a run that dies in
 * between leaves it empty until the rerun. Other runs' rows are deleted file by file (a file holds
 * one run's rows, as every write is one run's): a reader in between may find a file gone.
 */
final class ParquetTableStore extends StoreBase {

    ParquetTableStore(SparkSession spark, TableLocation location) {
        super(spark, location);
    }

    @Override
    public boolean exists(Table table) {
        if (location.inCatalog()) {
            return spark.catalog().tableExists(location.tableName(table));
        }
        try {
            return location.fileSystem().exists(location.path(table));
        } catch (IOException e) {
            throw new IllegalStateException("cannot look at " + location.path(table), e);
        }
    }

    @Override
    public void create(Table table) {
        if (location.inCatalog()) {
            spark.sql("CREATE TABLE IF NOT EXISTS " + location.tableName(table) + " (" + table.schema().toDDL()
                    + ") USING parquet PARTITIONED BY (" + Table.RUN_DATE + ")");
        } else {
            try {
                location.fileSystem().mkdirs(location.path(table));
            } catch (IOException e) {
                throw new IllegalStateException("cannot create " + location.path(table), e);
            }
        }
    }

    @Override
    public Dataset<Row> read(Table table) {
        // The schema is given, so that a table with no rows yet still reads.
        return location.inCatalog()
                ? spark.table(location.tableName(table))
                : spark.read().schema(table.schema()).parquet(location.path(table).toString());
    }

    @Override
    public void append(Table table, Dataset<Row> rows) {
        create(table);
        Dataset<Row> conformed = TableStore.conform(rows, table);
        if (location.inCatalog()) {
            conformed.write().mode(SaveMode.Append).insertInto(location.tableName(table));
        } else {
            conformed.write().mode(SaveMode.Append).partitionBy(Table.RUN_DATE).parquet(location.path(table).toString());
        }
    }

    @Override
    public void appendOnce(Table table, Dataset<Row> rows, Once once) {
        throw new UnsupportedOperationException("Parquet tables have no idempotent writes: a stream needs output.format = delta");
    }

    @Override
    public void replaceDate(Table table, Dataset<Row> rows, LocalDate date) {
        create(table);
        Dataset<Row> conformed = TableStore.conform(rows, table);
        if (location.inCatalog()) {
            spark.sql("ALTER TABLE " + location.tableName(table) + " DROP IF EXISTS PARTITION ("
                    + Table.RUN_DATE + " = DATE'" + date + "')");
            conformed.write().mode(SaveMode.Append).insertInto(location.tableName(table));
        } else {
            Path partition = new Path(location.path(table), Table.RUN_DATE + "=" + date);
            try {
                location.fileSystem().delete(partition, true);
            } catch (IOException e) {
                throw new IllegalStateException("cannot remove " + partition, e);
            }
            conformed.write().mode(SaveMode.Append).partitionBy(Table.RUN_DATE).parquet(location.path(table).toString());
        }
    }

    @Override
    public void deleteOtherRuns(Table table, LocalDate date, String runId) {
        List<String> files = read(table)
                .where(col(Table.RUN_DATE).equalTo(lit(Date.valueOf(date))).and(col("run_id").notEqual(lit(runId))))
                .select(col("_metadata.file_path"))
                .distinct()
                .as(Encoders.STRING())
                .collectAsList();
        for (String file : files) {
            Path path = new Path(URI.create(file));
            try {
                path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, false);
            } catch (IOException e) {
                throw new IllegalStateException("cannot remove " + path, e);
            }
        }
        if (location.inCatalog()) {
            // The catalog keeps the table's file list: it must forget the deleted files.
            spark.catalog().refreshTable(location.tableName(table));
        }
    }
}
