package io.corpusgraph.jobs;

import java.util.function.Consumer;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The session every job runs in: whatever spark-submit configured, plus what the jobs cannot do without. */
public final class SparkSessions {

    private SparkSessions() {}

    public static SparkSession create(String appName) {
        SparkConf conf = new SparkConf()  // spark-submit's settings and any -Dspark.* system property
                .setIfMissing("spark.app.name", appName)
                // Without a master (bin/corpusgraph, a plain java command) the job runs on this machine.
                .setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .setIfMissing("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                // ONNX Runtime 1.29 crashes on long command lines unless its telemetry is off; DJL must not phone home.
                .setIfMissing("spark.executorEnv.ORT_DISABLE_TELEMETRY", "1")
                .setIfMissing("spark.executorEnv.DJL_OFFLINE", "true");
        return SparkSession.builder().config(conf).getOrCreate();
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
