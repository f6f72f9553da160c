package io.corpusgraph.udfs;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.SparkSession;

import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.RelationParams;

/** What the udfs tests share: the pipeline's tiny test model and a spec that finds entities with it. */
final class Fixtures {
    private Fixtures() {}

    /** A SparkSession builder for tests: the given master, loopback only, no web UI. */
    static SparkSession.Builder spark(String master, String appName) {
        return SparkSession.builder().master(master).appName(appName)
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false");
    }

    static final String MODEL = Path.of("../pipeline/src/test/resources/models/tiny-span").toAbsolutePath().normalize().toString();

    /** The tiny model on CPU, four labels, a low threshold (it is untrained), documents of at most 10,000 characters. */
    static ExtractionSpec spec(int documentsPerBatch) {
        return new ExtractionSpec(new RuntimeSettings(MODEL, "cpu", 1), List.of("person", "organization", "location", "date"), 0.1,
                true, false, 0, 32, 8192, documentsPerBatch, 10_000, RelationParams.NONE,
                io.corpusgraph.pipeline.spec.SpecConfig.defaults().tokenClassification());
    }
}
