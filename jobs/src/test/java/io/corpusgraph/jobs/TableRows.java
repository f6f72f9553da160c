package io.corpusgraph.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.corpusgraph.jobs.output.Table;

/** A run date's rows of one Delta table as sorted lines, for comparing runs. */
final class TableRows {

    /** What differs between two runs of the same input and settings: which run, and when and how fast it ran. */
    static final Set<String> RUN_SPECIFIC = Set.of("run_id", "processed_at", "extraction_ms");

    private TableRows() {}

    /** Every column. */
    static List<String> all(SparkSession spark, Path output, Table table, LocalDate date) {
        return lines(rows(spark, output, table, date));
    }

    /** Without the {@link #RUN_SPECIFIC} columns: equal for equal runs. */
    static List<String> content(SparkSession spark, Path output, Table table, LocalDate date) {
        Dataset<Row> rows = rows(spark, output, table, date);
        Column[] kept = Arrays.stream(rows.columns()).filter(c -> !RUN_SPECIFIC.contains(c)).map(c -> col("`" + c + "`")).toArray(Column[]::new);
        return lines(rows.select(kept));
    }

    /** Every column, of complete runs only: joined on the runs table as README tells readers to. */
    static List<String> complete(SparkSession spark, Path output, Table table, LocalDate date) {
        Dataset<Row> rows = rows(spark, output, table, date);
        Dataset<Row> runs = rows(spark, output, Table.RUNS, date);
        return lines(rows.join(runs, rows.col("run_id").equalTo(runs.col("run_id"))
                .and(rows.col(Table.RUN_DATE).equalTo(runs.col(Table.RUN_DATE))), "left_semi"));
    }

    static List<String> runIds(SparkSession spark, Path output, Table table, LocalDate date) {
        return rows(spark, output, table, date).select("run_id").distinct().as(Encoders.STRING()).collectAsList();
    }

    private static Dataset<Row> rows(SparkSession spark, Path output, Table table, LocalDate date) {
        return spark.read().format("delta").load(output.resolve(table.key()).toString()).where(col(Table.RUN_DATE).equalTo(lit(date)));
    }

    private static List<String> lines(Dataset<Row> rows) {
        return rows.collectAsList().stream().map(Row::toString).sorted().toList();
    }
}
