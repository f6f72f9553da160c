package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** Issue 19, item 17: every job left a spark-warehouse/ folder in the working directory. */
class SparkSessionsTest {

    @Test
    void theWarehouseGoesToTheTemporaryFolderUnlessConfigured() {
        String warehouse = SparkSessions.withWarehouse(new SparkConf(false)).get("spark.sql.warehouse.dir");
        assertTrue(warehouse.startsWith(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")).toUri().toString()), warehouse);
        assertFalse(warehouse.startsWith(java.nio.file.Path.of(System.getProperty("user.dir")).toUri().toString()), warehouse);

        SparkConf configured = new SparkConf(false).set("spark.sql.warehouse.dir", "/data/warehouse");
        assertEquals("/data/warehouse", SparkSessions.withWarehouse(configured).get("spark.sql.warehouse.dir"));

        SparkConf hive = new SparkConf(false).set("spark.sql.catalogImplementation", "hive");
        assertFalse(SparkSessions.withWarehouse(hive).contains("spark.sql.warehouse.dir"));
    }
}
