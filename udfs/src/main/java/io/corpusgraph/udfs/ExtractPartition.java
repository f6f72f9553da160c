package io.corpusgraph.udfs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.corpusgraph.pipeline.Extractor;

/**
 * The Spark side of extraction: {@link CorpusSchema#INPUT} rows in, one {@link CorpusSchema#EXTRACTED}
 * row per document out. The partition is consumed lazily, one batch at a time, so a partition of any
 * size runs in bounded memory.
 */
public final class ExtractPartition implements MapPartitionsFunction<Row, Row> {

    private static final Logger LOG = LoggerFactory.getLogger(ExtractPartition.class);
    /** Bounds a batch's memory when documents are long, whatever documents-per-batch says. */
    private static final long MAX_BATCH_CHARS = 4_000_000;

    private final ExtractSettings settings;
    private final ExtractMetrics metrics;

    public ExtractPartition(ExtractSettings settings, ExtractMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        // Executor-wide: the first task in this JVM creates the ONNX session; every later task and thread reuses it.
        Extractor extractor = Extractor.shared(settings.runtime(TaskDevice.forCurrentTask(settings.device())));
        BatchExtraction batches = new BatchExtraction(extractor, settings.params(),
                new DocumentGate(settings.maxDocumentChars()));
        String task = describeTask() + " on " + extractor.device();
        TaskFigures total = new TaskFigures();
        long started = System.nanoTime();

        return new Iterator<>() {
            private Iterator<Row> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && input.hasNext()) {
                    BatchExtraction.Output batch = batches.run(nextBatch(input));
                    metrics.add(batch.figures());
                    total.add(batch.figures());
                    double seconds = (System.nanoTime() - started) / 1e9;
                    LOG.info("{}: {} ({} documents/s)", task, total, String.format("%.1f", total.documents / seconds));
                    current = batch.rows().iterator();
                }
                return current.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private List<Row> nextBatch(Iterator<Row> input) {
        List<Row> batch = new ArrayList<>(settings.documentsPerBatch());
        long chars = 0;
        while (input.hasNext() && batch.size() < settings.documentsPerBatch() && chars < MAX_BATCH_CHARS) {
            Row row = input.next();
            batch.add(row);
            chars += rawLength(row);
        }
        return batch;
    }

    private static long rawLength(Row row) {
        String text = row.getAs("text");
        byte[] bytes = row.getAs("bytes");
        return text != null ? text.length() : bytes != null ? bytes.length : 0;
    }

    private static String describeTask() {
        TaskContext task = TaskContext.get();
        return task == null ? "outside a task"
                : "stage " + task.stageId() + " partition " + task.partitionId() + " (task " + task.taskAttemptId() + ")";
    }
}
