package io.corpusgraph.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import io.corpusgraph.jobs.config.ConfigOptions;
import io.corpusgraph.jobs.config.OutputOptions;
import io.corpusgraph.jobs.config.OutputSpec;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/corpusgraph sql "…"}: Spark SQL over the tables ExtractJob wrote, by their table names. */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a Spark SQL query over the extract tables (documents, entities, relations, runs), "
                + "found where conf/extract.conf's output settings say.")
public final class SqlCommand implements Callable<Integer> {

    @Parameters(paramLabel = "QUERY", description = "e.g. \"SELECT label, count(*) FROM entities GROUP BY label\"")
    String query;

    @Option(names = "--limit", defaultValue = "50", description = "rows to show (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--width", defaultValue = "60", description = "longest value shown, in characters; 0 shows all (default ${DEFAULT-VALUE})")
    int width;

    @Mixin
    OutputOptions outputOptions;
    @Mixin
    ConfigOptions configOptions;

    public static void main(String[] args) {
        System.exit(Launcher.execute(new SqlCommand(), args));
    }

    @Override
    public Integer call() {
        Map<String, Object> named = new HashMap<>();
        outputOptions.addTo(named);
        OutputSpec output = OutputSpec.from(configOptions.load(named));
        SparkSession spark = SparkSessions.create("corpusgraph sql");
        try {
            registerTables(spark, output);
            spark.sql(query).show(limit, width);
        } finally {
            spark.stop();
        }
        return 0;
    }

    /** Folder tables become temporary views under their table names; a database becomes the current one. */
    static void registerTables(SparkSession spark, OutputSpec output) {
        if (output.inCatalog()) {
            spark.catalog().setCurrentDatabase(output.database());
            return;
        }
        TableStore tables = TableStore.open(spark, output);
        for (Table table : Table.values()) {
            if (tables.exists(table)) {
                tables.read(table).createOrReplaceTempView(output.name(table));
            }
        }
    }
}
