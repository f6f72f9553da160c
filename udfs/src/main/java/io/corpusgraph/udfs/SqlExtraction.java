package io.corpusgraph.udfs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.Entity;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.Relation;
import io.corpusgraph.pipeline.SettingsException;
import io.corpusgraph.pipeline.extract.Extractor;

/**
 * What one call of {@code corpusgraph_entities} or {@code corpusgraph_relations} does with one row, on the
 * executor-wide {@link Extractor} (the one {@link ExtractPartition} uses). A text that the batched path would
 * quarantine (null, empty or blank, longer than {@code extraction.max-document-chars}, or rejected by the model)
 * gives null; bad labels or settings fail the query with the reason.
 */
final class SqlExtraction implements Serializable {

    private static final Logger LOG = LoggerFactory.getLogger(SqlExtraction.class);

    private final String function;
    /** The spec when labels and options are constants: read once, on the driver, when the query was analysed. */
    private final ExtractionSpec fixed;

    SqlExtraction(String function, ExtractionSpec fixed) {
        this.function = function;
        this.fixed = fixed;
    }

    Seq<Row> entities(String text, Object labels, Object options) {
        ExtractionSpec spec = fixed != null ? fixed : FunctionSpecs.cached(function, strings(labels), null, map(options));
        DocumentResult result = extract(text, spec);
        return result == null ? null : seq(result.entities().stream().map(SqlExtraction::span).toList());
    }

    Seq<Row> relations(String text, Object labels, Object relationLabels, Object options) {
        ExtractionSpec spec = fixed != null ? fixed
                : FunctionSpecs.cached(function, strings(labels), relationLabels(function, relationLabels), map(options));
        DocumentResult result = extract(text, spec);
        return result == null ? null : seq(result.relations().stream().map(SqlExtraction::relation).toList());
    }

    private DocumentResult extract(String text, ExtractionSpec spec) {
        if (text == null || text.codePointCount(0, text.length()) > spec.maxDocumentChars()) {
            return null;
        }
        Extractor extractor = Extractor.shared(ModelFolders.local(spec.model()).onDevice(TaskDevice.forCurrentTask(spec.model().device())));
        DocumentResult result;
        try {
            result = extractor.extract(List.of(new Document(function, text)), spec).get(0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(function + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // What BatchExtraction quarantines: this row only, never the query.
            LOG.warn("{}: extraction failed for a row", function, e);
            return null;
        }
        return result.ok() ? result : null;
    }

    static Row span(Entity e) {
        return Rows.of(CorpusSchema.SPAN, Map.of("start", e.start(), "end", e.end(), "text", e.text(), "label", e.label(),
                "score", e.score()));
    }

    private static Row relation(Relation r) {
        Map<String, Object> values = new HashMap<>();
        values.put("head", span(r.head()));
        values.put("relation", r.relation());
        values.put("tail", span(r.tail()));
        values.put("score", r.score());
        return Rows.of(CorpusSchema.SPAN_RELATION, values);
    }

    private static Seq<Row> seq(List<Row> rows) {
        return CollectionConverters.asScala(rows).toSeq();
    }

    /** An array&lt;string&gt; argument as Spark hands it to a Java function (a Scala sequence), or a Java list. */
    static List<String> strings(Object value) {
        if (value == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (value instanceof scala.collection.Iterable<?> seq) {
            CollectionConverters.asJava(seq).forEach(v -> out.add(v == null ? null : v.toString()));
        } else {
            ((Iterable<?>) value).forEach(v -> out.add(v == null ? null : v.toString()));
        }
        return out;
    }

    /** The relation labels argument: never null, or the function could not tell itself from corpusgraph_entities. */
    static List<String> relationLabels(String function, Object value) {
        List<String> labels = strings(value);
        if (labels == null) {
            throw new SettingsException(function + ": relation_labels is null; give them as an array, e.g. array('works for')");
        }
        return labels;
    }

    /** A map&lt;string,string&gt; argument (a Scala map), or a Java map. */
    static Map<String, String> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        Map<?, ?> entries = value instanceof scala.collection.Map<?, ?> m ? CollectionConverters.asJava(m) : (Map<?, ?>) value;
        entries.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : v.toString()));
        return out;
    }
}
