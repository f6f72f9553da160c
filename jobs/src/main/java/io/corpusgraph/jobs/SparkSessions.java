package io.corpusgraph.jobs;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import io.corpusgraph.udfs.CorpusgraphExtensions;

/** The session every job runs in: whatever spark-submit configured, plus what the jobs cannot do without. */
public final class SparkSessions {

    private SparkSessions() {}

    public static SparkSession create(String appName) {
        SparkConf conf = new SparkConf()  // spark-submit's settings and any -Dspark.* system property
                .setIfMissing("spark.app.name", appName)
                // Without a master (bin/corpusgraph, a plain java command) the job runs on this machine.
                .setIfMissing("spark.master", "local[*]")
                // Delta, and the SQL functions corpusgraph_entities and corpusgraph_relations.
                .setIfMissing("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension," + CorpusgraphExtensions.class.getName())
                .setIfMissing("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                // ONNX Runtime 1.29 crashes on long command lines unless its telemetry is off; DJL must not phone home.
                .setIfMissing("spark.executorEnv.ORT_DISABLE_TELEMETRY", "1")
                .setIfMissing("spark.executorEnv.DJL_OFFLINE", "true");
        return SparkSession.builder().config(withWarehouse(conf)).getOrCreate();
    }

    /**
     * Spark creates its warehouse folder, {@code ./spark-warehouse} by default, in the working directory of
     * every job, even one that never touches the catalog. Unless the warehouse is configured, or a Hive
     * metastore keeps the catalog (then its default is the metastore's business), it goes to the temporary
     * folder: with Spark's in-memory catalog, managed tables do not outlive the session anyway.
     */
    static SparkConf withWarehouse(SparkConf conf) {
        if (conf.get("spark.sql.warehouse.dir", "").isBlank() && !"hive".equals(conf.get("spark.sql.catalogImplementation", "in-memory"))) {
            conf.set("spark.sql.warehouse.dir", Path.of(System.getProperty("java.io.tmpdir"),
                    "corpusgraph-spark-warehouse-" + System.getProperty("user.name", "user")).toUri().toString());
        }
        return conf;
    }

    /** Runs {@code work} in a new session, stopped afterwards whatever happens: a command's whole life on Spark. */
    public static void run(String appName, Consumer<SparkSession> work) {
        SparkSession spark = create(appName);
        try {
            work.accept(spark);
        } finally {
            spark.stop();
        }
    }
}
