package io.corpusgraph.jobs.graph.consumers;

import static io.corpusgraph.jobs.graph.GraphFixture.FEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;

import io.corpusgraph.jobs.graph.GraphFixture;
import io.corpusgraph.jobs.graph.Neo4jImportFiles;

/**
 * The feed GraphExportJobTest wrote goes through neo4j-admin's own {@code database import full} (the
 * documented command, run in process), then an embedded Neo4j opens the database and Cypher counts
 * what arrived. Runs without Spark on the classpath (the graph-consumers Surefire execution).
 */
class Neo4jImportTest {

    private static final Path HOME = Path.of("target", "neo4j-home").toAbsolutePath();

    private static DatabaseManagementService dbms;
    private static GraphDatabaseService db;

    @BeforeAll
    static void importFeed() throws IOException {
        // GraphExportJobTest writes the feed in the same build, before this execution; a scoped run may lack it.
        assumeTrue(Files.isDirectory(FEED), FEED + " is missing: run GraphExportJobTest first");
        deleteRecursively(HOME);
        Files.createDirectories(HOME.resolve("conf"));
        List<String> args = new ArrayList<>(List.of("database", "import", "full", "neo4j", "--overwrite-destination",
                feedPaths(Neo4jImportFiles.NODES_ARGUMENT), feedPaths(Neo4jImportFiles.RELATIONSHIPS_ARGUMENT)));
        args.addAll(Arrays.asList(Neo4jImportFiles.CSV_OPTIONS.split(" ")));
        // Else the report of bad entries (there must be none) lands in the working directory.
        args.add("--report-file=" + HOME.resolve("import.report"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        int exit = AdminTool.execute(new ExecutionContext(HOME, HOME.resolve("conf"), out, out,
                new DefaultFileSystemAbstraction()), args.toArray(String[]::new));
        assertEquals(0, exit, "neo4j-admin " + String.join(" ", args) + " failed:\n" + log.toString(StandardCharsets.UTF_8));
        assertEquals("", Files.readString(HOME.resolve("import.report")), "neo4j-admin reported bad entries");

        dbms = new DatabaseManagementServiceBuilder(HOME)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(16))
                .build();
        db = dbms.database("neo4j");
    }

    @AfterAll
    static void stop() {
        if (dbms != null) {
            dbms.shutdown();
        }
    }

    @Test
    void cypherCountsTheTablesNodesAndEdges() {
        assertEquals(GraphFixture.NODES, single("MATCH (n:Entity) RETURN count(n) AS v"));
        assertEquals(GraphFixture.EDGES, single("MATCH ()-[r]->() RETURN count(r) AS v"));
    }

    @Test
    void textsWithQuotesCommasNewlinesBackslashesAndEmojiArriveExactly() {
        assertEquals(GraphFixture.NODE_TEXTS, strings("MATCH (n:Entity) RETURN n.text AS v"));
        assertEquals(GraphFixture.EDGE_TYPES, strings("MATCH ()-[r]->() RETURN type(r) AS v"));
        assertEquals(Set.of("a/1.txt", "b 2.txt"), strings("MATCH ()-[r]->() RETURN r.doc_id AS v"));
    }

    @Test
    void theSameEntityInTwoDocumentsIsOneNodeWithItsMentionCountAndLabel() {
        assertEquals(2L, single("MATCH (n:Entity:person {text: $text}) RETURN n.mention_count AS v",
                Map.of("text", GraphFixture.MULTILINE)));
        assertEquals(1L, single("MATCH (n:`person; group`) RETURN count(n) AS v"));
    }

    private static Object single(String cypher) {
        return single(cypher, Map.of());
    }

    private static Object single(String cypher, Map<String, Object> parameters) {
        try (Transaction tx = db.beginTx()) {
            return tx.execute(cypher, parameters).columnAs("v").next();
        }
    }

    private static Set<Object> strings(String cypher) {
        try (Transaction tx = db.beginTx()) {
            Set<Object> values = new HashSet<>();
            tx.execute(cypher).columnAs("v").forEachRemaining(values::add);
            return values;
        }
    }

    /** The command's paths are relative to the feed folder. */
    private static String feedPaths(String argument) {
        return argument.replace("neo4j/", FEED.resolve("neo4j") + "/");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
