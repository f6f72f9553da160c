package io.corpusgraph.jobs.extract;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.udfs.CorpusSchema;
import io.corpusgraph.udfs.CorpusgraphExtract;
import io.corpusgraph.udfs.ExtractMetrics;
import io.corpusgraph.udfs.ModelFolders;

/**
 * Documents → extracted rows on the executors, shared by every job that runs the model (extract, evaluate,
 * benchmark): check the model on the driver, run the batched path the DataFrame API runs
 * ({@link CorpusgraphExtract#extract}), and count what came out.
 */
public final class ExtractionService {
    private ExtractionService() {}

    /** What one extraction pass produced: the rows (persisted until the caller unpersists them) and their counts. */
    public record Extracted(Dataset<Row> rows, long documents, long okDocuments, long entities, long relations,
                            long droppedRelations, double seconds) {
        public long quarantined() {
            return documents - okDocuments;
        }
    }

    /** Checks the model folder and that the spec's labels suit it (their prompt fits its token limit). */
    public static ModelDescription describeModel(ExtractionSpec spec) {
        String modelDir = spec.model().dir();
        try {
            return Extractor.describe(ModelFolders.local(spec.model()).modelDir(), spec);
        } catch (ModelLoadException e) {
            throw new JobSetupException("model.dir = " + modelDir + ": " + e.getMessage()
                    + ". Point --model (model.dir) at a GLiNER ONNX folder (model.onnx, gliner_config.json, tokenizer.json) or a "
                    + "token-classification one (model.onnx, config.json with id2label, tokenizer.json)", e);
        } catch (IllegalArgumentException e) {
            throw new JobSetupException("extraction settings do not suit model " + modelDir + ": " + e.getMessage(), e);
        }
    }

    /** {@link CorpusgraphExtract#pinned}: {@code auto} resolved once, on the driver. */
    public static ExtractionSpec pinned(ExtractionSpec spec, ModelDescription model) {
        return CorpusgraphExtract.pinned(spec, model);
    }

    /** {@link CorpusSchema#INPUT} rows → one {@link CorpusSchema#EXTRACTED} row each, lazily: {@link CorpusgraphExtract#extract}. */
    public static Dataset<Row> rows(Dataset<Row> docs, ExtractionSpec spec, int partitions, ExtractMetrics metrics) {
        return CorpusgraphExtract.extract(docs, spec, partitions, metrics);
    }

    /** Runs the extraction to the end, keeping its rows (memory, then disk) for the writes that follow. */
    public static Extracted extract(Dataset<Row> docs, ExtractionSpec spec, int partitions, ExtractMetrics metrics) {
        return extract(docs, spec, partitions, metrics, -1);
    }

    /**
     * As {@link #extract(Dataset, ExtractionSpec, int, ExtractMetrics)}, logging progress on the driver meanwhile
     * ({@link ExtractionProgress}); {@code total} is the number of documents, or -1 when not known.
     */
    public static Extracted extract(Dataset<Row> docs, ExtractionSpec spec, int partitions, ExtractMetrics metrics, long total) {
        Dataset<Row> rows = rows(docs, spec, partitions, metrics).persist(StorageLevel.MEMORY_AND_DISK());
        long start = System.nanoTime();
        Row counts;
        try (ExtractionProgress progress = ExtractionProgress.start(docs.sparkSession().sparkContext(), metrics, total)) {
            counts = counted(rows);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Extracted(rows, counts.getAs("documents"), counts.getAs("ok"), counts.getAs("entities"),
                counts.getAs("relations"), counts.getAs("dropped"), seconds);
    }

    /**
     * The kinds of reason the quarantined rows carry, at most {@code limit}: a reason with its numbers (line,
     * size, byte) made {@code #} and cut at its first colon, so "malformed JSON line 3: …" and "… line 9: …"
     * are one kind. Read from the persisted rows: no second extraction.
     */
    public static List<String> quarantineReasonKinds(Dataset<Row> extracted, int limit) {
        Column error = col("error");
        Column kind = substring_index(regexp_replace(error, lit("[0-9]+"), lit("#")), ":", 1);
        return extracted.where(col("status").notEqual(CorpusSchema.OK))
                .select(coalesce(kind, lit("no reason")).as("kind"))
                .distinct()
                .limit(limit)
                .as(Encoders.STRING())
                .collectAsList();
    }

    /** This action runs the extraction. */
    private static Row counted(Dataset<Row> extracted) {
        try {
            return extracted.agg(
                            count(lit(1)).as("documents"),
                            sum(when(col("status").equalTo(CorpusSchema.OK), 1L).otherwise(0L)).as("ok"),
                            sum(size(col(CorpusSchema.ENTITIES)).cast("long")).as("entities"),
                            sum(size(col(CorpusSchema.RELATIONS)).cast("long")).as("relations"),
                            sum(col(CorpusSchema.DROPPED_RELATIONS).cast("long")).as("dropped"))
                    .na().fill(0L)
                    .first();
        } catch (Exception e) {
            // A problem only the executors can see (a model folder they cannot read) fails every task the
            // same way: say what it was, not just "job aborted".
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof IllegalArgumentException || cause instanceof ModelLoadException) {
                    throw new JobSetupException("extraction could not start: " + cause.getMessage(), e);
                }
            }
            throw e;
        }
    }
}
