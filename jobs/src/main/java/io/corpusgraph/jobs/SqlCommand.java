package io.corpusgraph.jobs;

import java.util.EnumSet;
import java.util.Set;

import org.apache.spark.sql.SparkSession;

import com.typesafe.config.Config;

import io.corpusgraph.pipeline.spec.CommandOption.Group;
import io.corpusgraph.jobs.config.OutputSpec;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/corpusgraph sql "…"}: Spark SQL over the tables ExtractJob wrote, by their table names. */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a Spark SQL query over the extract tables (documents, entities, relations, runs), "
                + "found where conf/extract.conf's output settings say.")
public final class SqlCommand extends SparkJob<OutputSpec> {

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
    void execute(SparkSession spark, OutputSpec output) {
        registerTables(spark, output);
        spark.sql(query).show(limit, width);
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
