package io.corpusgraph.jobs.graph;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_replace;

import org.apache.spark.sql.Column;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code neo4j/}: input for {@code neo4j-admin database import full}. One header file per kind plus
 * Spark's part files without headers. Every field is quoted and a quote inside is doubled (RFC 4180,
 * neo4j-admin's default quoting), so commas, quotes, backslashes and newlines in a text need no other
 * escaping; newlines need {@code --multiline-fields=true}. Labels go through the :LABEL column, whose
 * array delimiter is set to U+001F (not ';', which a label may contain); a control character inside a
 * label (U+001F included, which would split it into two labels) becomes a space there ({@link #neo4jLabel}).
 */
public final class Neo4jImportFiles {

    static final String NODES_HEADER =
            "node_id:ID(Entity),canonical_key,text,:LABEL,mention_count:long,max_score:double";
    static final String RELATIONSHIPS_HEADER =
            ":START_ID(Entity),:END_ID(Entity),:TYPE,relation_id,score:double,doc_id";

    // The import command's parts, relative to the feed folder. Every node also gets the label Entity.
    public static final String NODES_ARGUMENT = "--nodes=Entity=neo4j/nodes-header.csv,neo4j/nodes/part-.*\\.csv";
    public static final String RELATIONSHIPS_ARGUMENT =
            "--relationships=neo4j/relationships-header.csv,neo4j/relationships/part-.*\\.csv";
    public static final String CSV_OPTIONS = "--multiline-fields=true --array-delimiter=U+001F";
    /** Run from the feed folder, with Neo4j stopped (or the database not yet created). */
    public static final String IMPORT_COMMAND = "neo4j-admin database import full neo4j --overwrite-destination "
            + "'" + NODES_ARGUMENT + "' '" + RELATIONSHIPS_ARGUMENT + "' " + CSV_OPTIONS;

    private Neo4jImportFiles() {}

    static void write(Dataset<Row> nodes, Dataset<Row> edges, FeedFolder folder) {
        folder.writeText("neo4j/nodes-header.csv", NODES_HEADER + "\n");
        folder.writeText("neo4j/relationships-header.csv", RELATIONSHIPS_HEADER + "\n");
        writeCsv(nodes.select(col("node_id"), col("canonical_key"), col("text"), neo4jLabel(col("label")),
                col("mention_count"), col("max_score")), folder, "neo4j/nodes");
        writeCsv(edges.select(col("start_id"), col("end_id"), col("type"), col("relation_id"), col("score"), col("doc_id")),
                folder, "neo4j/relationships");
    }

    /**
     * The label as the :LABEL column carries it: every control character (C0, DEL, C1; U+001F is the
     * column's array delimiter) becomes a space, so one entity label stays one Neo4j label.
     */
    static Column neo4jLabel(Column label) {
        return regexp_replace(label, "\\p{Cc}", " ").as("label");
    }

    private static void writeCsv(Dataset<Row> rows, FeedFolder folder, String relative) {
        rows.write()
                .option("header", false)
                .option("sep", ",")
                .option("quote", "\"")
                .option("escape", "\"")
                .option("quoteAll", true)
                // Spark trims values when writing CSV unless told not to; a text keeps its spaces.
                .option("ignoreLeadingWhiteSpace", false)
                .option("ignoreTrailingWhiteSpace", false)
                .option("lineSep", "\n")
                .option("encoding", "UTF-8")
                .csv(folder.path(relative).toString());
        folder.keepPartFiles(relative, ".csv");
    }
}
