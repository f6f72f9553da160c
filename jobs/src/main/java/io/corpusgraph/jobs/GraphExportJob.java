package io.corpusgraph.jobs;

import java.util.EnumSet;
import java.util.Set;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.typesafe.config.Config;

import io.corpusgraph.pipeline.spec.CommandOption.Group;
import io.corpusgraph.jobs.config.GraphExportConfig;
import io.corpusgraph.jobs.graph.GraphExport;
import picocli.CommandLine.Command;

/**
 * Entities and relations tables → knowledge-graph feeds: neo4j-admin import files and RDF N-Quads.
 *
 * <pre>spark-submit --class io.corpusgraph.jobs.GraphExportJob corpusgraph-jobs-*-spark.jar --from … --to …</pre>
 */
@Command(name = "graph-export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Exports the entities and relations of a run-date range as a knowledge graph: "
                + "neo4j-admin import files (neo4j/) and RDF N-Quads (nquads/). Settings come from conf/extract.conf "
                + "(graph-export and output sections); every option below overrides one of its keys.")
public final class GraphExportJob extends SparkJob<GraphExportConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(GraphExportJob.class);

    @Override
    public Set<Group> optionGroups() {
        return EnumSet.of(Group.GRAPH_EXPORT, Group.OUTPUT);
    }

    public static void main(String[] args) {
        System.exit(Launcher.execute(new GraphExportJob(), args));
    }

    /** Command-line arguments → checked settings; unknown options and bad values fail here. */
    public static GraphExportConfig parse(String... args) {
        return parse(new GraphExportJob(), args);
    }

    @Override
    GraphExportConfig settings(Config conf) {
        return GraphExportConfig.from(conf);
    }

    @Override
    int execute(SparkSession spark, GraphExportConfig config) {
        GraphExport.Counts counts = GraphExport.run(spark, config);
        LOG.info("graph export: {}", counts);
        counts.print(config, config.path(), System.out);
        return 0;
    }
}
