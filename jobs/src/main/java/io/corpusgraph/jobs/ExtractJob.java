package io.corpusgraph.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.corpusgraph.jobs.config.ConfigOptions;
import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.config.ExtractOptions;
import io.corpusgraph.jobs.config.OutputOptions;
import io.corpusgraph.jobs.input.CorpusReader;
import io.corpusgraph.jobs.input.IncrementalFilter;
import io.corpusgraph.jobs.output.DateLock;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.jobs.run.RunReport;
import io.corpusgraph.jobs.run.RunSummary;
import io.corpusgraph.pipeline.Extractor;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.udfs.CorpusSchema;
import io.corpusgraph.udfs.ExtractMetrics;
import io.corpusgraph.udfs.ExtractPartition;
import io.corpusgraph.udfs.ExtractSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Corpus → documents, entities, relations and runs tables, for one run date.
 *
 * <pre>spark-submit --class io.corpusgraph.jobs.ExtractJob corpusgraph-jobs-*-spark.jar --input … --output …</pre>
 */
@Command(name = "extract", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Extracts entities (and relations) from a corpus into Delta (or Parquet) tables. Settings come from "
                + "conf/extract.conf; every option below overrides one of its keys.")
public final class ExtractJob implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ExtractJob.class);

    @Mixin
    ExtractOptions extractOptions;
    @Mixin
    OutputOptions outputOptions;
    @Mixin
    ConfigOptions configOptions;

    public static void main(String[] args) {
        System.exit(Launcher.execute(new ExtractJob(), args));
    }

    /** Command-line arguments → checked settings; unknown options and bad values fail here. */
    public static ExtractConfig parse(String... args) {
        ExtractJob job = new ExtractJob();
        Launcher.commandLine(job).parseArgs(args);
        return job.config();
    }

    @Override
    public Integer call() {
        ExtractConfig config = config();
        SparkSession spark = SparkSessions.create("corpusgraph extract");
        try {
            RunReport report = run(spark, config);
            RunSummary.print(config, TableStore.open(spark, config.output()), report, System.out);
        } finally {
            spark.stop();
        }
        return 0;
    }

    private ExtractConfig config() {
        Map<String, Object> named = new HashMap<>();
        extractOptions.addTo(named);
        outputOptions.addTo(named);
        return ExtractConfig.from(configOptions.load(named));
    }

    /** One run with parsed settings in a given session: check, extract, then write. */
    public static RunReport run(SparkSession spark, ExtractConfig config) {
        return run(spark, config, ExtractMetrics.register(spark.sparkContext()));
    }

    /** As {@link #run(SparkSession, ExtractConfig)}, summing the tasks' figures into {@code metrics} (the benchmark reads them). */
    public static RunReport run(SparkSession spark, ExtractConfig config, ExtractMetrics metrics) {
        Instant startedAt = Instant.now();
        // 1. Everything that can be wrong is found before a table is touched. The driver only reads the
        //    model folder; ONNX sessions are created on the executors.
        ModelDescription model = describeModel(config.extraction());
        TableStore tables = TableStore.open(spark, config.output());
        tables.checkWritable();
        Dataset<Row> corpus = CorpusReader.read(spark, config.input());

        // 2. Extract, to the end and kept, before anything is written: a failure here leaves every table as it was.
        Dataset<Row> todo = config.incremental()
                ? IncrementalFilter.notYetExtracted(corpus, tables, model.modelId(), config.runDate())
                : corpus;
        todo = spread(todo, config.partitions(), spark.sparkContext().defaultParallelism());
        Dataset<Row> extracted = todo
                .mapPartitions(new ExtractPartition(config.extraction(), metrics), Encoders.row(CorpusSchema.EXTRACTED))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long extractionStart = System.nanoTime();
        Row counts = countExtracted(extracted);
        double extractionSeconds = (System.nanoTime() - extractionStart) / 1e9;
        long documents = counts.getLong(0);
        long inputDocuments = config.incremental() ? corpus.count() : documents;

        // 3. Write, so that a run killed at any point leaves the date's complete run readable: the run's rows
        //    are added beside the date's previous ones, the runs row then commits the run, and only after
        //    that go the rows of other runs. Readers who want complete runs join on runs (README).
        String runId = UUID.randomUUID().toString();
        LOG.info("extracted {} documents in {} s; writing run {} for {} to {}", documents,
                String.format("%.1f", extractionSeconds), runId, config.runDate(), tables.location().describeRoot());
        // One run per date writes at a time (DateLock): two interleaved runs could leave a mix of both.
        RunReport report;
        try (DateLock lock = DateLock.acquire(tables.location(), config.runDate(), runId)) {
            append(tables, Table.DOCUMENTS, withRun(extracted.drop("entities", "relations", "dropped_relations"), runId, model, config));
            Dataset<Row> entities = extracted
                    .select(col("doc_id"), explode(col("entities")).as("entity"))
                    .select(col("doc_id"), col("entity.*"));
            append(tables, Table.ENTITIES, withRun(entities, runId, model, config));
            // Appended even when empty, so that the table exists for readers.
            Dataset<Row> relations = extracted
                    .select(col("doc_id"), explode(col("relations")).as("relation"))
                    .select(col("doc_id"), col("relation.*"));
            append(tables, Table.RELATIONS, withRun(relations, runId, model, config));
            report = new RunReport(runId, config.runDate(), model.modelId(), startedAt, Instant.now(),
                    inputDocuments, inputDocuments - documents, documents, counts.getLong(1), documents - counts.getLong(1),
                    counts.getLong(2), counts.getLong(3), counts.getLong(4), extractionSeconds, metrics.onnxMillis(),
                    metrics.maxSequenceTokens(), config.json());
            // The commit, one atomic replace: from here the date's runs row names this run, whose rows are complete.
            tables.replaceDate(Table.RUNS, spark.createDataFrame(List.of(report.toRow()), Table.RUNS.schema()), config.runDate());
            LOG.info("committed run {} in {}", runId, tables.location().describe(Table.RUNS));
            // Clean-up: the previous run's rows, and those of any run killed before its commit.
            for (Table table : List.of(Table.DOCUMENTS, Table.ENTITIES, Table.RELATIONS)) {
                tables.deleteOtherRuns(table, config.runDate(), runId);
            }
        }
        extracted.unpersist();
        return report;
    }

    /** The configured partitions, or else at least one per core: a single input file must not leave cores idle. */
    static Dataset<Row> spread(Dataset<Row> docs, int configured, int cores) {
        int current = docs.rdd().getNumPartitions();
        int wanted = configured > 0 ? configured : Math.max(current, cores);
        return wanted == current ? docs : docs.repartition(wanted);
    }

    /** Checks the model folder and that the labels and settings suit it (their prompt fits its token limit). */
    static ModelDescription describeModel(ExtractSettings extraction) {
        String modelDir = extraction.modelDir();
        try {
            return Extractor.describe(Path.of(modelDir), extraction.params());
        } catch (ModelLoadException e) {
            throw new JobSetupException("model.dir = " + modelDir + ": " + e.getMessage()
                    + ". Point --model (model.dir) at a GLiNER ONNX folder with model.onnx, gliner_config.json and tokenizer.json", e);
        } catch (IllegalArgumentException e) {
            throw new JobSetupException("extraction settings do not suit model " + modelDir + ": " + e.getMessage(), e);
        }
    }

    /** Documents, ok documents, entities, relations, dropped relations. This action runs the extraction. */
    private static Row countExtracted(Dataset<Row> extracted) {
        try {
            return extracted.agg(
                            count(lit(1)),
                            sum(when(col("status").equalTo(CorpusSchema.OK), 1L).otherwise(0L)),
                            sum(size(col("entities")).cast("long")),
                            sum(size(col("relations")).cast("long")),
                            sum(col("dropped_relations").cast("long")))
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

    private static void append(TableStore tables, Table table, Dataset<Row> rows) {
        long start = System.nanoTime();
        tables.append(table, rows);
        LOG.info("wrote {} in {} s", tables.location().describe(table), String.format("%.1f", (System.nanoTime() - start) / 1e9));
    }

    private static Dataset<Row> withRun(Dataset<Row> rows, String runId, ModelDescription model, ExtractConfig config) {
        return rows.withColumn("run_id", lit(runId))
                .withColumn("model_id", lit(model.modelId()))
                .withColumn(Table.RUN_DATE, lit(config.runDate()));
    }
}
