package io.corpusgraph.udfs;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The row shapes that go into and come out of {@link ExtractPartition}: the one owner of the documents',
 * entities' and relations' columns (the jobs' tables add only their run columns to these).
 */
public final class CorpusSchema {

    /** The columns of {@link #EXTRACTED} that hold a document's entities and relations, not the document. */
    /** The document's text in {@link #EXTRACTED} and {@link #DOCUMENT} (null in the documents table unless output.store-text). */
    public static final String DOCUMENT_TEXT = "text";
    public static final String ENTITIES = "entities";
    public static final String RELATIONS = "relations";
    public static final String DROPPED_RELATIONS = "dropped_relations";

    /**
     * One input document, whatever the source format. Exactly one of {@code text} and {@code bytes}
     * is normally set: readers of raw files leave decoding to the executor so that undecodable bytes
     * become a quarantine row instead of a failed read. {@code problem} is a reason the reader already
     * found (a malformed JSON line), null otherwise.
     */
    public static final StructType INPUT = new StructType()
            .add("doc_id", StringType)
            .add("source", StringType)
            .add("text", StringType)
            .add("bytes", BinaryType)
            .add("content_sha256", StringType)
            .add("problem", StringType);

    /**
     * An optional array&lt;string&gt; column of {@link #INPUT} rows: the document's words, already split
     * (gold corpora, compared by word index). The text is then these words joined by single spaces, and
     * entity offsets refer to that text.
     */
    public static final String WORDS = "words";

    /**
     * An entity as the SQL function {@code corpusgraph_entities} returns it: where it is (code points, end
     * exclusive), its text, label and score. {@link #ENTITY} is this with the entity's id and canonical key.
     */
    public static final StructType SPAN = new StructType()
            .add("start", IntegerType, false)
            .add("end", IntegerType, false)
            .add("text", StringType, false)
            .add("label", StringType, false)
            .add("score", FloatType, false);

    public static final StructType ENTITY = new StructType(concat(
            new StructType().add("entity_id", StringType, false).fields(),
            SPAN.fields(),
            new StructType().add("canonical_key", StringType, false).fields()));

    /** A relation as the SQL function {@code corpusgraph_relations} returns it: head and tail are {@link #SPAN}s. */
    public static final StructType SPAN_RELATION = new StructType()
            .add("head", SPAN, false)
            .add("relation", StringType, false)
            .add("tail", SPAN, false)
            .add("score", FloatType, false);

    /** A relation between two entities of the same document, by their entity ids. */
    public static final StructType RELATION = new StructType()
            .add("relation_id", StringType, false)
            .add("head_entity_id", StringType, false)
            .add("tail_entity_id", StringType, false)
            .add("relation", StringType, false)
            .add("score", FloatType, false)
            .add("head_text", StringType, false)
            .add("tail_text", StringType, false)
            .add("head_label", StringType, false)
            .add("tail_label", StringType, false);

    /**
     * One output row per input document: the documents table's columns (without the run columns the
     * job adds) plus the document's entities and relations (and how many relations were dropped for want
     * of an entity), so that one pass over the corpus feeds all three tables.
     */
    public static final StructType EXTRACTED = new StructType()
            .add("doc_id", StringType, false)
            .add("source", StringType)
            .add("content_sha256", StringType)
            .add("char_length", IntegerType)
            .add("word_count", IntegerType)
            .add("window_count", IntegerType)
            .add("status", StringType, false)
            .add("error", StringType)
            .add("processed_at", TimestampType, false)
            .add("extraction_ms", DoubleType, false)
            .add(DOCUMENT_TEXT, StringType)
            .add(ENTITIES, DataTypes.createArrayType(ENTITY, false), false)
            .add(RELATIONS, DataTypes.createArrayType(RELATION, false), false)
            .add(DROPPED_RELATIONS, IntegerType, false);

    /** A document's own columns: {@link #EXTRACTED} without its entities and relations. */
    public static final StructType DOCUMENT = new StructType(java.util.Arrays.stream(EXTRACTED.fields())
            .filter(f -> !List.of(ENTITIES, RELATIONS, DROPPED_RELATIONS).contains(f.name()))
            .toArray(StructField[]::new));

    public static final String OK = "ok";
    public static final String QUARANTINED = "quarantined";

    private CorpusSchema() {}

    private static StructField[] concat(StructField[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(StructField[]::new);
    }
}
