package io.corpusgraph.udfs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructType;

/**
 * Documents of any table → {@link CorpusSchema#INPUT} rows, the way ExtractJob's readers and the DataFrame API
 * ({@link CorpusgraphExtract}) both make them: an id and a text column, a content hash, and the rule for ids that
 * occur more than once.
 */
public final class CorpusInput {

    private CorpusInput() {}

    /**
     * The id column (string or integer, as a string) and the text column (string, or binary decoded on the
     * executors) of {@code table}, by their exact names (a dot or backtick in a name is part of it).
     *
     * @throws IllegalArgumentException when a column is missing or of another type
     */
    public static Dataset<Row> fromColumns(Dataset<Row> table, String idColumn, String textColumn, Column source) {
        StructType schema = table.schema();
        for (String field : new String[] {idColumn, textColumn}) {
            if (!Arrays.asList(schema.fieldNames()).contains(field)) {
                throw new IllegalArgumentException("input has no column '" + field + "' (it has " + String.join(", ", schema.fieldNames()) + ")");
            }
        }
        DataType textType = schema.apply(textColumn).dataType();
        if (!textType.equals(DataTypes.StringType) && !textType.equals(DataTypes.BinaryType)) {
            // No silent cast: an int or struct column is not a text, whatever its name.
            throw new IllegalArgumentException("column '" + textColumn + "' is " + textType.simpleString() + ", not a string (or binary) column");
        }
        DataType idType = schema.apply(idColumn).dataType();
        if (!idType.equals(DataTypes.StringType) && !(idType instanceof IntegralType)) {
            throw new IllegalArgumentException("column '" + idColumn + "' is " + idType.simpleString() + ", not a string or integer column");
        }
        boolean binaryText = textType.equals(DataTypes.BinaryType);
        Column text = field(textColumn);
        return table.select(
                field(idColumn).cast(DataTypes.StringType).as("doc_id"),
                source.cast(DataTypes.StringType).as("source"),
                (binaryText ? lit(null).cast(DataTypes.StringType) : text.cast(DataTypes.StringType)).as("text"),
                (binaryText ? text : lit(null).cast(DataTypes.BinaryType)).as("bytes"),
                lit(null).cast(DataTypes.StringType).as("problem"));
    }

    /**
     * Rows with doc_id, source, text, bytes and problem → {@link CorpusSchema#INPUT} rows: the content hash of the raw
     * bytes when there are any, else of the text's UTF-8; and among documents that share a doc_id, the first by
     * (source, content_sha256) keeps the id and is extracted, each later one is renamed {@code <doc_id>#duplicate-<n>}
     * (n = 2, 3, …) and quarantined with the reason {@code duplicate doc_id '<doc_id>'}. So every input row is still
     * one row of the documents table, doc_id stays unique there, and which copy wins does not depend on
     * partitioning or timing.
     */
    public static Dataset<Row> finished(Dataset<Row> docs) {
        Column content = coalesce(col("bytes"), encode(col("text"), "UTF-8"));
        Column rank = row_number().over(Window.partitionBy("doc_id").orderBy("source", "content_sha256"));
        // A missing id is no duplicate: those rows are quarantined under their own fallback id.
        Column duplicate = col("doc_id").isNotNull().and(col("copy").gt(1));
        return docs.withColumn("content_sha256", sha2(content, 256))
                .withColumn("copy", rank)
                .withColumn("problem", when(duplicate, concat(lit("duplicate doc_id '"), col("doc_id"), lit("'")))
                        .otherwise(col("problem")))
                .withColumn("doc_id", when(duplicate, concat(col("doc_id"), lit("#duplicate-"), col("copy").cast("string")))
                        .otherwise(col("doc_id")))
                .select(Arrays.stream(CorpusSchema.INPUT.fieldNames()).map(name -> col(name)).toArray(Column[]::new));
    }

    /** A column by its exact name: a dot or backtick in it is part of the name, never SQL. */
    private static Column field(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }
}
