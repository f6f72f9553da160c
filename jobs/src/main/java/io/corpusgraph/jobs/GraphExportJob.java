package io.corpusgraph.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.corpusgraph.jobs.config.ConfigOptions;
import io.corpusgraph.jobs.config.GraphExportConfig;
import io.corpusgraph.jobs.config.GraphExportOptions;
import io.corpusgraph.jobs.config.OutputOptions;
import io.corpusgraph.jobs.graph.GraphExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Entities and relations tables → knowledge-graph feeds: neo4j-admin import files and RDF N-Quads.
 *
 * <pre>spark-submit --class io.corpusgraph.jobs.GraphExportJob corpusgraph-jobs-*-spark.jar --from … --to …</pre>
 */
@Command(name = "graph-export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Exports the entities and relations of a run-date range as a knowledge graph: "
                + "neo4j-admin import files (neo4j/) and RDF N-Quads (nquads/). Settings come from conf/extract.conf "
                + "(graph-export and output sections); every option below overrides one of its keys.")
public final class GraphExportJob implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(GraphExportJob.class);

    @Mixin
    GraphExportOptions graphOptions;
    @Mixin
    OutputOptions outputOptions;
    @Mixin
    ConfigOptions configOptions;

    public static void main(String[] args) {
        System.exit(Launcher.execute(new GraphExportJob(), args));
    }

    /** Command-line arguments → checked settings; unknown options and bad values fail here. */
    public static GraphExportConfig parse(String... args) {
        GraphExportJob job = new GraphExportJob();
        Launcher.commandLine(job).parseArgs(args);
        return job.config();
    }

    @Override
    public Integer call() {
        GraphExportConfig config = config();
        SparkSession spark = SparkSessions.create("corpusgraph graph-export");
        try {
            GraphExport.Counts counts = GraphExport.run(spark, config);
            LOG.info("graph export: {}", counts);
            counts.print(config, config.path(), System.out);
        } finally {
            spark.stop();
        }
        return 0;
    }

    private GraphExportConfig config() {
        Map<String, Object> named = new HashMap<>();
        graphOptions.addTo(named);
        outputOptions.addTo(named);
        return GraphExportConfig.from(configOptions.load(named));
    }
}
