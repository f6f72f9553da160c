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
        // The line number, and the id when the parser got that far.
        assertTrue(((String) broken.getAs("problem")).startsWith("malformed JSON line 4: "), (String) broken.getAs("problem"));
        assertEquals("broken", broken.getAs("doc_id"));
        assertEquals("{\"uid\": \"broken\", \"body\": ", new String((byte[]) broken.getAs("bytes"), StandardCharsets.UTF_8));
        assertTrue(rows.stream().anyMatch(r -> r.getAs("doc_id") == null && "no id here".equals(r.getAs("text"))));
    }

    /**
     * Issue 19, items 7, 10 and 11: a line over Jackson's default 20 M-character string limit keeps its id (the size
     * limit then quarantines it as too large); problem rows carry their line number, blank lines included in
     * the count; a text or id of another JSON type is quarantined, not turned into JSON text; invalid UTF-8 is
     * a malformed line.
     */
    @Test
    void jsonLinesKeepIdsOfHugeLinesNumberProblemLinesAndNeverCoerceTypes() throws Exception {
        Path file = dir.resolve("lines.jsonl");
        String huge = "a".repeat(20_000_010);
        try (var out = Files.newOutputStream(file)) {
            out.write(String.join("\n",
                    "{\"id\": \"huge\", \"text\": \"" + huge + "\"}",
                    "",
                    "{\"id\": \"object\", \"text\": {\"name\": \"Marie Curie\"}}",
                    "{\"id\": \"number\", \"text\": 1912}",
                    "{\"id\": {\"a\": 1}, \"text\": \"x\"}",
                    "not json",
                    "{\"id\": 7, \"text\": \"Ada\"} trailing",
                    "").getBytes(StandardCharsets.UTF_8));
            out.write("{\"id\": \"latin1\", \"text\": \"Caf".getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {(byte) 0xE9});
            out.write("\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        List<Row> rows = CorpusReader.read(spark, input(InputFormat.JSONL, file.toString())).collectAsList();
        assertEquals(7, rows.size());
        Map<String, Row> ids = byId(CorpusReader.read(spark, input(InputFormat.JSONL, file.toString())));
        assertNull(ids.get("huge").getAs("problem"));
        assertEquals(huge.length(), ((String) ids.get("huge").getAs("text")).length());
        assertEquals("text field 'text' is a JSON object, not a string (line 3)", ids.get("object").getAs("problem"));
        assertNull(ids.get("object").getAs("text"));
        assertEquals("text field 'text' is a JSON number, not a string (line 4)", ids.get("number").getAs("problem"));
        List<String> problems = rows.stream().map(r -> r.getAs("doc_id") + ": " + r.getAs("problem")).sorted().toList();
        assertTrue(problems.contains("null: id field 'id' is a JSON object, not a string or integer (line 5)"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("null: malformed JSON line 6: ")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("7: malformed JSON line 7: ")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("latin1: malformed JSON line 8: Invalid UTF-8")), problems.toString());
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

    /** Line numbers count across Spark's file splits (here forced to a few lines each) and across files. */
    @Test
    void lineNumbersHoldAcrossFileSplitsAndFiles() throws Exception {
        Path folder = dir.resolve("split");
        Files.createDirectories(folder);
        for (String name : List.of("a.jsonl", "b.jsonl")) {
            StringBuilder lines = new StringBuilder();
            for (int i = 1; i <= 60; i++) {
                lines.append(i == 37 ? "{broken " + name + "}" : "{\"id\": \"" + name + "-" + i + "\", \"text\": \"t\"}").append('\n');
            }
            Files.writeString(folder.resolve(name), lines);
        }
        String before = spark.conf().get("spark.sql.files.maxPartitionBytes");
        spark.conf().set("spark.sql.files.maxPartitionBytes", "200");
        try {
            Dataset<Row> docs = CorpusReader.read(spark, input(InputFormat.JSONL, folder.toString()));
            assertTrue(spark.read().text(folder.toString()).rdd().getNumPartitions() > 4);
            List<String> problems = docs.where("problem IS NOT NULL").collectAsList().stream()
                    .map(r -> (String) r.getAs("problem")).sorted().toList();
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.stream().allMatch(p -> p.startsWith("malformed JSON line 37: ")), problems.toString());
            assertEquals(118, docs.where("problem IS NULL").count());
        } finally {
            spark.conf().set("spark.sql.files.maxPartitionBytes", before);
        }
    }

    /** Issue 19, item 10: an int text column was cast to its digits and extracted. */
    @Test
    void aTextColumnThatIsNoStringOrAnIdColumnThatIsNoIdIsRefused() {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.IntegerType)
                .add("score", DataTypes.DoubleType).add("body", DataTypes.StringType);
        spark.createDataFrame(List.of(RowFactory.create("1", 42, 0.5, "Ada")), schema).write().parquet(dir.resolve("ints").toString());
        JobSetupException text = assertThrows(JobSetupException.class,
                () -> CorpusReader.read(spark, input(InputFormat.PARQUET, dir.resolve("ints").toString())));
        assertEquals("input.text-field: column 'text' is int, not a string (or binary) column: set input.text-field to the text column",
                text.getMessage());
        JobSetupException id = assertThrows(JobSetupException.class, () -> CorpusReader.read(spark,
                new InputSpec(InputFormat.PARQUET, dir.resolve("ints").toString(), "", "score", "body")));
        assertTrue(id.getMessage().startsWith("input.id-field: column 'score' is double"), id.getMessage());
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
