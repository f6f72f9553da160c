package io.corpusgraph.jobs.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.GraphExportJob;
import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.jobs.LocalSpark;
import io.corpusgraph.jobs.config.GraphExportConfig;

/**
 * graph-export must never delete what it did not write (issue 19, item 1): a feed folder that is, holds
 * or lies inside the tables' folder, or a non-empty folder without the export's marker, is refused
 * before anything is read, written or deleted.
 */
class FeedFolderSafetyTest {

    private static final SparkSession SPARK = LocalSpark.session();

    @TempDir
    Path dir;

    private JobSetupException refused(Path tables, Path feed) {
        GraphExportConfig config = GraphExportJob.parse("--output", tables.toString(), "--from", "2024-01-01",
                "--to", "2024-01-01", "--graph-path", feed.toString());
        return assertThrows(JobSetupException.class, () -> GraphExport.run(SPARK, config));
    }

    private Path tablesWithAFile() throws Exception {
        Path tables = dir.resolve("p/tables");
        Files.createDirectories(tables.resolve("entities"));
        Files.writeString(tables.resolve("entities/keep.parquet"), "data");
        Files.writeString(dir.resolve("p/unrelated.txt"), "mine");
        return tables;
    }

    @Test
    void theTablesParentTheTablesFolderOrAFolderInsideThemIsRefusedAndNothingIsDeleted() throws Exception {
        Path tables = tablesWithAFile();
        for (Path feed : List.of(dir.resolve("p"), tables, tables.resolve("graph"), tables.resolve("entities"))) {
            JobSetupException e = refused(tables, feed);
            assertTrue(e.getMessage().startsWith("graph-export.path: ") && e.getMessage().contains("the tables' folder"),
                    e.getMessage());
            assertTrue(Files.exists(tables.resolve("entities/keep.parquet")), feed + " deleted the tables");
            assertTrue(Files.exists(dir.resolve("p/unrelated.txt")), feed + " deleted an unrelated file");
        }
        // A sibling whose name starts like the tables' folder does not overlap it.
        Files.createDirectories(dir.resolve("p/tables-graph"));
        JobSetupException sibling = refused(tables, dir.resolve("p/tables-graph"));
        assertTrue(sibling.getMessage().startsWith("no documents table"), sibling.getMessage());
    }

    @Test
    void aNonEmptyFolderWithoutTheMarkerIsRefusedAndKept() throws Exception {
        Path tables = tablesWithAFile();
        Path foreign = dir.resolve("photos");
        Files.createDirectories(foreign.resolve("neo4j"));
        Files.writeString(foreign.resolve("neo4j/holiday.jpg"), "jpeg");
        JobSetupException e = refused(tables, foreign);
        assertTrue(e.getMessage().contains("is not empty and was not written by graph-export"), e.getMessage());
        assertTrue(Files.exists(foreign.resolve("neo4j/holiday.jpg")));

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertTrue(refused(tables, file).getMessage().contains("is a file"));
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aMarkedFolderIsReplacedOnlyInTheFoldersTheExportWrites() throws Exception {
        Path feed = dir.resolve("feed");
        Files.createDirectories(feed.resolve("nquads"));
        Files.writeString(feed.resolve(FeedFolder.MARKER), "");
        Files.writeString(feed.resolve("nquads/old.nq"), "old");
        Files.writeString(feed.resolve("README.txt"), "notes of the user");
        FeedFolder folder = FeedFolder.open(SPARK, feed.toString(), new org.apache.hadoop.fs.Path(dir.resolve("tables").toUri()));
        folder.clear();
        assertTrue(Files.notExists(feed.resolve("nquads/old.nq")));
        assertEquals("notes of the user", Files.readString(feed.resolve("README.txt")));
        assertTrue(Files.exists(feed.resolve(FeedFolder.MARKER)));

        // A new folder gets the marker, so the next export may replace it.
        Path fresh = dir.resolve("fresh");
        FeedFolder.open(SPARK, fresh.toString(), null).clear();
        assertTrue(Files.exists(fresh.resolve(FeedFolder.MARKER)));
        FeedFolder.open(SPARK, fresh.toString(), null);
    }

    @Test
    void aControlCharacterInALabelNeverSplitsTheNeo4jLabelColumn() {
        StructType schema = new StructType().add("label", DataTypes.StringType);
        List<Row> rows = SPARK.createDataFrame(List.of(RowFactory.create("a\u001Fb"), RowFactory.create("line\nbreak\u0085"),
                RowFactory.create("person; group")), schema)
                .select(Neo4jImportFiles.neo4jLabel(org.apache.spark.sql.functions.col("label"))).collectAsList();
        assertEquals(List.of("a b", "line break ", "person; group"), rows.stream().map(r -> r.getString(0)).toList());
    }
}
