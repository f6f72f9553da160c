package io.corpusgraph.pipeline.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.corpusgraph.pipeline.ModelLoadException;

/** A model folder's JSON config file (gliner_config.json, config.json) read as one object, or a message naming the file. */
final class JsonFiles {
    private JsonFiles() {}

    static JsonNode object(Path file) {
        String name = file.getFileName().toString();
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(file));
            if (root == null || !root.isObject()) {
                throw new ModelLoadException(name + ": expected a JSON object in " + file);
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(name + ": file missing in " + file.getParent());
        } catch (JacksonException e) {
            throw new ModelLoadException(name + ": malformed JSON in " + file + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelLoadException(name + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
