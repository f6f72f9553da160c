package io.corpusgraph.udfs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scala.jdk.javaapi.CollectionConverters;

import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.Entity;
import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.Relation;
import io.corpusgraph.udfs.DocumentGate.Admission;

/**
 * One batch of a partition: gate every row, hand the admitted documents to the extractor (which sorts
 * their windows by token length into ONNX batches), and turn each document into one
 * {@link CorpusSchema#EXTRACTED} row, ok or quarantined.
 */
final class BatchExtraction {

    record Output(List<Row> rows, ExtractionStats stats) {}

    private static final Logger LOG = LoggerFactory.getLogger(BatchExtraction.class);

    private final Extractor extractor;
    private final ExtractionSpec spec;
    private final DocumentGate gate;
    private final String modelId;

    BatchExtraction(Extractor extractor, ExtractionSpec spec, DocumentGate gate) {
        this.extractor = extractor;
        this.spec = spec;
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

        List<Row> rows = new ArrayList<>(inputs.size());
        stats.add(Counter.DOCUMENTS, rejected.size());
        stats.add(Counter.QUARANTINED, rejected.size());
        for (Admission a : rejected) {
            rows.add(row(a, null, a.rejection(), processedAt, 0.0));
        }
        long totalLength = Math.max(1, admitted.stream().mapToLong(BatchExtraction::length).sum());
        for (int i = 0; i < admitted.size(); i++) {
            Admission a = admitted.get(i);
            DocumentResult result = results.get(i);
            // The extractor batches windows across documents; a document's share of the time is its share of the text.
            double millis = batchMillis * length(a) / totalLength;
            rows.add(row(a, result, result.error(), processedAt, millis));
        }
        return new Output(rows, stats);
    }

    /**
     * A bad document comes back as a result with an error (the extractor itself isolates a window ONNX
     * Runtime rejects); should it still throw, the batch is retried one document at a time so that only
     * the culprit is quarantined. A bad setting
     * (IllegalArgumentException) is no document's fault: it fails the task, and with it the job.
     */
    private List<DocumentResult> extractSafely(List<Document> docs, ExtractionStats stats) {
        ExtractionStats attempt = new ExtractionStats();
        try {
            List<DocumentResult> results = extractor.extract(docs, spec, attempt);
            stats.add(attempt);  // a failed attempt's figures are dropped: its documents are counted on the retry
            return results;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            if (docs.size() == 1) {
                Document doc = docs.get(0);
                LOG.warn("extraction failed for document {}", doc.id(), e);
                stats.add(Counter.DOCUMENTS, 1);
                stats.add(Counter.QUARANTINED, 1);
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
        Map<String, Object> values = new HashMap<>();
        values.put("doc_id", a.docId());
        values.put("source", a.source());
        values.put("content_sha256", a.contentSha256());
        values.put("char_length", a.charLength());
        values.put("word_count", result == null ? null : result.wordCount());
        values.put("window_count", result == null ? null : result.windowCount());
        values.put("status", ok ? CorpusSchema.OK : CorpusSchema.QUARANTINED);
        values.put("error", error);
        values.put("processed_at", processedAt);
        values.put("extraction_ms", millis);
        values.put("text", a.text());
        values.put(CorpusSchema.ENTITIES, CollectionConverters.asScala(entities).toSeq());
        values.put(CorpusSchema.RELATIONS, CollectionConverters.asScala(relations).toSeq());
        values.put(CorpusSchema.DROPPED_RELATIONS, ok ? result.droppedRelations() : 0);
        return Rows.of(CorpusSchema.EXTRACTED, values);
    }

    private Row entityRow(String docId, Entity e) {
        return Rows.of(CorpusSchema.ENTITY, Map.of("entity_id", entityId(docId, e), "start", e.start(), "end", e.end(),
                "text", e.text(), "label", e.label(), "score", e.score(),
                "canonical_key", EntityKeys.canonicalKey(e.text(), e.label())));
    }

    /** Head and tail are entities of the same result, so their ids are those of rows in the entities table. */
    private Row relationRow(String docId, Relation r) {
        String head = entityId(docId, r.head());
        String tail = entityId(docId, r.tail());
        return Rows.of(CorpusSchema.RELATION, Map.of("relation_id", EntityKeys.relationId(docId, head, tail, r.relation(), modelId),
                "head_entity_id", head, "tail_entity_id", tail, "relation", r.relation(), "score", r.score(),
                "head_text", r.head().text(), "tail_text", r.tail().text(),
                "head_label", r.head().label(), "tail_label", r.tail().label()));
    }

    private String entityId(String docId, Entity e) {
        return EntityKeys.entityId(docId, e.start(), e.end(), e.label(), modelId);
    }

    private static int length(Admission a) {
        return a.charLength() == null ? 0 : a.charLength();
    }
}
