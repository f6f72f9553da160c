package io.corpusgraph.jobs.bench;

import io.corpusgraph.pipeline.bench.GeneratedText;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class GeneratedCorpusTest {

    @TempDir
    Path dir;

    @Test
    void sameSeedSameDocumentsAnotherSeedOthers() {
        assertEquals(GeneratedText.text(42, 7, 40), GeneratedText.text(42, 7, 40));
        assertNotEquals(GeneratedText.text(42, 7, 40), GeneratedText.text(43, 7, 40));
        assertNotEquals(GeneratedText.text(42, 7, 40), GeneratedText.text(42, 8, 40));
    }

    @Test
    void lengthsSpreadAroundTheMean() {
        int documents = 2000;
        long words = 0;
        for (int i = 0; i < documents; i++) {
            int count = GeneratedText.text(1, i, 40).split(" ").length;
            assertTrue(count >= 20 && count <= 60, "document " + i + " has " + count + " words");
            words += count;
        }
        double mean = (double) words / documents;
        assertTrue(Math.abs(mean - 40) < 1.5, "mean " + mean);
        assertEquals(1, GeneratedText.text(1, 0, 1).split(" ").length);
        assertThrows(IllegalArgumentException.class, () -> GeneratedText.text(1, 0, 0));
    }

    @Test
    void filesHoldEveryDocumentOnceInOrderAndAreReproducible() throws IOException {
        GeneratedCorpus.writeJsonl(dir.resolve("a"), 101, 12, 5, 3);
        GeneratedCorpus.writeJsonl(dir.resolve("b"), 101, 12, 5, 3);
        List<JsonNode> lines = lines(dir.resolve("a"));
        assertEquals(101, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(GeneratedText.id(i), lines.get(i).get("id").asText());
            assertEquals(GeneratedText.text(5, i, 12), lines.get(i).get("text").asText());
        }
        for (String part : List.of("part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(part)), Files.readAllBytes(dir.resolve("b").resolve(part)));
        }
        // A smaller corpus is the start of a larger one.
        GeneratedCorpus.writeJsonl(dir.resolve("c"), 50, 12, 5, 1);
        assertEquals(lines.subList(0, 50), lines(dir.resolve("c")));
    }

    private static List<JsonNode> lines(Path folder) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    nodes.add(json.readTree(line));
                }
            }
        }
        return nodes;
    }
}
