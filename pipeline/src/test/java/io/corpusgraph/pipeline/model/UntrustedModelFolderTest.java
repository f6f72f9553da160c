package io.corpusgraph.pipeline.model;

import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.pipeline.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model folder is untrusted input: crafted files give a clear ModelLoadException before ONNX Runtime
 * opens anything, never a crash and never a read outside the folder.
 */
class UntrustedModelFolderTest {
    @TempDir
    Path temp;
    private int copies;

    private Path copy() {
        return TestModels.copy(TestModels.SPAN, temp.resolve("copy-" + ++copies));
    }

    private String failure(Path dir) {
        int sessions = Extractor.sessionsCreated();
        String message = assertThrows(ModelLoadException.class, () -> ModelBundle.describe(dir)).getMessage();
        assertEquals(message, assertThrows(ModelLoadException.class, () -> Extractor.open(TestModels.cpu(dir))).getMessage(),
                "loading fails the same way, before a session is created");
        assertEquals(sessions, Extractor.sessionsCreated());
        return message;
    }

    /** The tiny model's folder with model.onnx replaced by a graph whose one initializer lives in external data. */
    private Path withExternalData(String location, boolean inSubgraph) throws IOException {
        Path dir = copy();
        byte[] entry = concat(field(1, "location"), field(2, location));
        byte[] tensor = concat(field(1, "w"), field(13, entry), new byte[] {(byte) (14 << 3), 1});  // data_location = EXTERNAL
        byte[] graph = field(5, tensor);
        if (inSubgraph) {  // node { attribute { g { initializer } } }: ONNX Runtime reads these too
            graph = field(1, field(5, concat(field(1, "then_branch"), field(6, graph))));
        }
        Files.write(dir.resolve(ModelBundle.MODEL_FILE), concat(new byte[] {(byte) (1 << 3), 8}, field(7, graph)));
        return dir;
    }

    @Test
    void externalDataOutsideTheFolderIsRefusedBeforeOnnxRuntimeOpensTheModel() throws IOException {
        Path secret = Files.writeString(temp.resolve("secret.bin"), "not yours");
        assertTrue(failure(withExternalData("../secret.bin", false)).contains("climbs out with '..'"));
        assertTrue(failure(withExternalData(secret.toString(), false)).contains("is absolute"));
        assertTrue(failure(withExternalData("sub/../../secret.bin", true)).contains("climbs out"), "subgraphs are checked too");

        Path linked = withExternalData("weights.bin", false);
        Files.createSymbolicLink(linked.resolve("weights.bin"), secret);
        assertTrue(failure(linked).contains("links outside the model folder"));
        assertTrue(failure(withExternalData("absent.bin", false)).contains("names a file missing"));
    }

    @Test
    void externalDataInsideTheFolderPassesTheCheck() throws IOException {
        Path dir = withExternalData("weights.bin", true);
        Files.write(dir.resolve("weights.bin"), new byte[16]);
        ExternalDataCheck.check(dir.resolve(ModelBundle.MODEL_FILE));
        ExternalDataCheck.check(TestModels.SPAN.resolve(ModelBundle.MODEL_FILE));  // and the real model has none
    }

    @Test
    void aModelFileThatIsNoProtobufGivesAClearError() throws IOException {
        Path dir = copy();
        Files.write(dir.resolve(ModelBundle.MODEL_FILE), new byte[] {0x3A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F});
        assertTrue(failure(dir).startsWith("model.onnx: not a valid ONNX protobuf"), failure(dir));
        byte[] graph = new byte[0];
        for (int i = 0; i < 5000; i++) {  // a graph in a node's attribute in a graph ..., far past any real nesting
            graph = field(1, field(5, field(6, graph)));
        }
        Files.write(dir.resolve(ModelBundle.MODEL_FILE), field(7, graph));
        assertTrue(failure(dir).contains("nested more than"), failure(dir));
    }

    @Test
    void craftedConfigAndTokenizerFilesGiveClearErrors() throws IOException {
        Path dir = copy();
        Path config = dir.resolve(GlinerConfig.FILE);
        String original = Files.readString(config);

        Files.writeString(config, "[".repeat(100_000));
        assertTrue(failure(dir).startsWith("gliner_config.json: malformed JSON"), failure(dir));
        Files.writeString(config, original.replace("\"max_width\": 12", "\"max_width\": 1e400"));
        assertTrue(failure(dir).contains("max_width"), failure(dir));
        Files.writeString(config, original.replace("\"max_len\": 384", "\"max_len\": 99999999999999999999"));
        assertTrue(failure(dir).contains("max_len"), failure(dir));
        Files.writeString(config, "\u0000\u00ff binary");
        assertTrue(failure(dir).startsWith("gliner_config.json: malformed JSON"), failure(dir));
        Files.writeString(config, original);

        Path tokenizer = dir.resolve(ModelBundle.TOKENIZER_FILE);
        for (String crafted : new String[] {"{}", "not json", "{\"model\": {\"type\": \"WordPiece\", \"vocab\": 5}}",
                "{\"added_tokens\": " + "[".repeat(50_000) + "}"}) {
            Files.writeString(tokenizer, crafted);
            assertTrue(failure(dir).startsWith("tokenizer.json: "), failure(dir));
        }
    }

    private static byte[] field(int number, String text) {
        return field(number, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A length-delimited protobuf field. */
    private static byte[] field(int number, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (long) number << 3 | 2);
        varint(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
