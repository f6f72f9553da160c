package io.corpusgraph.jobs.graph;

import static org.apache.spark.sql.functions.col;

import java.io.PrintStream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import io.corpusgraph.jobs.config.GraphExportConfig;
import io.corpusgraph.jobs.output.TableStore;

/** Tables → graph → feed folder: the whole export, one step per line. */
public final class GraphExport {

    /** What the export wrote and left out, in rows. */
    public record Counts(long mentions, long keptMentions, long nodes, long relations, long relationsBelowMinScore,
            long relationsWithoutEndpoint, long edges) {

        public void print(GraphExportConfig config, String root, PrintStream out) {
            out.printf("%ncorpusgraph graph-export: run dates %s to %s, min score %s -> %s%n", config.from(), config.to(),
                    config.minScore(), root);
            out.printf("  nodes       %d (from %d of %d entity mentions; %d below min score)%n", nodes, keptMentions,
                    mentions, mentions - keptMentions);
            out.printf("  edges       %d of %d relations (%d below min score, %d dropped: head or tail below min score)%n",
                    edges, relations, relationsBelowMinScore, relationsWithoutEndpoint);
            out.printf("  neo4j       cd %s && %s%n", root, Neo4jImportFiles.IMPORT_COMMAND);
            out.printf("  nquads      %s/nquads/part-*.nq%n", root);
        }
    }

    private GraphExport() {}

    public static Counts run(SparkSession spark, GraphExportConfig config) {
        TableStore tables = TableStore.open(spark, config.tables());
        // Before anything is read: a feed folder that overlaps the tables or holds others' files is refused.
        FeedFolder folder = FeedFolder.open(spark, config.path(), tables.location().tablesFolder());
        GraphInput input = GraphInput.read(tables, config.from(), config.to());

        Dataset<Row> kept = persist(GraphNodes.keptMentions(input.entities(), config.minScore()));
        Dataset<Row> nodes = persist(GraphNodes.of(kept));
        Dataset<Row> edges = persist(GraphEdges.of(input.relations(), kept, config.minScore()));

        folder.clear();
        Neo4jImportFiles.write(nodes, edges, folder);
        NQuadsFiles.write(kept, nodes, edges, new NQuads(config.baseIri()), folder);

        long relations = input.relations().count();
        long relationsAboveMin = input.relations().where(col("score").geq(config.minScore())).count();
        Counts counts = new Counts(input.entities().count(), kept.count(), nodes.count(), relations,
                relations - relationsAboveMin, relationsAboveMin - edges.count(), edges.count());
        kept.unpersist();
        nodes.unpersist();
        edges.unpersist();
        return counts;
    }

    private static Dataset<Row> persist(Dataset<Row> rows) {
        return rows.persist(StorageLevel.MEMORY_AND_DISK());
    }
}
