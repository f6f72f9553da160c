package io.corpusgraph.jobs.extract;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.input.CorpusReader;
import io.corpusgraph.jobs.input.IncrementalFilter;
import io.corpusgraph.jobs.output.DateLock;
import io.corpusgraph.jobs.output.RunWriter;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.jobs.run.RunReport;
import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.udfs.CorpusSchema;
import io.corpusgraph.udfs.ExtractMetrics;

/** One extraction run with parsed settings: check, extract, write. ExtractJob runs it; BenchmarkJob measures it. */
public final class ExtractRun {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractRun.class);

    private ExtractRun() {}

    /** Sums the tasks' figures into {@code metrics} (the benchmark reads them). */
    public static RunReport run(SparkSession spark, ExtractConfig config, ExtractMetrics metrics) {
        Instant startedAt = Instant.now();
        // 1. Everything that can be wrong is found before any work: settings, the model folder (the driver only
        //    reads it; ONNX sessions are created on the executors), the tables, the input, and the date's lock.
        ModelDescription model = ExtractionService.describeModel(config.extraction());
        TableStore tables = TableStore.open(spark, config.output());
        tables.checkWritable(Table.DOCUMENTS, Table.ENTITIES, Table.RELATIONS, Table.RUNS);
        Dataset<Row> corpus = CorpusReader.read(spark, config.input());
        String runId = UUID.randomUUID().toString();
        try (DateLock lock = DateLock.acquire(tables.location(), config.runDate(), runId)) {
            // 2. Extract, to the end and kept, before anything is written: a failure here leaves every table as it was.
            ExtractionSpec spec = ExtractionService.pinned(config.extraction(), model);
            Dataset<Row> todo = config.incremental()
                    ? IncrementalFilter.notYetExtracted(corpus, tables, model.modelId(), spec.outputSettings(model), config.runDate())
                    : corpus;
            // Counted first (a pass over the input, no model), so that the progress lines say "of how many".
            long total = todo.count();
            LOG.info("extracting {} documents", total);
            ExtractionService.Extracted extracted = ExtractionService.extract(todo, spec, config.partitions(), metrics, total);
            long inputDocuments = config.incremental() ? corpus.count() : extracted.documents();
            LOG.info("extracted {} documents in {} s", extracted.documents(), String.format("%.1f", extracted.seconds()));
            if (!config.allowEmpty()) {
                refuseEmpty(config, inputDocuments, extracted);
            }

            // 3. Write and commit (RunWriter says in which order, and why).
            RunReport report = new RunWriter(tables, config.output().storeText()).write(runId, extracted.rows(), config.runDate(), model.modelId(),
                    id -> report(id, config.runDate(), config, model, spec, startedAt, inputDocuments, extracted,
                            metrics.get(Counter.ONNX_NANOS) / 1_000_000, metrics));
            extracted.rows().unpersist();
            return report;
        }
    }

    /** The run's report, made once its rows are written (it ends the run's clock). */
    static RunReport report(String runId, LocalDate runDate, ExtractConfig config, ModelDescription model, ExtractionSpec spec,
                            Instant startedAt, long inputDocuments, ExtractionService.Extracted extracted, long onnxMillis,
                            ExtractMetrics metrics) {
        return new RunReport(runId, runDate, model.modelId(), startedAt, Instant.now(),
                inputDocuments, inputDocuments - extracted.documents(), extracted.documents(), extracted.okDocuments(),
                extracted.quarantined(), extracted.entities(), extracted.relations(), extracted.droppedRelations(),
                extracted.seconds(), onnxMillis, metrics.get(Counter.MAX_SEQUENCE_TOKENS), config.json(), spec.outputSettings(model));
    }

    /**
     * A run that would replace the date's rows with nothing useful stops here, before any write: an input with
     * no document (an empty folder, a wrong path pattern), or one whose every document is quarantined for the
     * same reason (a mistyped --id-field: every JSON line "missing id"). With {@code run.allow-empty} it is written.
     * An incremental run that skips documents already done is no such run.
     */
    private static void refuseEmpty(ExtractConfig config, long inputDocuments, ExtractionService.Extracted extracted) {
        String allow = " Nothing was written; if this is what you want, add --allow-empty (run.allow-empty = true).";
        if (inputDocuments == 0) {
            extracted.rows().unpersist();
            throw new JobSetupException("input: " + config.input().describe() + " holds no document; the run would replace "
                    + config.runDate() + "'s rows with nothing." + allow);
        }
        if (extracted.okDocuments() > 0 || extracted.documents() < inputDocuments) {
            return;
        }
        List<String> kinds = ExtractionService.quarantineReasonKinds(extracted.rows(), 2);
        if (kinds.size() == 1) {
            String example = extracted.rows().where(col("status").notEqual(CorpusSchema.OK)).select("error")
                    .as(Encoders.STRING()).first();
            extracted.rows().unpersist();
            throw new JobSetupException("every one of the " + inputDocuments + " documents of " + config.input().describe()
                    + " is quarantined for the same reason (" + example + "); check input.id-field, input.text-field and "
                    + "input.format (--id-field, --text-field, --input-format)." + allow);
        }
    }
}
