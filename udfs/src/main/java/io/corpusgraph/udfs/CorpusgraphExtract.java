package io.corpusgraph.udfs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.extract.Extractor;

/**
 * Extraction as a DataFrame API, for any Spark program (Java, Scala) — the batched mapPartitions path ExtractJob,
 * EvaluateJob and BenchmarkJob run ({@link #extract}): documents spread over the cores, each task's documents in
 * batches of {@code documents-per-batch} on the executor-wide extractor.
 *
 * <pre>{@code
 * ExtractionSpec spec = SpecConfig.defaults().withLabels(List.of("person", "organization"))
 *         .withModel(new RuntimeSettings("/models/corpusgraph-bge-small-v1", "auto", 1));
 * Dataset<Row> entities = CorpusgraphExtract.entities(docs, "id", "body", spec);   // doc_id, entity_id, start, end, ...
 * }</pre>
 *
 * The model folder and labels are checked on the driver first ({@link Extractor#describe}); the results are lazy
 * Datasets. {@link #documents} gives one row per document (ok or quarantined, with its entities and relations):
 * persist it and take {@link #entitiesOf} and {@link #relationsOf} from it to extract once for both.
 */
public final class CorpusgraphExtract {

    private CorpusgraphExtract() {}

    /** One {@link CorpusSchema#EXTRACTED} row per document: doc_id, status, error, …, entities, relations. */
    public static Dataset<Row> documents(Dataset<Row> docs, String idColumn, String textColumn, ExtractionSpec spec) {
        return extract(CorpusInput.finished(CorpusInput.fromColumns(docs, idColumn, textColumn, lit(null))),
                checked(spec), 0, ExtractMetrics.register(docs.sparkSession().sparkContext()));
    }

    /** doc_id and the {@link CorpusSchema#ENTITY} columns: one row per entity, the entities table's own columns. */
    public static Dataset<Row> entities(Dataset<Row> docs, String idColumn, String textColumn, ExtractionSpec spec) {
        return entitiesOf(documents(docs, idColumn, textColumn, spec));
    }

    /** doc_id and the {@link CorpusSchema#RELATION} columns; the spec's {@code relations} say which relations. */
    public static Dataset<Row> relations(Dataset<Row> docs, String idColumn, String textColumn, ExtractionSpec spec) {
        return relationsOf(documents(docs, idColumn, textColumn, spec));
    }

    /** The entities of {@link #documents}' rows. */
    public static Dataset<Row> entitiesOf(Dataset<Row> extracted) {
        return exploded(extracted, CorpusSchema.ENTITIES);
    }

    /** The relations of {@link #documents}' rows. */
    public static Dataset<Row> relationsOf(Dataset<Row> extracted) {
        return exploded(extracted, CorpusSchema.RELATIONS);
    }

    /** One row per element of an array column of {@link CorpusSchema#EXTRACTED} rows, with the document's id in front. */
    public static Dataset<Row> exploded(Dataset<Row> extracted, String column) {
        return extracted.select(col("doc_id"), explode(col(column)).as("item")).select(col("doc_id"), col("item.*"));
    }

    /** The spec checked against its model on the driver (folder, labels), with the graph that will run pinned. */
    public static ExtractionSpec checked(ExtractionSpec spec) {
        return pinned(spec, Extractor.describe(ModelFolders.local(spec.model()).modelDir(), spec));
    }

    /**
     * The spec with the graph {@code model} describes: {@code auto} is resolved once, on the driver, so that every
     * executor runs the graph the run's model_id names.
     */
    public static ExtractionSpec pinned(ExtractionSpec spec, ModelDescription model) {
        return spec.withModel(spec.model().withVariant(model.variant()));
    }

    /** The configured partitions, or else at least one per core: a single input file must not leave cores idle. */
    public static Dataset<Row> spread(Dataset<Row> docs, int configured) {
        int cores = docs.sparkSession().sparkContext().defaultParallelism();
        int current = docs.rdd().getNumPartitions();
        int wanted = configured > 0 ? configured : Math.max(current, cores);
        return wanted == current ? docs : docs.repartition(wanted);
    }

    /**
     * The batched path: {@link CorpusSchema#INPUT} rows → one {@link CorpusSchema#EXTRACTED} row each, lazily, with
     * {@link ExtractPartition} in mapPartitions over {@link #spread} partitions.
     */
    public static Dataset<Row> extract(Dataset<Row> input, ExtractionSpec spec, int partitions, ExtractMetrics metrics) {
        return spread(input, partitions).mapPartitions(new ExtractPartition(spec, metrics), Encoders.row(CorpusSchema.EXTRACTED));
    }
}
