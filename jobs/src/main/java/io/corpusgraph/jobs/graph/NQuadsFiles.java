package io.corpusgraph.jobs.graph;

import java.util.Arrays;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * {@code nquads/}: the graph as RDF N-Quads, UTF-8, one quad per line. Each document is a named graph
 * holding what was found in it (entity types and surface forms, relations), so every statement keeps
 * its provenance; node-level facts (canonical key, mention count) and document ids are in the default graph.
 */
final class NQuadsFiles {

    private NQuadsFiles() {}

    static void write(Dataset<Row> keptMentions, Dataset<Row> nodes, Dataset<Row> edges, NQuads rdf, FeedFolder folder) {
        Dataset<String> mentions = keptMentions.select("node_id", "label", "text", "doc_id").distinct()
                .flatMap((FlatMapFunction<Row, String>) r -> Arrays.asList(
                        rdf.mention(r.<String>getAs("node_id"), r.<String>getAs("label"), r.<String>getAs("text"), r.<String>getAs("doc_id"))).iterator(),
                        Encoders.STRING());
        Dataset<String> relations = edges
                .map((MapFunction<Row, String>) r -> rdf.edge(r.<String>getAs("start_id"), r.<String>getAs("type"),
                        r.<String>getAs("end_id"), r.<String>getAs("doc_id")), Encoders.STRING());
        Dataset<String> nodeFacts = nodes
                .flatMap((FlatMapFunction<Row, String>) r -> Arrays.asList(rdf.node(r.<String>getAs("node_id"),
                        r.<String>getAs("canonical_key"), r.<Long>getAs("mention_count"))).iterator(), Encoders.STRING());
        Dataset<String> documents = keptMentions.select("doc_id").union(edges.select("doc_id")).distinct()
                .map((MapFunction<Row, String>) r -> rdf.documentId(r.<String>getAs("doc_id")), Encoders.STRING());
        mentions.union(relations).union(nodeFacts).union(documents)
                .write()
                .option("lineSep", "\n")
                .text(folder.path("nquads").toString());
        folder.keepPartFiles("nquads", ".nq");
    }
}
