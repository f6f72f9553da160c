package io.corpusgraph.pipeline.model;

import io.corpusgraph.pipeline.spec.SpecConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.pipeline.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken copies of the tiny model: each failure names the file and the key. */
class ModelBundleTest {
    @TempDir
    Path temp;

    private final ObjectMapper json = new ObjectMapper();

    private String describeFailure(Path dir) {
        return assertThrows(ModelLoadException.class, () -> ModelBundle.describe(dir)).getMessage();
    }

    private Path withConfig(java.util.function.Consumer<ObjectNode> change) throws IOException {
        Path dir = TestModels.copy(TestModels.SPAN, temp);
        Path file = dir.resolve(GlinerConfig.FILE);
        ObjectNode config = (ObjectNode) json.readTree(file.toFile());
        change.accept(config);
        json.writeValue(file.toFile(), config);
        return dir;
    }

    @Test
    void describesAGoodFolderWithAStableModelIdAndNoSession() {
        int sessions = Extractor.sessionsCreated();
        ModelDescription description = ModelBundle.describe(TestModels.SPAN);
        assertTrue(description.modelId().matches("tiny-span@[0-9a-f]{12}"), description.modelId());
        assertEquals(TestModels.SPAN.toAbsolutePath().normalize(), description.modelDir());
        assertEquals(12, description.maxWidth());
        assertEquals(512, description.tokenLimit());
        assertEquals(sessions, Extractor.sessionsCreated());
    }

    @Test
    void describeWithParamsRejectsLabelsTheModelCannotTakeWithoutASession() {
        int sessions = Extractor.sessionsCreated();
        List<String> tooMany = IntStream.rangeClosed(1, 300).mapToObj(i -> "label number " + i).toList();
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> Extractor.describe(TestModels.SPAN, SpecConfig.defaults().withLabels(tooMany)));
        assertTrue(tooLong.getMessage().contains("of the model's 512 tokens"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Extractor.describe(TestModels.SPAN, SpecConfig.defaults().withLabels(List.of("person", "person"))));
        assertEquals("tiny-span", Extractor.describe(TestModels.SPAN, SpecConfig.defaults().withLabels(List.of("person")))
                .modelId().split("@")[0]);
        assertEquals(sessions, Extractor.sessionsCreated());
    }

    @Test
    void modelIdDependsOnTheFolderNameAndTheOnnxBytesOnly() {
        Path copy = TestModels.copy(TestModels.SPAN, temp);
        assertEquals(ModelBundle.describe(TestModels.SPAN).modelId(), ModelBundle.describe(copy).modelId());
    }

    @Test
    void missingFolder() {
        assertTrue(describeFailure(temp.resolve("nowhere")).contains("does not exist"));
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        for (String file : new String[] {"model.onnx", "tokenizer.json", "gliner_config.json"}) {
            Path dir = TestModels.copy(TestModels.SPAN, temp.resolve(file + "-missing"));
            Files.delete(dir.resolve(file));
            String message = describeFailure(dir);
            assertTrue(message.startsWith(file + ": file missing"), message);
        }
    }

    @Test
    void missingKeyIsNamed() throws IOException {
        Path dir = withConfig(config -> config.remove("class_token_index"));
        assertEquals("gliner_config.json: missing key 'class_token_index'", describeFailure(dir));
    }

    @Test
    void entTokenThatIsNotClassTokenIndexIsExplained() throws IOException {
        Path dir = withConfig(config -> config.put("class_token_index", 30523));
        assertEquals("tokenizer.json: <<ENT>> encodes to [30522] but gliner_config.json class_token_index is 30523",
                describeFailure(dir));
    }

    @Test
    void entTokenMissingFromTheTokenizerIsExplained() throws IOException {
        Path dir = withConfig(config -> config.put("ent_token", "<<ENTITY>>"));
        String message = describeFailure(dir);
        assertTrue(message.startsWith("tokenizer.json: <<ENTITY>> encodes to ["), message);
        assertTrue(message.endsWith("but gliner_config.json class_token_index is 30522"), message);
    }

    @Test
    void malformedConfigJson() throws IOException {
        Path dir = TestModels.copy(TestModels.SPAN, temp);
        Files.writeString(dir.resolve(GlinerConfig.FILE), "{\"max_width\": 12,");
        assertTrue(describeFailure(dir).startsWith("gliner_config.json: malformed JSON"));
    }

    @Test
    void malformedTokenizerJson() throws IOException {
        Path dir = TestModels.copy(TestModels.SPAN, temp);
        Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": ");
        assertTrue(describeFailure(dir).startsWith("tokenizer.json: cannot be loaded"));
    }

    @Test
    void unreadableOnnxFailsWhenTheSessionIsCreated() throws IOException {
        Path dir = TestModels.copy(TestModels.SPAN, temp);
        Files.write(dir.resolve("model.onnx"), new byte[] {0x08, 0x01}); // a protobuf (ir_version 1) but no model
        ModelBundle.describe(dir); // the driver-side check reads bytes only
        String message = assertThrows(ModelLoadException.class,
                () -> ModelBundle.load(TestModels.cpu(dir))).getMessage();
        assertTrue(message.startsWith("model.onnx: ONNX Runtime cannot load it"), message);
    }

    @Test
    void spanModeThatDoesNotMatchTheGraphsInputsIsExplained() throws IOException {
        Path dir = TestModels.copy(TestModels.TOKEN, temp);
        ObjectNode config = (ObjectNode) json.readTree(dir.resolve(GlinerConfig.FILE).toFile());
        config.put("span_mode", "markerV0");
        json.writeValue(dir.resolve(GlinerConfig.FILE).toFile(), config);
        String message = assertThrows(ModelLoadException.class, () -> ModelBundle.load(TestModels.cpu(dir))).getMessage();
        assertTrue(message.startsWith("model.onnx: input 'span_idx' missing"), message);
    }
}
