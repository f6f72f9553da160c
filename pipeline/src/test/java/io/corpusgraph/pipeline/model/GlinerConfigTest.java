package io.corpusgraph.pipeline.model;

import io.corpusgraph.pipeline.ModelLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlinerConfigTest {
    @TempDir
    Path dir;

    private GlinerConfig read(String json) throws IOException {
        Files.writeString(dir.resolve(GlinerConfig.FILE), json);
        return GlinerConfig.read(dir);
    }

    private String failure(String json) {
        return assertThrows(ModelLoadException.class, () -> read(json)).getMessage();
    }

    @Test
    void readsTheKeysAndTheEncodersPositionLimit() throws IOException {
        GlinerConfig config = read("""
                {"max_width": 8, "max_len": 256, "ent_token": "<<ENT>>", "sep_token": "<<SEP>>",
                 "class_token_index": 30522, "span_mode": "markerV0", "words_splitter_type": "whitespace",
                 "encoder_config": {"max_position_embeddings": 1024}}""");
        assertEquals(new GlinerConfig(8, 256, "<<ENT>>", "<<SEP>>", 30522, "markerV0", 1024), config);
    }

    @Test
    void fallsBackToGlinersDefaultsAndA512TokenLimit() throws IOException {
        GlinerConfig config = read("{\"class_token_index\": 5, \"span_mode\": \"token_level\"}");
        assertEquals(new GlinerConfig(12, 384, "<<ENT>>", "<<SEP>>", 5, "token_level", 512), config);
        assertTrue(config.tokenLevel());
    }

    @Test
    void missingRequiredKeyIsNamed() {
        assertEquals("gliner_config.json: missing key 'class_token_index'", failure("{\"span_mode\": \"markerV0\"}"));
        assertEquals("gliner_config.json: missing key 'span_mode'", failure("{\"class_token_index\": 1}"));
    }

    @Test
    void wrongTypesAreNamed() {
        String message = failure("{\"class_token_index\": 1, \"span_mode\": \"markerV0\", \"max_width\": \"12\"}");
        assertTrue(message.startsWith("gliner_config.json: key 'max_width' must be a positive integer"), message);
    }

    @Test
    void malformedJsonNamesTheFile() {
        String message = failure("{\"class_token_index\": 1,");
        assertTrue(message.startsWith("gliner_config.json: malformed JSON"), message);
    }

    @Test
    void missingFileIsNamed() {
        String message = assertThrows(ModelLoadException.class, () -> GlinerConfig.read(dir)).getMessage();
        assertTrue(message.startsWith("gliner_config.json: file missing"), message);
    }

    @Test
    void otherWordSplittersAreRefused() {
        String message = failure("{\"class_token_index\": 1, \"span_mode\": \"markerV0\", \"words_splitter_type\": \"spacy\"}");
        assertTrue(message.contains("words_splitter_type 'spacy' is not supported"), message);
    }
}
