package io.corpusgraph.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.corpusgraph.jobs.SparkSessions;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.spec.SpecConfig;
import io.corpusgraph.pipeline.bench.GeneratedText;
import io.corpusgraph.udfs.CorpusSchema;
import io.corpusgraph.udfs.CorpusgraphExtract;

/**
 * Cost per document of the SQL function (one extractor call per row) against the batched DataFrame path, on the same
 * generated documents in the same session, each run once to warm up and then timed:
 * {@code java -cp … io.corpusgraph.jobs.bench.SqlFunctionCost MODEL_DIR [DOCS] [MEAN_WORDS]}.
 */
public final class SqlFunctionCost {

    private SqlFunctionCost() {}

    public static void main(String[] args) {
        String model = Path.of(args[0]).toAbsolutePath().toString();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int words = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        SparkSession spark = SparkSessions.create("corpusgraph sql function cost");
        try {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                rows.add(RowFactory.create(GeneratedText.id(i), GeneratedText.text(7, i, words)));
            }
            Dataset<Row> docs = spark.createDataFrame(rows, new StructType().add("id", DataTypes.StringType)
                    .add("text", DataTypes.StringType)).repartition(spark.sparkContext().defaultParallelism()).cache();
            docs.count();
            docs.createOrReplaceTempView("bench_docs");
            ExtractionSpec spec = SpecConfig.defaults().withModel(new RuntimeSettings(model, "cpu", 1));
            String labels = "array('" + String.join("', '", spec.labels()) + "')";
            String sql = "SELECT sum(size(corpusgraph_entities(text, " + labels + ", map('model.dir', '" + model
                    + "', 'model.device', 'cpu')))) FROM bench_docs";

            for (int round = 0; round < 2; round++) {
                long t0 = System.nanoTime();
                long sqlEntities = spark.sql(sql).first().getLong(0);
                double sqlSeconds = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                long apiEntities = CorpusgraphExtract.documents(docs, "id", "text", spec)
                        .agg(sum(size(col(CorpusSchema.ENTITIES)))).first().getLong(0);
                double apiSeconds = (System.nanoTime() - t1) / 1e9;
                System.out.printf("%s: %d documents of ~%d words, %d cores: SQL function %.1f ms/document (%d entities), "
                                + "DataFrame API %.1f ms/document (%d entities), ratio %.2f%n", round == 0 ? "warm-up" : "timed",
                        count, words, spark.sparkContext().defaultParallelism(), 1000 * sqlSeconds / count, sqlEntities,
                        1000 * apiSeconds / count, apiEntities, sqlSeconds / apiSeconds);
            }
        } finally {
            spark.stop();
        }
    }
}
