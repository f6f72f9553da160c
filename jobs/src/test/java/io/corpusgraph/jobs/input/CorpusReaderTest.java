package io.corpusgraph.jobs.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.jobs.LocalSpark;
import io.corpusgraph.jobs.config.InputSpec;
import io.corpusgraph.jobs.config.InputSpec.InputFormat;
import io.corpusgraph.udfs.CorpusSchema;

class CorpusReaderTest {

    private final SparkSession spark = LocalSpark.session();

    @TempDir
    Path dir;

    private static InputSpec input(InputFormat format, String path) {
        return new InputSpec(format, path, "", "id", "text");
    }

    /** doc_id → row, for the rows that have an id. */
    private static Map<String, Row> byId(Dataset<Row> docs) {
        assertArrayEquals(CorpusSchema.INPUT.fieldNames(), docs.schema().fieldNames());
        Map<String, Row> rows = new TreeMap<>();
        for (Row r : docs.collectAsList()) {
            if (r.getAs("doc_id") != null) {
                rows.put(r.getAs("doc_id"), r);
            }
        }
        return rows;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aTextFolderGivesOneRowPerFileWithItsRelativePathAsId() throws Exception {
        Path corpus = dir.resolve("corpus");
        Files.createDirectories(corpus.resolve("news/2024"));
        Files.writeString(corpus.resolve("a.txt"), "Ada Lovelace");
        Files.writeString(corpus.resolve("news/2024/b c.txt"), "Zürich");
        byte[] latin1 = "Café".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(corpus.resolve("news/latin1.txt"), latin1);

        // A relative path with a detour names the same files.
        Path relative = Path.of("").toAbsolutePath().relativize(corpus.resolve("news/..").toAbsolutePath());
        Map<String, Row> docs = byId(CorpusReader.read(spark, input(InputFormat.TEXT, relative.toString())));

        assertEquals(List.of("a.txt", "news/2024/b c.txt", "news/latin1.txt"), List.copyOf(docs.keySet()));
        Row b = docs.get("news/2024/b c.txt");
        assertArrayEquals("Zürich".getBytes(StandardCharsets.UTF_8), (byte[]) b.getAs("bytes"));
        assertNull(b.getAs("text"), "bytes are decoded on the executors");
        assertTrue(((String) b.getAs("source")).endsWith("/corpus/news/2024/b c.txt"), (String) b.getAs("source"));
        assertEquals(sha256(latin1), docs.get("news/latin1.txt").getAs("content_sha256"));

        Map<String, Row> single = byId(CorpusReader.read(spark, input(InputFormat.TEXT, corpus.resolve("a.txt").toString())));
        assertEquals(List.of("a.txt"), List.copyOf(single.keySet()), "a single file is named by its file name");
    }

    @Test
    void anEmptyFileIsStillADocument() throws Exception {
        Path corpus = dir.resolve("with-empty");
        Files.createDirectories(corpus);
        Files.writeString(corpus.resolve("full.txt"), "text");
        Files.write(corpus.resolve("empty.txt"), new byte[0]);
        Map<String, Row> docs = byId(CorpusReader.read(spark, input(InputFormat.TEXT, corpus.toString())));
        assertEquals(List.of("empty.txt", "full.txt"), List.copyOf(docs.keySet()));
        assertArrayEquals(new byte[0], (byte[]) docs.get("empty.txt").getAs("bytes"));
    }

    /** Issue 19, item 2: Spark's file sources skip names starting with _ or .; a text corpus must not. */
    @Test
    void everyFileIsADocumentHiddenAndUnderscoreNamesIncludedAndAnUnfinishedCopyIsQuarantined() throws Exception {
        Path corpus = dir.resolve("hidden");
        Files.createDirectories(corpus.resolve("_private"));
        Files.createDirectories(corpus.resolve(".git"));
        Files.writeString(corpus.resolve("_draft.txt"), "draft");
        Files.writeString(corpus.resolve(".hidden.txt"), "hidden");
        Files.writeString(corpus.resolve("_private/memo.txt"), "memo");
        Files.writeString(corpus.resolve(".git/HEAD"), "ref");
        Files.writeString(corpus.resolve("big.txt._COPYING_"), "half");
        Map<String, Row> docs = byId(CorpusReader.read(spark, input(InputFormat.TEXT, corpus.toString())));
        assertEquals(List.of(".git/HEAD", ".hidden.txt", "_draft.txt", "_private/memo.txt", "big.txt._COPYING_"),
                List.copyOf(docs.keySet()));
        assertArrayEquals("memo".getBytes(StandardCharsets.UTF_8), (byte[]) docs.get("_private/memo.txt").getAs("bytes"));
        assertNull(docs.get(".hidden.txt").getAs("problem"));
        assertEquals(TextFiles.COPYING, docs.get("big.txt._COPYING_").getAs("problem"));
    }

    /** Issue 19, item 3: links are never followed into folders (no loop, no duplicate); each real file is read once. */
    @Test
    void symbolicLinksNeitherLoopNorDuplicateFiles() throws Exception {
        Path corpus = dir.resolve("links");
        Files.createDirectories(corpus.resolve("sub"));
        Files.writeString(corpus.resolve("a.txt"), "Ada");
        Files.writeString(corpus.resolve("sub/b.txt"), "Bob");
        Path outside = Files.writeString(dir.resolve("outside.txt"), "Outside");
        Files.createSymbolicLink(corpus.resolve("self"), Path.of("."));
        Files.createSymbolicLink(corpus.resolve("sub/up"), Path.of(".."));
        Files.createSymbolicLink(corpus.resolve("again.txt"), Path.of("sub/b.txt"));
        Files.createSymbolicLink(corpus.resolve("out.txt"), outside);
        Files.createSymbolicLink(corpus.resolve("gone.txt"), Path.of("nowhere.txt"));
        Map<String, Row> docs = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> byId(CorpusReader.read(spark, input(InputFormat.TEXT, corpus.toString()))));
        assertEquals(List.of("a.txt", "again.txt", "gone.txt", "out.txt", "self", "sub/b.txt", "sub/up"), List.copyOf(docs.keySet()));
        assertEquals(TextFiles.FOLDER_LINK, docs.get("self").getAs("problem"));
        assertEquals(TextFiles.FOLDER_LINK, docs.get("sub/up").getAs("problem"));
        assertEquals(TextFiles.INNER_LINK + " (sub/b.txt)", docs.get("again.txt").getAs("problem"));
        assertNull(docs.get("again.txt").getAs("bytes"));
        assertEquals("broken symbolic link", docs.get("gone.txt").getAs("problem"));
        assertArrayEquals("Outside".getBytes(StandardCharsets.UTF_8), (byte[]) docs.get("out.txt").getAs("bytes"));
        assertArrayEquals("Bob".getBytes(StandardCharsets.UTF_8), (byte[]) docs.get("sub/b.txt").getAs("bytes"));
    }

    @Test
    void jsonLinesTakeIdAndTextFromTheConfiguredFieldsAndKeepMalformedLines() throws Exception {
        Path file = dir.resolve("docs.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"uid\": 17, \"body\": \"Marie Curie\", \"other\": 1}",
                "{\"uid\": \"x\", \"body\": null}",
                "{\"body\": \"no id here\"}",
                "{\"uid\": \"broken\", \"body\": ",
                ""));
        Dataset<Row> docs = CorpusReader.read(spark, new InputSpec(InputFormat.JSONL, file.toString(), "", "uid", "body"));
        List<Row> rows = docs.collectAsList();
        assertEquals(4, rows.size());
        Map<String, Row> ids = byId(docs);
        assertEquals("Marie Curie", ids.get("17").getAs("text"));
        assertEquals(sha256("Marie Curie".getBytes(StandardCharsets.UTF_8)), ids.get("17").getAs("content_sha256"));
        assertNull(ids.get("x").getAs("text"));
        assertNull(ids.get("x").getAs("problem"));
        Row broken = rows.stream().filter(r -> r.getAs("problem") != null).findFirst().orElseThrow();
        assertEquals("malformed JSON line", broken.getAs("problem"));
        assertEquals("{\"uid\": \"broken\", \"body\": ", new String((byte[]) broken.getAs("bytes"), StandardCharsets.UTF_8));
        assertTrue(rows.stream().anyMatch(r -> r.getAs("doc_id") == null && "no id here".equals(r.getAs("text"))));
    }

    @Test
    void parquetDeltaAndCatalogTablesTakeTheConfiguredColumns() {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("text", DataTypes.StringType)
                .add("lang", DataTypes.StringType);
        Dataset<Row> table = spark.createDataFrame(List.of(RowFactory.create(1L, "Ada", "en"), RowFactory.create(2L, null, "en")), schema);
        table.write().parquet(dir.resolve("p").toString());
        table.write().format("delta").save(dir.resolve("d").toString());
        table.write().saveAsTable("corpus_reader_test_input");

        for (InputSpec in : List.of(input(InputFormat.PARQUET, dir.resolve("p").toString()),
                input(InputFormat.DELTA, dir.resolve("d").toString()),
                new InputSpec(InputFormat.TABLE, "", "corpus_reader_test_input", "id", "text"))) {
            Map<String, Row> docs = byId(CorpusReader.read(spark, in));
            assertEquals(List.of("1", "2"), List.copyOf(docs.keySet()), in.toString());
            assertEquals("Ada", docs.get("1").getAs("text"));
            assertNull(docs.get("2").getAs("text"));
            assertNull(docs.get("2").getAs("content_sha256"));
        }
    }

    @Test
    void aBinaryTextColumnIsDecodedOnTheExecutors() {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.BinaryType);
        spark.createDataFrame(List.of(RowFactory.create("1", new byte[] {(byte) 0xC3, (byte) 0xA9})), schema)
                .write().parquet(dir.resolve("binary").toString());
        Row row = CorpusReader.read(spark, input(InputFormat.PARQUET, dir.resolve("binary").toString())).first();
        assertNull(row.getAs("text"));
        assertArrayEquals(new byte[] {(byte) 0xC3, (byte) 0xA9}, (byte[]) row.getAs("bytes"));
    }

    @Test
    void missingInputsAndColumnsSayWhatToFix() throws IOException {
        JobSetupException noPath = assertThrows(JobSetupException.class,
                () -> CorpusReader.read(spark, input(InputFormat.TEXT, dir.resolve("nowhere").toString())));
        assertTrue(noPath.getMessage().startsWith("input.path: ") && noPath.getMessage().endsWith("does not exist"), noPath.getMessage());

        JobSetupException noTable = assertThrows(JobSetupException.class,
                () -> CorpusReader.read(spark, new InputSpec(InputFormat.TABLE, "", "no_such_table", "id", "text")));
        assertEquals("input.table: no table no_such_table in the catalog", noTable.getMessage());

        Path file = Files.writeString(dir.resolve("x.jsonl"), "{}\n");
        spark.read().json(file.toString()).selectExpr("'1' AS key", "'t' AS body").write().parquet(dir.resolve("q").toString());
        JobSetupException noColumn = assertThrows(JobSetupException.class,
                () -> CorpusReader.read(spark, input(InputFormat.PARQUET, dir.resolve("q").toString())));
        assertEquals("input has no column 'id' (it has key, body): set input.id-field and input.text-field", noColumn.getMessage());
    }

    @Test
    void configuredColumnNamesAreNamesNeverExpressions() throws IOException {
        Path jsonl = dir.resolve("dotted.jsonl");
        Files.writeString(jsonl, "{\"doc.id\": \"a\", \"the `text`\": \"Marie Curie.\", \"doc\": {\"id\": \"wrong\"}}\n");
        Map<String, Row> rows = byId(CorpusReader.read(spark,
                new InputSpec(InputFormat.JSONL, jsonl.toString(), "", "doc.id", "the `text`")));
        assertEquals(List.of("a"), List.copyOf(rows.keySet()));
        assertEquals("Marie Curie.", rows.get("a").getAs("text"));
    }
}
