package io.corpusgraph.jobs.graph;

import static io.corpusgraph.jobs.graph.GraphFixture.LINKS;
import static io.corpusgraph.jobs.graph.GraphFixture.MENTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.GraphExportJob;
import io.corpusgraph.jobs.LocalSpark;
import io.corpusgraph.jobs.config.GraphExportConfig;
import io.corpusgraph.jobs.graph.GraphFixture.Link;
import io.corpusgraph.jobs.graph.GraphFixture.Mention;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.udfs.EntityKeys;

/**
 * Writes the fixture's tables (Delta or Parquet, three run dates), exports a date range and checks
 * what the export counted and wrote. The Delta export is left in {@link GraphFixture#FEED} for the
 * Neo4j and Jena tests, which load it in a JVM without Spark.
 */
class GraphExportJobTest {

    private static final String MODEL = "test-model";

    private static final SparkSession SPARK = LocalSpark.session();

    @TempDir
    static Path dir;

    /** Writing the tables is most of this class's time: once per format, shared by the tests. */
    @BeforeAll
    static void writeBothFormats() {
        writeTables("delta", dir.resolve("delta"));
        writeTables("parquet", dir.resolve("parquet"));
    }

    @Test
    void exportsDeltaTablesOfTheRangeWithNodesMergedByCanonicalKeyAndDanglingRelationsDropped() throws IOException {
        // A feed left in target/ by a build from before the .corpusgraph-feed marker would be refused.
        if (Files.exists(GraphFixture.FEED) && Files.notExists(GraphFixture.FEED.resolve(FeedFolder.MARKER))) {
            try (Stream<Path> old = Files.walk(GraphFixture.FEED)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        GraphExport.Counts counts = export("delta", GraphFixture.FEED);

        assertEquals(new GraphExport.Counts(GraphFixture.MENTIONS_IN_RANGE, GraphFixture.KEPT_MENTIONS, GraphFixture.NODES,
                GraphFixture.RELATIONS_IN_RANGE, 1, 1, GraphFixture.EDGES), counts);
        assertEquals(Set.of(FeedFolder.MARKER, "neo4j/nodes-header.csv", "neo4j/nodes/part-N.csv", "neo4j/relationships-header.csv",
                "neo4j/relationships/part-N.csv", "nquads/part-N.nq"), filesIn(GraphFixture.FEED));
    }

    @Test
    void exportsParquetTablesTheSame() throws IOException {
        GraphExport.Counts counts = export("parquet", dir.resolve("feed"));

        assertEquals(GraphFixture.NODES, counts.nodes());
        assertEquals(GraphFixture.EDGES, counts.edges());
    }

    /** The fixture's expected node count, from the tables by plain SQL rather than by the export's code. */
    @Test
    void fixtureNodeCountIsTheTablesDistinctCanonicalKeysOfLatestRunsAboveMinScore() {
        SPARK.read().format("delta").load(dir.resolve("delta/documents").toString()).createOrReplaceTempView("g_documents");
        SPARK.read().format("delta").load(dir.resolve("delta/entities").toString()).createOrReplaceTempView("g_entities");
        long nodes = SPARK.sql("""
                SELECT count(DISTINCT e.canonical_key) FROM g_entities e
                JOIN (SELECT doc_id, max(run_date) AS run_date FROM g_documents
                      WHERE run_date BETWEEN DATE'%s' AND DATE'%s' GROUP BY doc_id) latest
                  ON e.doc_id = latest.doc_id AND e.run_date = latest.run_date
                WHERE e.score >= %s""".formatted(GraphFixture.MONDAY, GraphFixture.TUESDAY, GraphFixture.MIN_SCORE))
                .first().getLong(0);
        assertEquals(GraphFixture.NODES, nodes);
    }

    private static GraphExport.Counts export(String format, Path feed) {
        Path tables = dir.resolve(format);
        GraphExportConfig config = GraphExportJob.parse("--output", tables.toString(), "--output-format", format,
                "--from", GraphFixture.MONDAY.toString(), "--to", GraphFixture.TUESDAY.toString(),
                "--min-score", Double.toString(GraphFixture.MIN_SCORE), "--base-iri", GraphFixture.BASE_IRI,
                "--graph-path", feed.toString());
        return GraphExport.run(SPARK, config);
    }

    /** The kinds of files in the feed: how many parts Spark writes is its business. */
    private static Set<String> filesIn(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replaceAll("part-[^.]*", "part-N"))
                    .collect(Collectors.toSet());
        }
    }

    private static void writeTables(String format, Path root) {
        GraphExportConfig config = GraphExportJob.parse("--output", root.toString(), "--output-format", format);
        TableStore tables = TableStore.open(SPARK, config.tables());
        Map<String, Mention> byKey = MENTIONS.stream().collect(Collectors.toMap(Mention::key, Function.identity()));
        for (LocalDate date : new TreeSet<>(MENTIONS.stream().map(Mention::runDate).toList())) {
            List<Row> documents = new ArrayList<>();
            MENTIONS.stream().filter(m -> m.runDate().equals(date)).map(Mention::docId).distinct()
                    .forEach(docId -> documents.add(RowFactory.create(docId, null, null, null, null, null, "ok", null,
                            null, null, null, "run-" + date, MODEL, Date.valueOf(date))));
            List<Row> entities = MENTIONS.stream().filter(m -> m.runDate().equals(date)).map(GraphExportJobTest::entityRow).toList();
            List<Row> relations = LINKS.stream().filter(l -> byKey.get(l.head()).runDate().equals(date))
                    .map(l -> relationRow(l, byKey.get(l.head()), byKey.get(l.tail()))).toList();
            tables.replaceDate(Table.DOCUMENTS, SPARK.createDataFrame(documents, Table.DOCUMENTS.schema()), date);
            tables.replaceDate(Table.ENTITIES, SPARK.createDataFrame(entities, Table.ENTITIES.schema()), date);
            tables.replaceDate(Table.RELATIONS, SPARK.createDataFrame(relations, Table.RELATIONS.schema()), date);
            tables.replaceDate(Table.RUNS, SPARK.createDataFrame(List.of(runRow(date)), Table.RUNS.schema()), date);
        }
    }

    /** The runs row that marks the date's run complete; the export reads only complete runs. */
    private static Row runRow(LocalDate date) {
        StructType schema = Table.RUNS.schema();
        Object[] values = new Object[schema.size()];
        values[schema.fieldIndex("run_id")] = "run-" + date;
        values[schema.fieldIndex("model_id")] = MODEL;
        values[schema.fieldIndex(Table.RUN_DATE)] = Date.valueOf(date);
        return RowFactory.create(values);
    }

    private static Row entityRow(Mention m) {
        int end = m.start() + m.text().codePointCount(0, m.text().length());
        return RowFactory.create(m.docId(), entityId(m), m.start(), end, m.text(), m.label(), m.score(),
                EntityKeys.canonicalKey(m.text(), m.label()), "run-" + m.runDate(), MODEL, Date.valueOf(m.runDate()));
    }

    private static Row relationRow(Link l, Mention head, Mention tail) {
        return RowFactory.create(head.docId(), l.head() + "-" + l.tail(), entityId(head), entityId(tail), l.relation(),
                l.score(), head.text(), tail.text(), head.label(), tail.label(), "run-" + head.runDate(), MODEL,
                Date.valueOf(head.runDate()));
    }

    private static String entityId(Mention m) {
        return EntityKeys.entityId(m.docId(), m.start(), m.start() + m.text().codePointCount(0, m.text().length()),
                m.label(), MODEL);
    }
}
