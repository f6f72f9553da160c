package io.corpusgraph.udfs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scala.jdk.javaapi.CollectionConverters;

import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.Entity;
import io.corpusgraph.pipeline.ExtractionParams;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.Extractor;
import io.corpusgraph.pipeline.Relation;
import io.corpusgraph.udfs.DocumentGate.Admission;

/**
 * One batch of a partition: gate every row, hand the admitted documents to the extractor (which sorts
 * their windows by token length into ONNX batches), and turn each document into one
 * {@link CorpusSchema#EXTRACTED} row, ok or quarantined.
 */
final class BatchExtraction {

    record Output(List<Row> rows, TaskFigures figures) {}

    private static final Logger LOG = LoggerFactory.getLogger(BatchExtraction.class);

    private final Extractor extractor;
    private final ExtractionParams params;
    private final DocumentGate gate;
    private final String modelId;

    BatchExtraction(Extractor extractor, ExtractionParams params, DocumentGate gate) {
        this.extractor = extractor;
        this.params = params;
        this.gate = gate;
        this.modelId = extractor.model().modelId();
    }

    Output run(List<Row> inputs) {
        List<Admission> rejected = new ArrayList<>();
        List<Admission> admitted = new ArrayList<>();
        for (Row input : inputs) {
            Admission admission = gate.admit(input);
            (admission.admitted() ? admitted : rejected).add(admission);
        }

        ExtractionStats stats = new ExtractionStats();
        long started = System.nanoTime();
        List<DocumentResult> results = extractSafely(admitted.stream().map(Admission::document).toList(), stats);
        double batchMillis = (System.nanoTime() - started) / 1e6;
        Timestamp processedAt = Timestamp.from(Instant.now());

        TaskFigures figures = new TaskFigures();
        figures.documents = inputs.size();
        figures.stages.add(stats);
        List<Row> rows = new ArrayList<>(inputs.size());
        for (Admission a : rejected) {
            figures.quarantined++;
            rows.add(row(a, null, a.rejection(), processedAt, 0.0));
        }
        long totalLength = Math.max(1, admitted.stream().mapToLong(BatchExtraction::length).sum());
        for (int i = 0; i < admitted.size(); i++) {
            Admission a = admitted.get(i);
            DocumentResult result = results.get(i);
            figures.windows += result.windowCount();
            figures.entities += result.entities().size();
            figures.relations += result.relations().size();
            figures.droppedRelations += result.droppedRelations();
            figures.quarantined += result.ok() ? 0 : 1;
            // The extractor batches windows across documents; a document's share of the time is its share of the text.
            double millis = batchMillis * length(a) / totalLength;
            rows.add(row(a, result, result.error(), processedAt, millis));
        }
        return new Output(rows, figures);
    }

    /**
     * A bad document comes back as a result with an error (the extractor itself isolates a window ONNX
     * Runtime rejects); should it still throw, the batch is retried one document at a time so that only
     * the culprit is quarantined. A bad setting
     * (IllegalArgumentException) is no document's fault: it fails the task, and with it the job.
     */
    private List<DocumentResult> extractSafely(List<Document> docs, ExtractionStats stats) {
        try {
            return extractor.extract(docs, params, stats);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            if (docs.size() == 1) {
                Document doc = docs.get(0);
                LOG.warn("extraction failed for document {}", doc.id(), e);
                return List.of(new DocumentResult(doc.id(), List.of(), 0, 0, "extraction error: " + e));
            }
            List<DocumentResult> results = new ArrayList<>(docs.size());
            for (Document doc : docs) {
                results.addAll(extractSafely(List.of(doc), stats));
            }
            return results;
        }
    }

    private Row row(Admission a, DocumentResult result, String error, Timestamp processedAt, double millis) {
        boolean ok = error == null;
        // A Row's array column is a Scala Seq.
        List<Row> entities = ok ? result.entities().stream().map(e -> entityRow(a.docId(), e)).toList() : List.of();
        List<Row> relations = ok ? result.relations().stream().map(r -> relationRow(a.docId(), r)).toList() : List.of();
        return RowFactory.create(
                a.docId(), a.source(), a.contentSha256(), a.charLength(),
                result == null ? null : result.wordCount(),
                result == null ? null : result.windowCount(),
                ok ? CorpusSchema.OK : CorpusSchema.QUARANTINED, error,
                processedAt, millis, a.text(), CollectionConverters.asScala(entities).toSeq(),
                CollectionConverters.asScala(relations).toSeq(), ok ? result.droppedRelations() : 0);
    }

    private Row entityRow(String docId, Entity e) {
        return RowFactory.create(entityId(docId, e), e.start(), e.end(), e.text(), e.label(), e.score(),
                EntityKeys.canonicalKey(e.text(), e.label()));
    }

    /** Head and tail are entities of the same result, so their ids are those of rows in the entities table. */
    private Row relationRow(String docId, Relation r) {
        String head = entityId(docId, r.head());
        String tail = entityId(docId, r.tail());
        return RowFactory.create(EntityKeys.relationId(docId, head, tail, r.relation(), modelId), head, tail,
                r.relation(), r.score(), r.head().text(), r.tail().text(), r.head().label(), r.tail().label());
    }

    private String entityId(String docId, Entity e) {
        return EntityKeys.entityId(docId, e.start(), e.end(), e.label(), modelId);
    }

    private static int length(Admission a) {
        return a.charLength() == null ? 0 : a.charLength();
    }
}
