package io.corpusgraph.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.Entity;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.extract.Extractor;

/**
 * The SQL functions in a real session that got them from {@code spark.sql.extensions}, with the real tiny model:
 * the entities and relations of the golden files (computed by the Python side, training/make_goldens.py), the same
 * as the pipeline's Extractor gives, options applied, bad options rejected.
 */
class CorpusgraphFunctionsTest {

    private static final double RELATIVE_TOLERANCE = 1e-4;
    private static final Path GOLDEN = Path.of("../pipeline/src/test/resources/golden");
    static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = Fixtures.spark("local[2]", "sql functions tests").config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.extensions", CorpusgraphExtensions.class.getName())
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** The golden case's decoding as the options of conf/extract.conf's keys. */
    private static Map<String, String> options(JsonNode c) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("model.dir", Fixtures.MODEL);
        options.put("model.device", "cpu");
        options.put("extraction.threshold", c.get("threshold").asText());
        options.put("extraction.mode", c.get("flat_ner").asBoolean() ? (c.get("multi_label").asBoolean() ? "multi-label" : "flat") : "nested");
        options.put("extraction.window-words", c.get("max_window_words").asText());
        options.put("extraction.window-overlap-words", c.get("window_overlap_words").asText());
        return options;
    }

    private static List<String> labels(JsonNode c) {
        List<String> labels = new ArrayList<>();
        c.get("labels").forEach(l -> labels.add(l.asText()));
        return labels;
    }

    private static String span(JsonNode e) {
        return e.get("start").asInt() + ".." + e.get("end").asInt() + " " + e.get("label").asText() + " '" + e.get("text").asText() + "'";
    }

    private static String span(Row e) {
        return e.getAs("start") + ".." + e.getAs("end") + " " + e.getAs("label") + " '" + e.getAs("text") + "'";
    }

    private static String span(Entity e) {
        return e.start() + ".." + e.end() + " " + e.label() + " '" + e.text() + "'";
    }

    @Test
    void everyGoldenCaseGivesThePythonEntitiesAndWhatTheExtractorGives() throws IOException {
        JsonNode golden = new ObjectMapper().readTree(GOLDEN.resolve("tiny-span.json").toFile());
        List<Row> rows = new ArrayList<>();
        List<JsonNode> cases = new ArrayList<>();
        for (JsonNode c : golden.get("cases")) {
            if (!c.get("flat_ner").asBoolean() && c.get("multi_label").asBoolean()) {
                continue;  // nested and multi-label at once: no extraction.mode says that
            }
            if (c.get("id").asText().equals("lone-surrogate")) {
                continue;  // Spark strings are UTF-8: a lone surrogate becomes '?' on the way in
            }
            cases.add(c);
            rows.add(RowFactory.create(c.get("id").asText(), c.get("text").asText(),
                    scala.jdk.javaapi.CollectionConverters.asScala(labels(c)).toSeq(),
                    scala.jdk.javaapi.CollectionConverters.asScala(options(c))));
        }
        assertTrue(cases.size() >= 15, "cases: " + cases.size());
        StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType)
                .add("labels", DataTypes.createArrayType(DataTypes.StringType))
                .add("options", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
        spark.createDataFrame(rows, schema).repartition(3).createOrReplaceTempView("golden");

        // Labels and options differ per row: each executor reads them (FunctionSpecs), once per distinct value.
        Map<String, Row> byId = new LinkedHashMap<>();
        spark.sql("SELECT id, corpusgraph_entities(text, labels, options) AS entities FROM golden").collectAsList()
                .forEach(r -> byId.put(r.getAs("id"), r));

        for (JsonNode c : cases) {
            String id = c.get("id").asText();
            List<Row> found = byId.get(id).getList(1);
            List<String> expected = new ArrayList<>();
            c.get("entities").forEach(e -> expected.add(span(e)));
            assertEquals(expected, found.stream().map(CorpusgraphFunctionsTest::span).toList(), id);
            for (int i = 0; i < found.size(); i++) {
                double want = c.get("entities").get(i).get("score").asDouble();
                float got = found.get(i).getAs("score");
                assertEquals(want, got, RELATIVE_TOLERANCE * want, id + " score of " + expected.get(i));
            }
            // And exactly what the pipeline's Extractor gives for the same settings.
            ExtractionSpec spec = FunctionSpecs.read(CorpusgraphFunctions.ENTITIES, labels(c), null, options(c));
            List<Entity> direct = Extractor.shared(spec.model()).extract(List.of(new Document(id, c.get("text").asText())), spec)
                    .get(0).entities();
            assertEquals(direct.stream().map(CorpusgraphFunctionsTest::span).toList(), found.stream().map(CorpusgraphFunctionsTest::span).toList());
            for (int i = 0; i < found.size(); i++) {
                assertEquals(direct.get(i).score(), (float) found.get(i).getAs("score"), id);
            }
        }
    }

    @Test
    void constantOptionsAreAppliedAndTheThresholdChangesTheResult() {
        String text = "Bill Clinton met Helmut Kohl in Bonn on Tuesday , the Reuters news agency said .";
        String call = "corpusgraph_entities('" + text + "', array('person', 'location', 'organization'), "
                + "map('model.dir', '" + Fixtures.MODEL + "', 'model.device', 'cpu', 'extraction.threshold', '%s'))";
        List<Row> at05 = spark.sql("SELECT " + call.formatted("0.5")).first().getList(0);
        List<Row> at09 = spark.sql("SELECT " + call.formatted("0.9")).first().getList(0);
        // tiny-span.json, case news-basic (threshold 0.5): Helmut Kohl 0.949, Bonn 0.851, Reuters 0.517.
        assertEquals(List.of("17..28 person 'Helmut Kohl'", "32..36 location 'Bonn'", "54..61 organization 'Reuters'"),
                at05.stream().map(CorpusgraphFunctionsTest::span).toList());
        assertEquals(List.of("17..28 person 'Helmut Kohl'"), at09.stream().map(CorpusgraphFunctionsTest::span).toList());

        // The entities explode into rows, and Spark SQL's substring agrees with the code point offsets.
        Row check = spark.sql("SELECT count(*), count_if(substring(t, e.start + 1, e.end - e.start) = e.text) FROM "
                + "(SELECT t, explode(" + call.formatted("0.5").replace("'" + text + "'", "t") + ") AS e FROM "
                + "(SELECT '🚀 " + text + "' AS t))").first();
        assertTrue(check.getLong(0) > 0);
        assertEquals(check.getLong(0), check.getLong(1));
    }

    /** The SQL function and {@code corpusgraph annotate} (no Spark) give the same entities for the same texts and settings. */
    @Test
    void theFunctionGivesWhatAnnotateGives(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        List<String> texts = List.of("Bill Clinton met Helmut Kohl in Bonn on Tuesday , the Reuters news agency said .",
                "Marie Curie worked at the University of Paris with Pierre Curie .",
                "🚀 Siemens opened a plant in Texas , said Angela Merkel .");
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            lines.add(json.writeValueAsString(Map.of("id", "t" + i, "text", texts.get(i))));
        }
        Path in = java.nio.file.Files.write(dir.resolve("in.jsonl"), lines);
        Path out = dir.resolve("out.jsonl");
        int exit = new picocli.CommandLine(new io.corpusgraph.pipeline.cli.AnnotateCommand()).execute("--input", in.toString(),
                "--output", out.toString(), "--model", Fixtures.MODEL, "--device", "cpu", "--labels", "person,location,organization",
                "--threshold", "0.3");
        assertEquals(0, exit);
        List<String> annotated = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(out)) {
            json.readTree(line).get("entities").forEach(e -> annotated.add(span(e)));
        }
        List<String> sql = new ArrayList<>();
        for (String text : texts) {
            String call = "corpusgraph_entities('" + text + "', array('person', 'location', 'organization'), map('model.dir', '"
                    + Fixtures.MODEL + "', 'model.device', 'cpu', 'extraction.threshold', '0.3'))";
            spark.sql("SELECT " + call).first().<Row>getList(0).forEach(r -> sql.add(span(r)));
        }
        assertFalse(sql.isEmpty());
        assertEquals(annotated, sql);
    }

    @Test
    void badOptionsAndArgumentsAreClearErrors() {
        String labels = "array('person')";
        Exception typo = assertThrows(Exception.class,
                () -> spark.sql("SELECT corpusgraph_entities('x', " + labels + ", map('extraction.treshold', '0.3'))").collect());
        assertTrue(messages(typo).contains("corpusgraph_entities option extraction.treshold: no such setting"), messages(typo));

        Exception outOfScope = assertThrows(Exception.class,
                () -> spark.sql("SELECT corpusgraph_entities('x', " + labels + ", map('output.path', '/tmp/x'))").collect());
        assertTrue(messages(outOfScope).contains("option output.path: not a setting of this function"), messages(outOfScope));

        Exception labelOption = assertThrows(Exception.class,
                () -> spark.sql("SELECT corpusgraph_entities('x', " + labels + ", map('extraction.labels', '[a]'))").collect());
        assertTrue(messages(labelOption).contains("the labels are an argument"), messages(labelOption));

        Exception badValue = assertThrows(Exception.class,
                () -> spark.sql("SELECT corpusgraph_entities('x', " + labels + ", map('extraction.threshold', '1.5'))").collect());
        assertTrue(messages(badValue).contains("extraction.threshold"), messages(badValue));

        Exception notAnArray = assertThrows(Exception.class, () -> spark.sql("SELECT corpusgraph_entities('x', 'person')").collect());
        assertTrue(messages(notAnArray).contains("labels must be array<string>"), messages(notAnArray));

        // Options from a column are read on the executors: the same message, as the reason the query failed.
        Exception perRow = assertThrows(Exception.class, () -> spark.sql("SELECT corpusgraph_entities(t, " + labels
                + ", map('extraction.treshold', t)) FROM (SELECT '0.3' AS t)").collect());
        assertTrue(messages(perRow).contains("corpusgraph_entities option extraction.treshold: no such setting"), messages(perRow));
    }

    @Test
    void nullTextIsNullAndTheOptionsMayBeLeftOut() {
        Row row = spark.sql("SELECT corpusgraph_entities(CAST(NULL AS STRING), array('person')), "
                + "corpusgraph_relations(CAST(NULL AS STRING), array('person'), array('met with'))").first();
        assertNull(row.get(0));
        assertNull(row.get(1));
        assertEquals("array<struct<start:int,end:int,text:string,label:string,score:float>>",
                spark.sql("SELECT corpusgraph_entities('x', array('person'))").schema().fields()[0].dataType().simpleString());
    }

    @Test
    void relationsAreThoseOfTheRelationGolden() throws IOException {
        JsonNode c = new ObjectMapper().readTree(GOLDEN.resolve("tiny-span-relations.json").toFile()).get("cases").get(0);
        assertEquals("several-relations", c.get("id").asText());
        Map<String, String> options = options(c);
        options.put("relations.threshold", c.get("relations").get("threshold").asText());
        Dataset<Row> in = spark.createDataFrame(List.of(RowFactory.create(c.get("text").asText())),
                new StructType().add("text", DataTypes.StringType));
        in.createOrReplaceTempView("relation_docs");
        StringBuilder map = new StringBuilder();
        options.forEach((k, v) -> map.append(map.length() == 0 ? "" : ", ").append("'").append(k).append("', '").append(v).append("'"));
        List<Row> found = spark.sql("SELECT corpusgraph_relations(text, array('person', 'location', 'organization'), "
                + "array('met with', 'located in', 'works for'), map(" + map + ")) FROM relation_docs").first().getList(0);

        List<String> expected = new ArrayList<>();
        c.get("relation_results").forEach(r -> expected.add(span(r.get("head")).replaceAll("^(\\S+ \\S+ '[^']*')$", "$1")
                + " -" + r.get("relation").asText() + "-> " + span(r.get("tail"))));
        List<String> actual = found.stream().map(r -> span((Row) r.getAs("head")) + " -" + r.getAs("relation") + "-> "
                + span((Row) r.getAs("tail"))).toList();
        assertEquals(expected, actual);
        assertFalse(actual.isEmpty());
        for (int i = 0; i < found.size(); i++) {
            double want = c.get("relation_results").get(i).get("score").asDouble();
            assertEquals(want, (float) found.get(i).getAs("score"), RELATIVE_TOLERANCE * want);
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
