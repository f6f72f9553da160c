package io.corpusgraph.pipeline.onnx;

import io.corpusgraph.pipeline.spec.SpecConfig;
import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.TestModels;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** On a machine without a GPU (the one these tests are written for). */
class DeviceFallbackTest {

    /** slf4j-simple writes to the current System.err, so a test can read its log lines. */
    private static List<String> logLinesWhile(Supplier<Extractor> action, Extractor[] result) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            result[0] = action.get();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("WARN") && l.contains(OnnxRunner.class.getSimpleName())).toList();
    }

    @Test
    void cudaRequestedWithoutAGpuRunsOnCpuAndSaysSoOnce() {
        assumeFalse(DevicePlan.gpuVisible(), "this machine has a GPU");
        Extractor[] extractor = new Extractor[1];
        List<String> warnings = logLinesWhile(() -> Extractor.shared(new RuntimeSettings(TestModels.SPAN, "cuda", 2)), extractor);
        assertEquals("cpu", extractor[0].device());
        assertEquals(1, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(0).contains("device 'cuda' requested but CUDA is unavailable"), warnings.get(0));
        assertTrue(warnings.get(0).contains("on CPU"), warnings.get(0));
        assertTrue(extractor[0].extract(List.of(new Document("d", "Angela Merkel visited Paris.")),
                SpecConfig.defaults().withLabels(List.of("person"))).get(0).ok());
    }

    @Test
    void cpuRunsOnCpuWithoutWarnings() {
        Extractor[] extractor = new Extractor[1];
        List<String> warnings = logLinesWhile(() -> Extractor.shared(new RuntimeSettings(TestModels.SPAN, "cpu", 2)), extractor);
        assertEquals("cpu", extractor[0].device());
        assertEquals(List.of(), warnings);
    }
}
