package io.corpusgraph.jobs.input;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The rule for documents that share a doc_id (two JSON lines, two rows of a table): among them, the
 * first by (source, content_sha256) keeps the id and is extracted; each later one is renamed
 * {@code <doc_id>#duplicate-<n>} (n = 2, 3, …) and quarantined with the reason
 * {@code duplicate doc_id '<doc_id>'}. So every input row is still one row of the documents table,
 * doc_id stays unique there, and which copy wins does not depend on partitioning or timing.
 */
final class DuplicateIds {

    private DuplicateIds() {}

    static Dataset<Row> quarantineLaterCopies(Dataset<Row> docs) {
        Column rank = row_number().over(Window.partitionBy("doc_id").orderBy("source", "content_sha256"));
        // A missing id is no duplicate: those rows are quarantined under their own fallback id.
        Column duplicate = col("doc_id").isNotNull().and(col("copy").gt(1));
        return docs.withColumn("copy", rank)
                .withColumn("problem", when(duplicate, concat(lit("duplicate doc_id '"), col("doc_id"), lit("'")))
                        .otherwise(col("problem")))
                .withColumn("doc_id", when(duplicate, concat(col("doc_id"), lit("#duplicate-"), col("copy").cast("string")))
                        .otherwise(col("doc_id")))
                .drop("copy");
    }
}
