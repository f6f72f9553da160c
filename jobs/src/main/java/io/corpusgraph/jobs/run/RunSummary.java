package io.corpusgraph.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.udfs.CorpusSchema;

/** The report printed after a run, read back from the tables it wrote, with the SQL to explore them. */
public final class RunSummary {

    private static final int TOP = 10;

    private RunSummary() {}

    public static void print(ExtractConfig config, TableStore tables, RunReport report, PrintStream out) {
        Dataset<Row> documents = tables.read(Table.DOCUMENTS).where(col("run_id").equalTo(report.runId()));
        Dataset<Row> entities = tables.read(Table.ENTITIES).where(col("run_id").equalTo(report.runId()));

        out.printf("%ncorpusgraph extract: run %s for %s%n", report.runId(), report.runDate());
        out.printf("  model       %s%n", report.modelId());
        if (!config.modelNote().isBlank()) {
            out.printf("  NOTE        %s%n", config.modelNote());
        }
        out.printf("  labels      %s (threshold %s)%n", String.join(", ", config.extraction().labels()), config.extraction().threshold());
        out.printf("  documents   %d: %d ok, %d quarantined%s; %.1f documents/s (%.1f s extracting, %d ms in ONNX)%n",
                report.documents(), report.okDocuments(), report.quarantinedDocuments(),
                report.skippedDocuments() > 0 ? ", " + report.skippedDocuments() + " skipped (incremental)" : "",
                report.documentsPerSecond(), report.extractionSeconds(), report.onnxMillis());
        out.printf("  entities    %d%n", report.entities());
        for (Row r : entities.groupBy("label").agg(count(lit(1)).as("n")).orderBy(col("n").desc(), col("label")).collectAsList()) {
            out.printf("    %-24s %6d%n", r.<String>getAs("label"), r.<Long>getAs("n"));
        }
        List<Row> frequent = entities.groupBy("canonical_key")
                .agg(count(lit(1)).as("n"), first("text").as("text"), first("label").as("label"))
                .orderBy(col("n").desc(), col("canonical_key")).limit(TOP).collectAsList();
        if (!frequent.isEmpty()) {
            out.println("  most frequent entities");
            for (Row r : frequent) {
                out.printf("    %6d  %-40s %s%n", r.<Long>getAs("n"), r.<String>getAs("text"), r.<String>getAs("label"));
            }
        }
        if (!config.extraction().relations().labels().isEmpty()) {
            out.printf("  relations   %d (%s; threshold %s), %d dropped: head or tail matched no entity%n", report.relations(),
                    String.join(", ", config.extraction().relations().labels()), config.extraction().relations().threshold(),
                    report.droppedRelations());
        }
        List<Row> quarantined = documents.where(col("status").equalTo(CorpusSchema.QUARANTINED))
                .select("doc_id", "error").orderBy("doc_id").limit(TOP).collectAsList();
        if (!quarantined.isEmpty()) {
            out.println("  quarantined (first " + TOP + ")");
            for (Row r : quarantined) {
                out.printf("    %-40s %s%n", r.<String>getAs("doc_id"), r.<String>getAs("error"));
            }
        }
        out.printf("  tables      %s (%s): %s%n", tables.location().describeRoot(), config.output().format().name().toLowerCase(Locale.ROOT),
                Stream.of(Table.DOCUMENTS, Table.ENTITIES, Table.RELATIONS, Table.RUNS).map(config.output()::name)
                        .collect(Collectors.joining(", ")));
        out.println("  query them, e.g.");
        String sql = SqlCommandLine.of(config.output());  // with --output etc. when not the defaults
        String e = config.output().name(Table.ENTITIES);
        String d = config.output().name(Table.DOCUMENTS);
        out.printf("    %s \"SELECT label, count(*) AS n FROM %s WHERE run_date = DATE'%s' GROUP BY label ORDER BY n DESC\"%n",
                sql, e, report.runDate());
        out.printf("    %s \"SELECT canonical_key, count(*) AS n FROM %s GROUP BY canonical_key ORDER BY n DESC LIMIT 20\"%n", sql, e);
        out.printf("    %s \"SELECT e.doc_id, e.label, e.text, substring(d.text, e.start + 1, e.end - e.start) AS in_text "
                + "FROM %s e JOIN %s d USING (doc_id, run_id) ORDER BY e.score DESC\"%n", sql, e, d);
        out.printf("    %s \"SELECT doc_id, error FROM %s WHERE status = 'quarantined'\"%n", sql, d);
        if (!config.extraction().relations().labels().isEmpty()) {
            out.printf("    %s \"SELECT head_text, relation, tail_text, score FROM %s WHERE run_id = '%s' ORDER BY score DESC\"%n",
                    sql, config.output().name(Table.RELATIONS), report.runId());
        }
    }
}
