package io.corpusgraph.jobs.extract;

import java.time.Instant;
import java.util.UUID;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.input.CorpusReader;
import io.corpusgraph.jobs.input.IncrementalFilter;
import io.corpusgraph.jobs.output.DateLock;
import io.corpusgraph.jobs.output.RunWriter;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.jobs.run.RunReport;
import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.ModelDescription;
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
            Dataset<Row> todo = config.incremental()
                    ? IncrementalFilter.notYetExtracted(corpus, tables, model.modelId(), config.runDate())
                    : corpus;
            ExtractionService.Extracted extracted = ExtractionService.extract(todo,
                    ExtractionService.pinned(config.extraction(), model), config.partitions(), metrics);
            long inputDocuments = config.incremental() ? corpus.count() : extracted.documents();
            LOG.info("extracted {} documents in {} s", extracted.documents(), String.format("%.1f", extracted.seconds()));

            // 3. Write and commit (RunWriter says in which order, and why).
            RunReport report = new RunWriter(tables).write(runId, extracted.rows(), config.runDate(), model.modelId(),
                    id -> new RunReport(id, config.runDate(), model.modelId(), startedAt, Instant.now(),
                            inputDocuments, inputDocuments - extracted.documents(), extracted.documents(), extracted.okDocuments(),
                            extracted.quarantined(), extracted.entities(), extracted.relations(), extracted.droppedRelations(),
                            extracted.seconds(), metrics.get(Counter.ONNX_NANOS) / 1_000_000,
                            metrics.get(Counter.MAX_SEQUENCE_TOKENS), config.json()));
            extracted.rows().unpersist();
            return report;
        }
    }
}
