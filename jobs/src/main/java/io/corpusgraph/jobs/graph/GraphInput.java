package io.corpusgraph.jobs.graph;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.sql.Date;
import java.time.LocalDate;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;

/**
 * The entities and relations of a run-date range. A document extracted on several of those dates
 * (a nightly rerun, a backfill) counts once, with its latest run: the documents table says which
 * run that is, so a rerun that found nothing hides the older run's rows too. Only complete runs count
 * (those with a runs row): a run killed before its commit is left out.
 */
public record GraphInput(Dataset<Row> entities, Dataset<Row> relations) {

    public static GraphInput read(TableStore tables, LocalDate from, LocalDate to) {
        for (Table table : new Table[] {Table.DOCUMENTS, Table.ENTITIES, Table.RELATIONS}) {
            if (!tables.exists(table)) {
                throw new JobSetupException("no " + table.key() + " table at " + tables.location().describe(table)
                        + ": run extract first, or point --output/--database at its tables");
            }
        }
        Dataset<Row> latestRuns = inRange(tables.readComplete(Table.DOCUMENTS), from, to)
                .groupBy("doc_id")
                .agg(max(Table.RUN_DATE).as(Table.RUN_DATE));
        return new GraphInput(
                ofLatestRuns(inRange(tables.readComplete(Table.ENTITIES), from, to), latestRuns),
                ofLatestRuns(inRange(tables.readComplete(Table.RELATIONS), from, to), latestRuns));
    }

    private static Dataset<Row> inRange(Dataset<Row> rows, LocalDate from, LocalDate to) {
        return rows.where(col(Table.RUN_DATE).between(Date.valueOf(from), Date.valueOf(to)));
    }

    private static Dataset<Row> ofLatestRuns(Dataset<Row> rows, Dataset<Row> latestRuns) {
        return rows.join(latestRuns, new String[] {"doc_id", Table.RUN_DATE}, "left_semi");
    }
}
