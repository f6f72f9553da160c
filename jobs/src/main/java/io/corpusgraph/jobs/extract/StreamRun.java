package io.corpusgraph.jobs.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.config.OutputSpec;
import io.corpusgraph.jobs.config.StreamSpec;
import io.corpusgraph.jobs.input.CorpusStream;
import io.corpusgraph.jobs.output.RunWriter;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.jobs.run.RunReport;
import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.udfs.ExtractMetrics;

/**
 * Extraction as a stream ({@code extract --stream}): what arrives in the input is extracted micro-batch by
 * micro-batch, and each micro-batch is written as a run of its own with {@link RunWriter#writeOnce}. The steps:
 * <ol>
 * <li>check everything a batch run checks (model, tables, input), and that the output is Delta;</li>
 * <li>the stream's id: read from the checkpoint folder, or made and kept there on the first start;</li>
 * <li>per micro-batch: input rows → extracted rows (the jobs' batched path) → the four tables, each written once
 *     under (stream id, batch id); the batch's date is kept in the checkpoint before its first write, so a replay
 *     files it under the same date;</li>
 * <li>until stopped (a processing-time trigger) or until the input present at the start is done (available-now).</li>
 * </ol>
 * Killed at any point and restarted with the same checkpoint, Spark replays the micro-batch that was not
 * committed with the same input; the tables that hold its write skip it, the others get it.
 */
public final class StreamRun {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRun.class);

    /** Our files inside the checkpoint folder, beside Spark's. */
    private static final String OWN = "corpusgraph";

    private StreamRun() {}

    /** Starts the stream and waits for it to end; per micro-batch one line on {@code out}. Returns the batches written. */
    public static long run(SparkSession spark, ExtractConfig config, ExtractMetrics metrics, PrintStream out) {
        StreamSpec stream = config.stream();
        ModelDescription model = ExtractionService.describeModel(config.extraction());
        if (config.output().format() != OutputSpec.OutputFormat.DELTA) {
            throw new JobSetupException("--stream writes each micro-batch once with Delta's idempotent writes: it needs "
                    + "output.format = delta (--output-format delta)");
        }
        if (config.incremental()) {
            throw new JobSetupException("--stream and --incremental do not go together: a stream extracts each new input once already");
        }
        TableStore tables = TableStore.open(spark, config.output());
        tables.checkWritable(Table.DOCUMENTS, Table.ENTITIES, Table.RELATIONS, Table.RUNS);
        CorpusStream input = CorpusStream.open(spark, config.input(), stream.maxFilesPerTrigger());
        ExtractionSpec spec = ExtractionService.pinned(config.extraction(), model);
        Checkpoint checkpoint = new Checkpoint(spark, stream.checkpoint());
        String streamId = checkpoint.streamId();
        RunWriter writer = new RunWriter(tables, config.output().storeText());
        long[] written = new long[1];
        VoidFunction2<Dataset<Row>, Long> batch = (rows, batchId) -> {
            RunReport report = writeBatch(input.documents(rows), batchId, streamId, checkpoint, config, model, spec, metrics, writer);
            if (report != null) {
                written[0]++;
                out.printf("stream %s batch %d: %d documents (%d quarantined), %d entities, %d relations -> run %s (%s)%n",
                        streamId, batchId, report.documents(), report.quarantinedDocuments(), report.entities(), report.relations(),
                        report.runId(), report.runDate());
                out.flush();
            }
        };
        Trigger trigger = stream.availableNow() ? Trigger.AvailableNow() : Trigger.ProcessingTime(stream.trigger());
        LOG.info("stream {} from {} to {} (checkpoint {}, trigger {})", streamId, config.input().describe(),
                tables.location().describeRoot(), stream.checkpoint(), stream.trigger());
        try {
            StreamingQuery query = input.raw().writeStream()
                    .queryName("corpusgraph-extract")
                    .option("checkpointLocation", checkpoint.sparkFolder())
                    .trigger(trigger)
                    .foreachBatch(batch)
                    .start();
            query.awaitTermination();
        } catch (TimeoutException | StreamingQueryException e) {
            throw new IllegalStateException("stream " + streamId + " stopped: " + e.getMessage(), e);
        }
        return written[0];
    }

    /** One micro-batch → its run, written once; null for an empty micro-batch (nothing is written). */
    private static RunReport writeBatch(Dataset<Row> docs, long batchId, String streamId, Checkpoint checkpoint, ExtractConfig config,
                                        ModelDescription model, ExtractionSpec spec, ExtractMetrics metrics, RunWriter writer) {
        Instant startedAt = Instant.now();
        long onnxBefore = metrics.get(Counter.ONNX_NANOS);
        ExtractionService.Extracted extracted = ExtractionService.extract(docs, spec, config.partitions(), metrics);
        try {
            if (extracted.documents() == 0) {
                return null;
            }
            LocalDate date = checkpoint.batchDate(batchId, LocalDate.now(config.stream().zone()));
            String runId = "stream-" + streamId + "-" + batchId;
            long onnxMillis = (metrics.get(Counter.ONNX_NANOS) - onnxBefore) / 1_000_000;
            return writer.writeOnce(runId, extracted.rows(), date, model.modelId(),
                    id -> ExtractRun.report(id, date, config, model, spec, startedAt, extracted.documents(), extracted, onnxMillis, metrics),
                    new TableStore.Once(streamId, batchId));
        } finally {
            extracted.rows().unpersist();
        }
    }

    /** The stream's own files in its checkpoint folder: its id, and the date of each micro-batch once it started writing. */
    private static final class Checkpoint {
        private final String folder;
        private final FileSystem fs;

        Checkpoint(SparkSession spark, String folder) {
            try {
                Path path = new Path(folder);
                this.fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
                this.folder = fs.makeQualified(path).toString();
                fs.mkdirs(new Path(this.folder, OWN + "/dates"));
            } catch (IOException e) {
                throw new JobSetupException("stream.checkpoint: cannot use " + folder + " (" + e.getMessage() + ")", e);
            }
        }

        String sparkFolder() {
            return folder;
        }

        /** Made on the first start (a random UUID's first 12 hex digits), then read back: the Delta txnAppId of every write. */
        String streamId() {
            return readOrWrite(new Path(folder, OWN + "/stream-id"), UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        }

        /** The date the batch was first filed under, or {@code today}, kept before the batch's first write. */
        LocalDate batchDate(long batchId, LocalDate today) {
            return LocalDate.parse(readOrWrite(new Path(folder, OWN + "/dates/" + batchId), today.toString()));
        }

        private String readOrWrite(Path file, String value) {
            try {
                if (!fs.exists(file)) {
                    Path tmp = new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID());
                    try (OutputStream os = fs.create(tmp, true)) {
                        os.write(value.getBytes(StandardCharsets.UTF_8));
                    }
                    if (!fs.rename(tmp, file)) {
                        fs.delete(tmp, false);
                    }
                }
                try (InputStream in = fs.open(file)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
            } catch (IOException e) {
                throw new IllegalStateException("stream checkpoint " + folder + ": cannot read or write " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
