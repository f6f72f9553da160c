package io.corpusgraph.jobs;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.SparkSession;

import com.typesafe.config.Config;

import io.corpusgraph.pipeline.spec.CommandOption.Group;
import io.corpusgraph.jobs.config.OutputSpec;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.udfs.CorpusgraphFunctions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/corpusgraph sql "…"}: Spark SQL over the tables ExtractJob wrote, by their table names, with the SQL
 * functions {@code corpusgraph_entities} and {@code corpusgraph_relations}. A query that fails prints one line
 * (Spark's reason, without its stack trace) and exits 1; when it failed and the folder holds none of the tables,
 * the folder is named in a one-line message with exit code 2.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a Spark SQL query over the extract tables (documents, entities, relations, runs), "
                + "found where conf/extract.conf's output settings say, with the functions corpusgraph_entities(text, labels"
                + " [, options]) and corpusgraph_relations(text, labels, relation_labels [, options]).")
public final class SqlCommand extends SparkJob<OutputSpec> {

    /** Exit code of a query Spark rejected or failed to run. */
    static final int QUERY_FAILED = 1;

    @Parameters(paramLabel = "QUERY", description = "e.g. \"SELECT label, count(*) FROM entities GROUP BY label\"")
    String query;

    @Option(names = "--limit", defaultValue = "50", description = "rows to show (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--width", defaultValue = "60", description = "longest value shown, in characters; 0 shows all (default ${DEFAULT-VALUE})")
    int width;

    @Override
    public Set<Group> optionGroups() {
        return EnumSet.of(Group.OUTPUT);
    }

    public static void main(String[] args) {
        System.exit(Launcher.execute(new SqlCommand(), args));
    }

    @Override
    OutputSpec settings(Config conf) {
        return OutputSpec.from(conf);
    }

    @Override
    int execute(SparkSession spark, OutputSpec output) {
        return run(spark, output, query, limit, width, System.err);
    }

    /**
     * Registers the tables and the SQL functions and shows the query's rows; a failed query is one line on
     * {@code err}, exit code 1. A query that needs no table (the functions on literals) runs without any.
     */
    static int run(SparkSession spark, OutputSpec output, String query, int limit, int width, PrintStream err) {
        List<String> registered = registerTables(spark, output);
        // Whatever spark.sql.extensions says (spark-submit may have set its own list).
        CorpusgraphFunctions.register(spark);
        try {
            spark.sql(query).show(limit, width);
            return 0;
        } catch (Exception e) {  // AnalysisException is a checked exception that Scala code throws undeclared
            if (!output.inCatalog() && registered.isEmpty()) {
                throw new JobSetupException("no tables in " + TableStore.open(spark, output).location().describeRoot()
                        + " (looked for " + String.join(", ", names(output)) + "): run extract first, or point --output at"
                        + " the folder extract wrote", e);
            }
            err.println("sql: " + firstLine(e));
            if (!output.inCatalog()) {
                err.println("sql: tables of " + TableStore.open(spark, output).location().describeRoot() + ": "
                        + String.join(", ", registered));
            }
            return QUERY_FAILED;
        }
    }

    /** Spark's messages put the reason on the first line and the plan or query context after it. */
    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }

    private static List<String> names(OutputSpec output) {
        List<String> names = new ArrayList<>();
        for (Table table : Table.values()) {
            names.add(output.name(table));
        }
        return names;
    }

    /**
     * Folder tables become temporary views under their table names; a database becomes the current one.
     * Returns the names of the views registered.
     */
    static List<String> registerTables(SparkSession spark, OutputSpec output) {
        List<String> registered = new ArrayList<>();
        if (output.inCatalog()) {
            spark.catalog().setCurrentDatabase(output.database());
            return registered;
        }
        TableStore tables = TableStore.open(spark, output);
        for (Table table : Table.values()) {
            if (tables.exists(table)) {
                tables.read(table).createOrReplaceTempView(output.name(table));
                registered.add(output.name(table));
            }
        }
        return registered;
    }
}
