package io.corpusgraph.udfs;

import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.RelationParams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.corpusgraph.pipeline.extract.Extractor;

/** The partition function in a real local Spark with the real tiny model. */
class ExtractPartitionTest {

    static final String SHA = "00".repeat(32);
    static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = Fixtures.spark("local[2]", "udfs tests").config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    static Row input(String id, String text, byte[] bytes) {
        return RowFactory.create(id, "test:" + id, text, bytes, SHA, null);
    }

    @Test
    void everyRowComesOutOnceWithEntitiesAtCodePointOffsetsAndOneModelForAllTasks() {
        int sessionsBefore = Extractor.sessionsCreated();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(input("doc-" + i, "🚀 Marie Curie worked in Paris with Pierre Curie in " + (1890 + i) + ".", null));
        }
        rows.add(input("bytes", null, "Ada Lovelace lived in London.".getBytes(StandardCharsets.UTF_8)));
        rows.add(input("latin1", null, "Café".getBytes(StandardCharsets.ISO_8859_1)));
        rows.add(input("null", null, null));
        rows.add(input("empty", "", null));
        AtomicInteger tasks = new AtomicInteger();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                tasks.incrementAndGet();
            }
        });
        ExtractMetrics metrics = ExtractMetrics.register(spark.sparkContext());

        Dataset<Row> in = spark.createDataFrame(rows, CorpusSchema.INPUT).repartition(6);
        List<Row> out = in.mapPartitions(new ExtractPartition(Fixtures.spec(3), metrics), Encoders.row(CorpusSchema.EXTRACTED))
                .collectAsList();

        Map<String, Row> byId = new TreeMap<>();
        out.forEach(r -> assertEquals(null, byId.put(r.getAs("doc_id"), r), "one row per document"));
        assertEquals(rows.size(), byId.size());
        assertEquals("undecodable bytes: not valid UTF-8 at byte 3", byId.get("latin1").getAs("error"));
        assertEquals("null text", byId.get("null").getAs("error"));
        assertEquals("empty text", byId.get("empty").getAs("error"));
        assertEquals("ok", byId.get("bytes").getAs("status"));
        assertEquals("Ada Lovelace lived in London.", byId.get("bytes").getAs("text"));

        long entities = 0;
        for (Row doc : out) {
            List<Row> found = doc.getList(doc.fieldIndex("entities"));
            entities += found.size();
            String text = doc.getAs("text");
            for (Row e : found) {
                int start = e.getAs("start");
                int end = e.getAs("end");
                String byCodePoints = text.substring(text.offsetByCodePoints(0, start), text.offsetByCodePoints(0, end));
                assertEquals(byCodePoints, e.getAs("text"));
            }
        }
        assertTrue(entities > 0, "the test needs entities");

        assertEquals(rows.size(), metrics.get(Counter.DOCUMENTS));
        assertEquals(3, metrics.get(Counter.QUARANTINED));
        assertEquals(entities, metrics.get(Counter.ENTITIES));
        assertTrue(metrics.get(Counter.WINDOWS) >= 13);
        assertTrue(tasks.get() >= 6, "tasks: " + tasks.get());
        // Other test classes of this JVM may hold sessions of other settings (annotate's, say): count this test's.
        assertTrue(Extractor.sessionsCreated() - sessionsBefore <= 1, "one ONNX session for all tasks in this JVM");
    }
}
