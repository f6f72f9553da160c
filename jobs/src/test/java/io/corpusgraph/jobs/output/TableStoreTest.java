package io.corpusgraph.jobs.output;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.jobs.LocalSpark;
import io.corpusgraph.jobs.config.OutputSpec;
import io.corpusgraph.jobs.config.OutputSpec.OutputFormat;

class TableStoreTest {

    private static final LocalDate MONDAY = LocalDate.of(2024, 3, 4);
    private static final LocalDate TUESDAY = LocalDate.of(2024, 3, 5);

    private final SparkSession spark = LocalSpark.session();

    @TempDir
    Path dir;

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of(OutputFormat.DELTA, false), Arguments.of(OutputFormat.PARQUET, false),
                Arguments.of(OutputFormat.DELTA, true), Arguments.of(OutputFormat.PARQUET, true));
    }

    static OutputSpec spec(OutputFormat format, String path, String database) {
        return new OutputSpec(format, path, database, Map.of(Table.DOCUMENTS, "documents", Table.ENTITIES, "entities",
                Table.RELATIONS, "relations", Table.RUNS, "runs"));
    }

    private TableStore store(OutputFormat format, boolean inCatalog) {
        String database = "";
        if (inCatalog) {
            database = "db_" + format.name().toLowerCase() + "_" + Math.abs(dir.hashCode());
            spark.sql("CREATE DATABASE IF NOT EXISTS " + database);
        }
        TableStore store = TableStore.open(spark, spec(format, dir.resolve("tables").toString(), database));
        store.checkWritable();
        return store;
    }

    /** Rows of the documents table with doc_id, run_id and run_date set, the other columns null. */
    private Dataset<Row> documents(String runId, LocalDate date, String... docIds) {
        StructType schema = Table.DOCUMENTS.schema();
        List<Row> rows = Stream.of(docIds).map(id -> {
            Object[] values = new Object[schema.size()];
            values[schema.fieldIndex("doc_id")] = id;
            values[schema.fieldIndex("run_id")] = runId;
            values[schema.fieldIndex(Table.RUN_DATE)] = Date.valueOf(date);
            return RowFactory.create(values);
        }).toList();
        return spark.createDataFrame(rows, schema);
    }

    private List<String> docIds(TableStore store, LocalDate date) {
        return store.read(Table.DOCUMENTS).where(col(Table.RUN_DATE).equalTo(Date.valueOf(date)))
                .orderBy("doc_id").select("doc_id").as(Encoders.STRING()).collectAsList();
    }

    @ParameterizedTest(name = "{0}, catalog={1}")
    @MethodSource("stores")
    void replacingADateReplacesExactlyThatDatesRows(OutputFormat format, boolean inCatalog) {
        TableStore store = store(format, inCatalog);
        store.replaceDate(Table.DOCUMENTS, documents("r1", MONDAY, "a", "b"), MONDAY);
        store.replaceDate(Table.DOCUMENTS, documents("r2", TUESDAY, "c"), TUESDAY);
        store.replaceDate(Table.DOCUMENTS, documents("r3", MONDAY, "a", "d"), MONDAY);

        assertEquals(List.of("a", "d"), docIds(store, MONDAY));
        assertEquals(List.of("c"), docIds(store, TUESDAY));
        assertEquals(3, store.read(Table.DOCUMENTS).count());
        assertEquals(Table.DOCUMENTS.schema().fieldNames().length, store.read(Table.DOCUMENTS).columns().length);
    }

    @ParameterizedTest(name = "{0}, catalog={1}")
    @MethodSource("stores")
    void aRunWithNoRowsEmptiesItsDate(OutputFormat format, boolean inCatalog) {
        TableStore store = store(format, inCatalog);
        store.replaceDate(Table.DOCUMENTS, documents("r1", MONDAY, "a"), MONDAY);
        store.replaceDate(Table.DOCUMENTS, documents("r2", MONDAY), MONDAY);
        assertEquals(List.of(), docIds(store, MONDAY));
    }

    @ParameterizedTest(name = "{0}, catalog={1}")
    @MethodSource("stores")
    void onlyCommittedRunsReadAsCompleteAndTheCleanUpKeepsOnlyTheRunsRows(OutputFormat format, boolean inCatalog) {
        TableStore store = store(format, inCatalog);
        store.append(Table.DOCUMENTS, documents("r1", MONDAY, "a", "b"));
        store.replaceDate(Table.RUNS, run("r1", MONDAY), MONDAY);
        store.append(Table.DOCUMENTS, documents("r2", TUESDAY, "c"));
        store.replaceDate(Table.RUNS, run("r2", TUESDAY), TUESDAY);
        // r3 appends its rows but is killed before its commit; r4 appends and commits.
        store.append(Table.DOCUMENTS, documents("r3", MONDAY, "x"));
        assertEquals(List.of("a", "b", "c"), completeDocIds(store));
        store.append(Table.DOCUMENTS, documents("r4", MONDAY, "a", "d"));
        store.replaceDate(Table.RUNS, run("r4", MONDAY), MONDAY);
        assertEquals(List.of("a", "c", "d"), completeDocIds(store));

        store.deleteOtherRuns(Table.DOCUMENTS, MONDAY, "r4");
        assertEquals(List.of("a", "d"), docIds(store, MONDAY));
        assertEquals(List.of("c"), docIds(store, TUESDAY));
    }

    @ParameterizedTest(name = "{0}, catalog={1}")
    @MethodSource("stores")
    void aDateIsHeldOnceAnyRunFiledRowsUnderIt(OutputFormat format, boolean inCatalog) {
        TableStore store = store(format, inCatalog);
        if (inCatalog) {
            assertTrue(store.holdsDate(Table.DOCUMENTS, MONDAY), "catalog tables are always cleaned up");
            return;
        }
        assertFalse(store.holdsDate(Table.DOCUMENTS, MONDAY), "no table yet");
        store.create(Table.DOCUMENTS);
        assertFalse(store.holdsDate(Table.DOCUMENTS, MONDAY), "an empty table");
        // A run killed before its commit still leaves rows that the next run of the date must remove.
        store.append(Table.DOCUMENTS, documents("killed", MONDAY, "x"));
        assertTrue(store.holdsDate(Table.DOCUMENTS, MONDAY));
        assertFalse(store.holdsDate(Table.DOCUMENTS, TUESDAY));
    }

    private Dataset<Row> run(String runId, LocalDate date) {
        StructType schema = Table.RUNS.schema();
        Object[] values = new Object[schema.size()];
        values[schema.fieldIndex("run_id")] = runId;
        values[schema.fieldIndex(Table.RUN_DATE)] = Date.valueOf(date);
        return spark.createDataFrame(List.of(RowFactory.create(values)), schema);
    }

    private List<String> completeDocIds(TableStore store) {
        return store.readComplete(Table.DOCUMENTS).orderBy("doc_id").select("doc_id").as(Encoders.STRING()).collectAsList();
    }

    @ParameterizedTest(name = "{0}, catalog={1}")
    @MethodSource("stores")
    void aTableWithoutRowsExistsAndReadsWithItsColumns(OutputFormat format, boolean inCatalog) {
        TableStore store = store(format, inCatalog);
        assertFalse(store.exists(Table.RELATIONS));
        store.create(Table.RELATIONS);
        assertTrue(store.exists(Table.RELATIONS));
        Dataset<Row> relations = store.read(Table.RELATIONS);
        assertEquals(0, relations.count());
        assertEquals(List.of(Table.RELATIONS.schema().fieldNames()), List.of(relations.columns()));
    }

    @Test
    void aDeltaTableWrittenByAnOlderVersionGainsTheNewColumns() {
        TableStore store = store(OutputFormat.DELTA, false);
        // The documents table as a version without extraction_ms wrote it.
        documents("r0", MONDAY, "old").drop("extraction_ms").write().format("delta").partitionBy(Table.RUN_DATE)
                .save(dir.resolve("tables").resolve("documents").toString());

        store.replaceDate(Table.DOCUMENTS, documents("r1", TUESDAY, "new"), TUESDAY);

        assertTrue(List.of(store.read(Table.DOCUMENTS).columns()).contains("extraction_ms"));
        assertEquals(List.of("old"), docIds(store, MONDAY));
        assertEquals(List.of("new"), docIds(store, TUESDAY));
    }

    @Test
    void aFolderThatCannotBeWrittenFailsWithWhatToDo() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        TableStore store = TableStore.open(spark, spec(OutputFormat.DELTA, file.resolve("tables").toString(), ""));
        JobSetupException e = assertThrows(JobSetupException.class, store::checkWritable);
        assertTrue(e.getMessage().startsWith("output.path: cannot write to "), e.getMessage());
        assertTrue(e.getMessage().contains("choose a writable folder with --output"), e.getMessage());
    }

    @Test
    void aMissingDatabaseFailsWithWhatToDo() {
        TableStore store = TableStore.open(spark, spec(OutputFormat.DELTA, "", "no_such_db"));
        JobSetupException e = assertThrows(JobSetupException.class, store::checkWritable);
        assertTrue(e.getMessage().contains("CREATE DATABASE no_such_db"), e.getMessage());
    }

    /**
     * Runs for different dates start at once on an output with no tables yet, and each creates each table. The one
     * that comes second can find the winner's log folder there and its first commit not yet: it goes on once that
     * commit has landed (Delta: DELTA_TABLE_NOT_FOUND from the create meanwhile), and the table reads as absent till
     * then. The winner is played by copying a created table's first commit in after a second.
     */
    @Test
    void aDeltaTableAnotherRunIsCreatingIsWaitedForAndAbsentTillItsFirstCommit() throws Exception {
        TableStore winner = TableStore.open(spark, spec(OutputFormat.DELTA, dir.resolve("winner").toString(), ""));
        winner.create(Table.ENTITIES);
        TableStore store = TableStore.open(spark, spec(OutputFormat.DELTA, dir.resolve("tables").toString(), ""));
        Path log = Files.createDirectories(dir.resolve("tables").resolve("entities").resolve("_delta_log"));
        assertFalse(store.exists(Table.ENTITIES), "a log folder without a commit is no table yet");
        Thread commit = new Thread(() -> {
            try {
                Thread.sleep(1000);
                try (Stream<Path> files = Files.list(dir.resolve("winner").resolve("entities").resolve("_delta_log"))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                        Files.copy(file, log.resolve(file.getFileName()));
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        commit.start();
        store.create(Table.ENTITIES);
        commit.join();
        assertTrue(store.exists(Table.ENTITIES));
        store.append(Table.ENTITIES, spark.createDataFrame(List.of(), Table.ENTITIES.schema()));
        assertEquals(0, store.read(Table.ENTITIES).count());
    }
}
