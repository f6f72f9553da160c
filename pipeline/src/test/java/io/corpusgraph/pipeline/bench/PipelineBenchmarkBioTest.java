package io.corpusgraph.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.corpusgraph.pipeline.TestModels;
import picocli.CommandLine;

/** pipeline-benchmark takes a token-classification folder as it takes a GLiNER one, with the model's own labels. */
class PipelineBenchmarkBioTest {

    @Test
    void benchmarksTheTinyBioModel() {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new PipelineBenchmark()).execute("--model", TestModels.BIO.toString(), "--device", "cpu",
                    "--threads", "2", "--generate", "8", "--budgets", "1024", "--repeats", "1");
        } finally {
            System.setOut(out);
        }
        assertEquals(0, exit);
        String table = printed.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("model tiny-bio@") && table.contains("| 1024 |"), table);
    }
}
