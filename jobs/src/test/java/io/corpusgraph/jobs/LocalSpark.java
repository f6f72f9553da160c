package io.corpusgraph.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession for all test classes of this module (they run in one JVM), built by the
 * jobs' own {@link SparkSessions} with the test settings from docs/stack-notes.md passed as system properties.
 */
public final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            System.setProperty("spark.master", "local[2]");
            System.setProperty("spark.driver.host", "127.0.0.1");
            System.setProperty("spark.driver.bindAddress", "127.0.0.1");
            System.setProperty("spark.ui.enabled", "false");
            System.setProperty("spark.sql.shuffle.partitions", "2");
            System.setProperty("spark.databricks.delta.snapshotPartitions", "1");
            System.setProperty("spark.sql.warehouse.dir", freshWarehouse().toString());
            session = SparkSessions.create("corpusgraph jobs tests");
        }
        return session;
    }

    /** Managed tables of an earlier test run must not be in the way: the catalog is in memory, the files are not. */
    private static Path freshWarehouse() {
        try {
            Path target = Path.of("target").toAbsolutePath();
            Files.createDirectories(target);
            return Files.createTempDirectory(target, "warehouse-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
