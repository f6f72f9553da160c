package io.corpusgraph.jobs;

import java.nio.file.Path;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the run-behaviour tests start from: a temporary folder, the shared local SparkSession, the
 * {@link Fixtures#GOOD} documents as a text folder ({@code corpus}) and three one-sentence documents as
 * JSONL ({@code jsonl}).
 */
abstract class RunFixture {
    @TempDir
    static Path dir;
    static Path corpus;
    static Path jsonl;
    static final SparkSession spark = LocalSpark.session();

    @BeforeAll
    static void writeInputs() throws Exception {
        corpus = Fixtures.writeGood(dir.resolve("corpus"));
        jsonl = Fixtures.writeThreeJsonl(dir.resolve("docs.jsonl"));
    }
}
