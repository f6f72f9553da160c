package io.corpusgraph.pipeline;

import io.corpusgraph.pipeline.extract.Extractor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.pipeline.model.ModelBundle;
import io.corpusgraph.pipeline.spec.SpecConfig;

/**
 * Which graph of a folder runs: auto, fp32, int8, in the project's layout and in GLiNER's public one
 * (onnx/model.onnx). The "int8" file here is the fp32 graph with two bytes appended (an empty doc_string
 * field), so that the two files have different hashes and model_ids.
 */
class ModelVariantTest {
    @TempDir
    Path temp;

    private Path folderWithInt8() throws IOException {
        Path dir = TestModels.copy(TestModels.SPAN, temp);
        Files.copy(TestModels.SPAN.resolve("model.onnx"), dir.resolve("model_quantized.onnx"));
        Files.write(dir.resolve("model_quantized.onnx"), new byte[] {0x32, 0x00}, java.nio.file.StandardOpenOption.APPEND);
        return dir;
    }

    private static ModelDescription describe(Path dir, String device, String variant) {
        return ModelBundle.describe(new RuntimeSettings(dir.toString(), device, 1, variant), null);
    }

    @Test
    void autoRunsInt8OnCpuWhenTheFolderHasIt() throws IOException {
        Path dir = folderWithInt8();
        ModelDescription auto = describe(dir, "cpu", "auto");
        assertEquals("int8", auto.variant());
        assertEquals(dir.toAbsolutePath().normalize().resolve("model_quantized.onnx"), auto.graph());
        assertTrue(auto.modelId().startsWith("tiny-span:int8@"), auto.modelId());
        ModelDescription fp32 = describe(dir, "cpu", "fp32");
        assertEquals("fp32", fp32.variant());
        assertEquals(describe(TestModels.SPAN, "cpu", "auto").modelId(), fp32.modelId());
        assertTrue(fp32.modelId().startsWith("tiny-span@"), fp32.modelId());
    }

    @Test
    void autoRunsFp32OnCudaAndWithoutAnInt8Graph() throws IOException {
        assertEquals("fp32", describe(folderWithInt8(), "cuda", "auto").variant());
        assertEquals("fp32", describe(TestModels.SPAN, "cpu", "auto").variant());
    }

    @Test
    void askingForAMissingGraphSaysWhichFile() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> describe(TestModels.SPAN, "cpu", "int8"));
        assertTrue(e.getMessage().startsWith("model_quantized.onnx: file missing in "), e.getMessage());
        assertTrue(e.getMessage().contains("model variant int8"), e.getMessage());
        assertThrows(ModelLoadException.class, () -> describe(TestModels.SPAN, "cpu", "int4"));
    }

    @Test
    void gliNersPublicLayoutWithAnOnnxFolderLoads() throws IOException {
        Path dir = TestModels.copy(TestModels.SPAN, temp);
        Files.createDirectories(dir.resolve("onnx"));
        Files.move(dir.resolve("model.onnx"), dir.resolve("onnx/model.onnx"));
        ModelDescription description = describe(dir, "cpu", "auto");
        assertEquals(dir.toAbsolutePath().normalize().resolve("onnx/model.onnx"), description.graph());
        try (Extractor extractor = Extractor.open(new RuntimeSettings(dir.toString(), "cpu", 1, "auto"))) {
            List<DocumentResult> results = extractor.extract(List.of(new Document("d", "Ada Lovelace was born in London.")),
                    SpecConfig.defaults().withLabels(List.of("person", "location")).withThreshold(0.1));
            assertTrue(results.get(0).ok());
        }
    }

    @Test
    void theVariantIsASettingOfEveryCommand() {
        assertEquals("auto", SpecConfig.defaults().model().variant());
    }
}
