package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.run.RunReport;
import io.corpusgraph.udfs.EntityKeys;

/**
 * ExtractJob with relation labels, on the tiny span model with a low relation threshold (its scores are
 * low): relations land in the relations table, tied to rows of the entities table, and a rerun of the
 * same date replaces them with the same rows.
 */
class ExtractJobRelationsTest {

    static final Path MODEL = Fixtures.MODEL;
    static final LocalDate DAY = LocalDate.of(2024, 5, 6);
    static final Map<String, String> DOCS = Map.of(
            "a.txt", "Bill Clinton met Helmut Kohl in Bonn on Tuesday , the Reuters news agency said .",
            "b.txt", "Bill Clinton met Helmut Kohl in Bonn on Tuesday . Later Bill Clinton flew from Bonn to Paris "
                    + "with officials of the World Bank .",
            "c.txt", "Nelson Mandela visited Paris with Kofi Annan of the United Nations . ".repeat(8));

    @TempDir
    Path dir;
    final SparkSession spark = LocalSpark.session();

    @Test
    void relationsJoinToEntitiesAndRerunsReplaceThem() throws IOException {
        Path corpus = dir.resolve("corpus");
        Files.createDirectories(corpus);
        for (Map.Entry<String, String> doc : DOCS.entrySet()) {
            Files.writeString(corpus.resolve(doc.getKey()), doc.getValue(), StandardCharsets.UTF_8);
        }
        Path out = dir.resolve("tables");
        RunReport first = run(corpus, out);

        Dataset<Row> relations = table(out, Table.RELATIONS);
        table(out, Table.ENTITIES).createOrReplaceTempView("e");
        relations.createOrReplaceTempView("r");
        long rows = relations.count();
        assertTrue(rows > 0, "the test needs relations");
        assertEquals(rows, first.relations());
        Row joined = spark.sql("SELECT count(*), count(h.entity_id), count(t.entity_id), "
                + "count_if(h.text = r.head_text AND t.text = r.tail_text AND h.label = r.head_label AND t.label = r.tail_label) "
                + "FROM r LEFT JOIN e h ON h.entity_id = r.head_entity_id AND h.doc_id = r.doc_id AND h.run_id = r.run_id "
                + "LEFT JOIN e t ON t.entity_id = r.tail_entity_id AND t.doc_id = r.doc_id AND t.run_id = r.run_id").first();
        assertEquals(List.of(rows, rows, rows, rows), List.of(joined.getLong(0), joined.getLong(1), joined.getLong(2), joined.getLong(3)),
                "every head and tail is a row of entities with the relation's texts and labels");
        Row r = relations.first();
        assertEquals(EntityKeys.relationId(r.getAs("doc_id"), r.getAs("head_entity_id"), r.getAs("tail_entity_id"),
                r.getAs("relation"), r.getAs("model_id")), r.getAs("relation_id"));

        Row run = table(out, Table.RUNS).first();
        assertEquals(rows, (long) run.getAs("relations"));
        assertEquals(first.droppedRelations(), (long) run.getAs("dropped_relations"));

        Set<String> before = ids(out);
        RunReport second = run(corpus, out);
        assertEquals(before, ids(out), "a rerun of the same date gives the same relations, once");
        assertEquals(rows, table(out, Table.RELATIONS).count());
        assertEquals(second.runId(), table(out, Table.RELATIONS).select("run_id").distinct().first().getString(0));
    }

    private RunReport run(Path corpus, Path out) {
        return ExtractJob.run(spark, ExtractJob.parse("--input", corpus.toString(), "--output", out.toString(),
                "--model", MODEL.toString(), "--device", "cpu", "--labels", "person,organization,location",
                "--threshold", "0.3", "--run-date", DAY.toString(),
                "--set", "relations.labels=[\"met with\", \"located in\", \"works for\"]",
                "--set", "relations.threshold=0.05"));
    }

    private Dataset<Row> table(Path out, Table table) {
        return spark.read().format("delta").load(out.resolve(table.key()).toString());
    }

    private Set<String> ids(Path out) {
        Set<String> ids = new TreeSet<>();
        table(out, Table.RELATIONS).select("relation_id").collectAsList().forEach(row -> ids.add(row.getString(0)));
        return ids;
    }
}
