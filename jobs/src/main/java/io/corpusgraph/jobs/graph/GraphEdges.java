package io.corpusgraph.jobs.graph;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Relations → graph edges between nodes. An edge stays one per relation found (its document is its
 * provenance); a relation below the minimum score, or whose head or tail entity did not make it into
 * the graph, is dropped. Columns: start_id, end_id, type, relation_id, score, doc_id.
 */
public final class GraphEdges {

    private GraphEdges() {}

    public static Dataset<Row> of(Dataset<Row> relations, Dataset<Row> keptMentions, double minScore) {
        Dataset<Row> heads = keptMentions.select(col("entity_id").as("head_entity_id"), col("node_id").as("start_id"));
        Dataset<Row> tails = keptMentions.select(col("entity_id").as("tail_entity_id"), col("node_id").as("end_id"));
        return relations.where(col("score").geq(minScore))
                .join(heads, "head_entity_id")
                .join(tails, "tail_entity_id")
                .select(col("start_id"), col("end_id"), col("relation").as("type"), col("relation_id"),
                        col("score"), col("doc_id"));
    }
}
