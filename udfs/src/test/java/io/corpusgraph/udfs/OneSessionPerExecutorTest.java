package io.corpusgraph.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.corpusgraph.pipeline.extract.Extractor;

/**
 * A real cluster: local-cluster runs two workers, each forking its own executor JVM (docs/stack-notes.md).
 * Every executor creates exactly one ONNX session however many tasks it runs, and the driver none.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneSessionPerExecutorTest {

    static SparkSession spark;
    /** A copy of the test model, and the same as a zip shipped with the job (spark.archives, as --archives sets it). */
    static Path copy;
    static Path zip;

    @BeforeAll
    static void startCluster() throws IOException {
        // The workers need a SPARK_HOME with a jars/ folder (the surefire configuration points at this one).
        Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
        copy = Files.createTempDirectory("cg-model").resolve("tiny-span");
        Files.createDirectories(copy);
        zip = copy.resolveSibling("tiny-span.zip");
        try (var files = Files.list(Path.of(Fixtures.MODEL));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
                out.putNextEntry(new java.util.zip.ZipEntry(file.getFileName().toString()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        spark = Fixtures.spark("local-cluster[2,1,1024]", "one session per executor")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.executor.extraJavaOptions", "-Dai.djl.offline=true -XX:TieredStopAtLevel=1")
                .config("spark.executorEnv.ORT_DISABLE_TELEMETRY", "1")
                .config("spark.executorEnv.DJL_OFFLINE", "true")
                .config("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
                .config("spark.archives", zip + "#tiny-span")
                .getOrCreate();
    }

    @AfterAll
    static void stopCluster() {
        spark.stop();
    }

    @Test
    @Order(1)
    void eachExecutorJvmCreatesOneSessionForAllItsTasks() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            rows.add(RowFactory.create("doc-" + i, "test", "Marie Curie worked in Paris in " + (1890 + i) + ".", null,
                    "00".repeat(32), null));
        }
        io.corpusgraph.pipeline.ExtractionSpec settings = Fixtures.spec(2);
        int driverSessions = Extractor.sessionsCreated();  // other test classes may have run in this JVM
        long extracted = spark.createDataFrame(rows, CorpusSchema.INPUT).repartition(12)
                .mapPartitions(new ExtractPartition(settings, ExtractMetrics.register(spark.sparkContext())),
                        Encoders.row(CorpusSchema.EXTRACTED))
                .count();
        assertEquals(24, extracted);

        // Ask every executor JVM, through many small tasks, how many sessions it created.
        MapPartitionsFunction<Long, String> probe = ignored -> List.of(
                ProcessHandle.current().pid() + "=" + Extractor.sessionsCreated()).iterator();
        Dataset<String> answers = spark.range(0, 40, 1, 40).as(Encoders.LONG()).mapPartitions(probe, Encoders.STRING());
        Map<String, String> sessionsByPid = new TreeMap<>();
        for (String answer : answers.collectAsList()) {
            String[] pidAndCount = answer.split("=");
            sessionsByPid.put(pidAndCount[0], pidAndCount[1]);
        }
        assertEquals(2, sessionsByPid.size(), "two executor JVMs: " + sessionsByPid);
        assertFalse(sessionsByPid.containsKey(String.valueOf(ProcessHandle.current().pid())), "tasks ran outside the driver");
        assertEquals(Map.of(), withoutOnes(sessionsByPid), "12 tasks, 2 executors, one session each");
        assertEquals(driverSessions, Extractor.sessionsCreated(), "the driver created none");
    }

    /**
     * The same model as a {@code file:} URI and as an archive shipped with the job ({@code spark-files:NAME}): each
     * executor fetches it to its local disk and the entities are those of the local folder (ids too: the archive is
     * shipped under the folder's name, so model_id, hence entity_id, is the same).
     */
    @Test
    @Order(2)
    void aModelGivenAsAUriOrShippedAsAnArchiveIsFetchedByEachExecutorWithTheSameResults() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(RowFactory.create("doc-" + i, "Marie Curie met Alan Turing in Paris in " + (1890 + i) + "."));
        }
        Dataset<Row> docs = spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
                .add("id", "string").add("text", "string")).repartition(4);
        io.corpusgraph.pipeline.ExtractionSpec local = Fixtures.spec(2);
        List<String> expected = sorted(CorpusgraphExtract.entities(docs, "id", "text", local));
        assertFalse(expected.isEmpty());
        for (String dir : List.of(copy.toUri().toString(), ModelFolders.SHIPPED + "tiny-span")) {
            io.corpusgraph.pipeline.ExtractionSpec remote = local.withModel(
                    new io.corpusgraph.pipeline.RuntimeSettings(dir, local.model().device(), local.model().intraOpThreads()));
            assertEquals(expected, sorted(CorpusgraphExtract.entities(docs, "id", "text", remote)), dir);
        }
        io.corpusgraph.pipeline.ExtractionSpec missing = local.withModel(
                new io.corpusgraph.pipeline.RuntimeSettings(ModelFolders.SHIPPED + "not-shipped", "cpu", 1));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> CorpusgraphExtract.entities(docs, "id", "text", missing));
        assertTrue(e.getMessage().contains("--archives model.zip#not-shipped"), e.getMessage());
    }

    private static List<String> sorted(Dataset<Row> rows) {
        return rows.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    private static Map<String, String> withoutOnes(Map<String, String> sessionsByPid) {
        Map<String, String> others = new TreeMap<>(sessionsByPid);
        others.values().removeIf("1"::equals);
        return others;
    }
}
