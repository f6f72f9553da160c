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

import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.extract.Extractor;

/**
 * The Spark side of extraction: {@link CorpusSchema#INPUT} rows in, one {@link CorpusSchema#EXTRACTED}
 * row per document out. The partition is consumed lazily, one batch at a time, so a partition of any
 * size runs in bounded memory.
 */
public final class ExtractPartition implements MapPartitionsFunction<Row, Row> {

    private static final Logger LOG = LoggerFactory.getLogger(ExtractPartition.class);
    /** Bounds a batch's memory when documents are long, whatever documents-per-batch says. */
    private static final long MAX_BATCH_CHARS = 4_000_000;

    private final ExtractionSpec spec;
    private final ExtractMetrics metrics;

    public ExtractPartition(ExtractionSpec spec, ExtractMetrics metrics) {
        this.spec = spec;
        this.metrics = metrics;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        // Executor-wide: the first task in this JVM creates the ONNX session; every later task and thread reuses it.
        Extractor extractor = Extractor.shared(ModelFolders.local(spec.model()).onDevice(TaskDevice.forCurrentTask(spec.model().device())));
        BatchExtraction batches = new BatchExtraction(extractor, spec, new DocumentGate(spec.maxDocumentChars()));
        String task = describeTask() + " on " + extractor.device();
        ExtractionStats total = new ExtractionStats();
        long started = System.nanoTime();

        return new Iterator<>() {
            private Iterator<Row> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && input.hasNext()) {
                    BatchExtraction.Output batch = batches.run(nextBatch(input));
                    metrics.add(batch.stats());
                    total.add(batch.stats());
                    double seconds = (System.nanoTime() - started) / 1e9;
                    LOG.info("{}: {} ({} documents/s)", task, total.progress(),
                            String.format("%.1f", total.get(Counter.DOCUMENTS) / seconds));
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
        List<Row> batch = new ArrayList<>(spec.documentsPerBatch());
        long chars = 0;
        while (input.hasNext() && batch.size() < spec.documentsPerBatch() && chars < MAX_BATCH_CHARS) {
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
