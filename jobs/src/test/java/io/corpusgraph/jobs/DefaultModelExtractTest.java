package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.run.RunReport;

/**
 * ExtractJob as a user first runs it: the bundled conf/extract.conf alone (the shipped default model
 * corpusgraph-bge-small-v1, labels person, organization, location, threshold 0.5) over sample-data/docs.
 * The tiny test models cannot find real names; this model does, so the test breaks when the model, its
 * tokenizer or the decoding does. Only the project folder (what bin/corpusgraph passes as
 * CORPUSGRAPH_HOME), the output folder and the run date are set.
 */
class DefaultModelExtractTest {

    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    static final LocalDate DAY = LocalDate.of(2024, 7, 1);
    /** Names the model finds with a probability near 1 in the sample documents (doc_id|text → label). */
    static final Map<String, String> OBVIOUS = Map.of(
            "history/moon-landing.txt|Neil Armstrong", "person",
            "science/curie-nobel.txt|Marie Curie", "person",
            "technology/www.txt|Tim Berners-Lee", "person",
            "multilingual/emoji.txt|Sergei Korolev", "person",
            "history/moon-landing.txt|NASA", "organization",
            "business/nokia.txt|Nokia", "organization",
            "sport/olympics-1896.txt|Athens", "location",
            "multilingual/zurich-de.txt|Zürich", "location");

    @TempDir
    static Path dir;
    static Path output;
    static RunReport report;
    static final SparkSession spark = LocalSpark.session();

    @BeforeAll
    static void extractSampleDocs() {
        output = dir.resolve("tables");
        report = run(output);
    }

    static RunReport run(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("--set", "home=" + PROJECT, "--output", out.toString(),
                "--run-date", DAY.toString()));
        args.addAll(List.of(extra));
        return ExtractJob.run(spark, ExtractJob.parse(args.toArray(String[]::new)));
    }

    static Dataset<Row> table(Path out, Table table) {
        return spark.read().format("delta").load(out.resolve(table.key()).toString());
    }

    @Test
    void everySampleDocumentIsExtractedExceptTheTwoQuarantineExamples() {
        assertEquals(48, report.documents());
        assertEquals(46, report.okDocuments());
        Map<String, String> quarantined = table(output, Table.DOCUMENTS).where("status = 'quarantined'").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs("doc_id"), r -> r.getAs("error"), (a, b) -> a, TreeMap::new));
        assertEquals(Set.of("quarantine-examples/empty.txt", "quarantine-examples/latin1.txt"), quarantined.keySet());
        assertEquals("empty text", quarantined.get("quarantine-examples/empty.txt"));
        assertTrue(quarantined.get("quarantine-examples/latin1.txt").startsWith("undecodable bytes"), quarantined.toString());
    }

    @Test
    void wellKnownNamesGetTheirTypes() {
        Map<String, String> found = new TreeMap<>();
        table(output, Table.ENTITIES).collectAsList()
                .forEach(r -> found.merge(r.getAs("doc_id") + "|" + r.getAs("text"), r.getAs("label"), (a, b) -> a + "," + b));
        OBVIOUS.forEach((entity, label) -> assertEquals(label, found.get(entity), entity));
        Set<Object> labels = table(output, Table.ENTITIES).select("label").distinct().collectAsList().stream()
                .map(r -> r.get(0)).collect(Collectors.toSet());
        assertEquals(Set.of("person", "organization", "location"), labels, "the conf's labels, each found");
        assertTrue(table(output, Table.ENTITIES).where("score <= 0.5").isEmpty(), "threshold 0.5 of the conf");
    }

    /** Offsets are code points, as Spark SQL's substring counts; the emoji document puts them beyond the BMP. */
    @Test
    void everyEntityIsTheSubstringItsOffsetsName() {
        table(output, Table.ENTITIES).createOrReplaceTempView("default_entities");
        table(output, Table.DOCUMENTS).createOrReplaceTempView("default_documents");
        Row counts = spark.sql("SELECT count(*), count_if(substring(d.text, e.start + 1, e.end - e.start) = e.text), "
                + "count_if(e.doc_id = 'multilingual/emoji.txt') "
                + "FROM default_entities e JOIN default_documents d USING (doc_id, run_id)").first();
        assertEquals(report.entities(), counts.getLong(0), "every entity joins its document");
        assertEquals(counts.getLong(0), counts.getLong(1), "substring(text, start + 1, end - start) = entity text");
        assertTrue(counts.getLong(2) > 0, "entities after emoji");
    }

    @Test
    void theDemoConfigsRelationRunFindsObviousTriples() {
        // sample-data/demo.conf: what `bin/corpusgraph extract` without options adds (README command one)
        Path out = dir.resolve("relations");
        RunReport relationRun = run(out, "--input", PROJECT.resolve("sample-data/docs/places").toString(),
                "--config", PROJECT.resolve("sample-data/demo.conf").toString());
        assertTrue(relationRun.relations() > 0);
        Set<String> triples = table(out, Table.RELATIONS).collectAsList().stream()
                .map(r -> r.getAs("doc_id") + ": " + r.getAs("head_text") + " -" + r.getAs("relation") + "-> " + r.getAs("tail_text"))
                .collect(Collectors.toSet());
        assertTrue(triples.contains("machu-picchu.txt: Hiram Bingham -works for-> Yale University"), triples.toString());
        assertTrue(triples.contains("golden-gate.txt: Golden Gate Bridge -located in-> San Francisco"), triples.toString());
    }
}
