package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.udfs.CorpusSchema;
import io.corpusgraph.udfs.CorpusgraphExtract;

/**
 * Issue 18: the DataFrame API gives, for a DataFrame of documents, exactly the rows ExtractJob writes for the same
 * documents read from a Parquet table: documents (status, error), entities and relations, ids included.
 */
class CorpusgraphExtractTest {

    static final LocalDate DAY = LocalDate.of(2024, 5, 7);
    final SparkSession spark = LocalSpark.session();

    @TempDir
    Path dir;

    private Dataset<Row> docs() {
        List<Row> rows = new ArrayList<>();
        Fixtures.GOOD.forEach((id, text) -> rows.add(RowFactory.create(id, text)));
        rows.add(RowFactory.create("relations.txt", "Bill Clinton met Helmut Kohl in Bonn on Tuesday , the Reuters news agency said ."));
        rows.add(RowFactory.create("blank.txt", " \n\t "));
        rows.add(RowFactory.create("null.txt", null));
        rows.add(RowFactory.create("science/curie.txt", "A second document under an id already taken."));
        return spark.createDataFrame(rows, new StructType().add("key", DataTypes.StringType).add("body", DataTypes.StringType));
    }

    @Test
    void theDataFrameApiGivesTheRowsExtractJobWrites() {
        Path input = dir.resolve("input");
        docs().write().parquet(input.toString());
        Path out = dir.resolve("tables");
        ExtractConfig config = ExtractJob.parse("--input", input.toString(), "--input-format", "parquet", "--id-field", "key",
                "--text-field", "body", "--output", out.toString(), "--model", Fixtures.MODEL.toString(), "--device", "cpu",
                "--labels", String.join(",", Fixtures.LABELS), "--threshold", "0.3", "--run-date", DAY.toString(),
                "--set", "relations.labels=[\"met with\", \"located in\", \"works for\"]", "--set", "relations.threshold=0.05");
        ExtractJob.run(spark, config);

        Dataset<Row> documents = CorpusgraphExtract.documents(docs(), "key", "body", config.extraction()).persist();
        Dataset<Row> entities = CorpusgraphExtract.entitiesOf(documents);
        Dataset<Row> relations = CorpusgraphExtract.relationsOf(documents);

        assertEquals(sorted(table(out, Table.DOCUMENTS), "doc_id", "status", "error", "content_sha256", "char_length", "word_count"),
                sorted(documents, "doc_id", "status", "error", "content_sha256", "char_length", "word_count"));
        String[] entityColumns = CorpusSchema.ENTITY.fieldNames();
        List<String> apiEntities = sorted(entities, with("doc_id", entityColumns));
        assertEquals(sorted(table(out, Table.ENTITIES), with("doc_id", entityColumns)), apiEntities);
        String[] relationColumns = CorpusSchema.RELATION.fieldNames();
        List<String> apiRelations = sorted(relations, with("doc_id", relationColumns));
        assertEquals(sorted(table(out, Table.RELATIONS), with("doc_id", relationColumns)), apiRelations);

        assertTrue(apiEntities.size() > 10, "the test needs entities: " + apiEntities.size());
        assertTrue(!apiRelations.isEmpty(), "the test needs relations");
        Map<String, String> status = Map.of("blank.txt", "empty text", "null.txt", "null text",
                "science/curie.txt#duplicate-2", "duplicate doc_id 'science/curie.txt'");
        status.forEach((id, error) -> assertEquals(error,
                documents.where(documents.col("doc_id").equalTo(id)).first().getAs("error"), id));
        assertEquals(List.of("doc_id", "entity_id", "start", "end", "text", "label", "score", "canonical_key"),
                Arrays.asList(entities.columns()));
        documents.unpersist();
    }

    @Test
    void aMissingColumnOrBadModelFailsOnTheDriver() {
        ExtractConfig config = ExtractJob.parse("--model", Fixtures.MODEL.toString(), "--device", "cpu");
        IllegalArgumentException noColumn = assertThrows(IllegalArgumentException.class,
                () -> CorpusgraphExtract.entities(docs(), "id", "body", config.extraction()));
        assertEquals("input has no column 'id' (it has key, body)", noColumn.getMessage());
        // An empty folder is no model: said before any task runs.
        assertThrows(ModelLoadException.class, () -> CorpusgraphExtract.entities(docs(), "key", "body",
                config.extraction().withModel(new RuntimeSettings(dir.toString(), "cpu", 1))));
    }

    private static String[] with(String first, String[] rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(Arrays.asList(rest));
        return all.toArray(String[]::new);
    }

    private Dataset<Row> table(Path out, Table table) {
        return spark.read().format("delta").load(out.resolve(table.key()).toString());
    }

    private static List<String> sorted(Dataset<Row> rows, String... columns) {
        return rows.selectExpr(columns).collectAsList().stream().map(Row::toString).sorted().toList();
    }
}
