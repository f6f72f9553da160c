package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose cluster manager gives up on it: here a standalone master that cannot be reached (after Spark's
 * three 20-second registration attempts, "All masters are unresponsive! Giving up."). Spark then stops its
 * context under the job, which used to end with Spark's "LiveListenerBus is stopped" and a stack trace. The
 * job says what happened and where to look, with its own exit code, and writes nothing.
 */
class SparkStoppedTest {

    @TempDir
    Path dir;

    @Test
    void aJobThatSparkStopsSaysSoAndWritesNothing() throws Exception {
        Path corpus = dir.resolve("corpus.jsonl");
        Fixtures.writeCorpus(corpus, 4, 3);
        Path output = dir.resolve("tables");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();  // closed again: nothing answers there
        }
        List<String> args = List.of("--input", corpus.toString(), "--input-format", "jsonl", "--output", output.toString(),
                "--model", Fixtures.MODEL.toString(), "--device", "cpu", "--labels", String.join(",", Fixtures.LABELS),
                "--run-date", "2024-07-01");
        int exit;
        String log;
        try (ChildJob job = ChildJob.start(dir.resolve("job.log"), Map.ofEntries(
                        Map.entry("spark.master", "spark://127.0.0.1:" + port),
                        Map.entry("spark.driver.host", "127.0.0.1"),
                        Map.entry("spark.driver.bindAddress", "127.0.0.1"),
                        Map.entry("spark.ui.enabled", "false")),
                Map.of("SPARK_LOCAL_IP", "127.0.0.1"), args)) {
            exit = job.exitCode(Duration.ofMinutes(3));
            log = job.log();
        }
        assertEquals(Launcher.SPARK_STOPPED, exit, log);
        assertTrue(log.contains("extract: Spark stopped the application"), log);
        assertTrue(log.contains("cluster manager"), log);
        assertFalse(log.contains("\tat org.apache.spark.scheduler.LiveListenerBus"), "no stack trace:\n" + log);
        assertFalse(Files.exists(output.resolve("runs")), "nothing committed");
    }
}
