package io.corpusgraph.jobs.run;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.sql.Row;

import io.corpusgraph.udfs.Rows;

import io.corpusgraph.jobs.output.Table;

/**
 * What one run did: its row in the runs table and the figures of its summary.
 *
 * @param inputDocuments    documents in the input
 * @param skippedDocuments  left out by an incremental run
 * @param documents         extracted this run: ok plus quarantined
 * @param droppedRelations  relations found whose head or tail matched no entity (not written)
 * @param extractionSeconds wall time of the extraction pass alone (no table writes)
 * @param onnxMillis        time inside ONNX Runtime, summed over tasks
 * @param maxSequenceTokens the longest token sequence given to ONNX Runtime (never above the model's token limit)
 * @param outputSettings    every setting besides the model that decides the output ({@code ExtractionSpec.outputSettings})
 */
public record RunReport(
        String runId,
        LocalDate runDate,
        String modelId,
        Instant startedAt,
        Instant finishedAt,
        long inputDocuments,
        long skippedDocuments,
        long documents,
        long okDocuments,
        long quarantinedDocuments,
        long entities,
        long relations,
        long droppedRelations,
        double extractionSeconds,
        long onnxMillis,
        long maxSequenceTokens,
        String configJson,
        String outputSettings) {

    public double documentsPerSecond() {
        return extractionSeconds > 0 ? documents / extractionSeconds : 0;
    }

    /** This report as a row of {@link Table#RUNS}. */
    public Row toRow() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("run_id", runId);
        values.put("run_date", Date.valueOf(runDate));
        values.put("model_id", modelId);
        values.put("started_at", Timestamp.from(startedAt));
        values.put("finished_at", Timestamp.from(finishedAt));
        values.put("config", configJson);
        values.put("input_documents", inputDocuments);
        values.put("skipped_documents", skippedDocuments);
        values.put("documents", documents);
        values.put("ok_documents", okDocuments);
        values.put("quarantined_documents", quarantinedDocuments);
        values.put("entities", entities);
        values.put("relations", relations);
        values.put("dropped_relations", droppedRelations);
        values.put("extraction_seconds", extractionSeconds);
        values.put("documents_per_second", documentsPerSecond());
        values.put("onnx_ms", onnxMillis);
        values.put("max_sequence_tokens", maxSequenceTokens);
        values.put("output_settings", outputSettings);
        return Rows.of(Table.RUNS.schema(), values);
    }
}
