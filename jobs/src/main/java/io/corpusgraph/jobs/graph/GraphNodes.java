package io.corpusgraph.jobs.graph;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Entity mentions → graph nodes: one node per canonical key (normalised text + label), whatever the
 * document. Columns: node_id, canonical_key, text, label, mention_count, max_score.
 */
public final class GraphNodes {

    private GraphNodes() {}

    /** 128 bits of SHA-256 of the canonical key, hex: the same entity gets the same node id in every export. */
    public static Column nodeId(Column canonicalKey) {
        return substring(sha2(canonicalKey, 256), 1, 32);
    }

    /** The mentions that make it into the graph: score at least {@code minScore}, with their node id. */
    public static Dataset<Row> keptMentions(Dataset<Row> entities, double minScore) {
        return entities.where(col("score").geq(minScore))
                .withColumn("node_id", nodeId(col("canonical_key")));
    }

    /** The node's text is its most frequent surface form (ties: the greatest in string order, so it is deterministic). */
    public static Dataset<Row> of(Dataset<Row> keptMentions) {
        return keptMentions
                .groupBy("node_id", "canonical_key", "label", "text")
                .agg(count(lit(1)).as("mentions"), max("score").as("max_score"))
                .groupBy("node_id", "canonical_key", "label")
                .agg(max(struct(col("mentions"), col("text"))).getField("text").as("text"),
                        sum("mentions").as("mention_count"),
                        max("max_score").as("max_score"))
                .select("node_id", "canonical_key", "text", "label", "mention_count", "max_score");
    }
}
