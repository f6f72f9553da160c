package io.corpusgraph.jobs.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.corpusgraph.pipeline.bench.GeneratedText;

/** {@link GeneratedText}'s documents as a JSON-lines corpus ExtractJob can read (BenchmarkJob's --generate). */
public final class GeneratedCorpus {

    private GeneratedCorpus() {}

    /**
     * Writes documents 0 … count-1 as JSON lines {"id": "gen-0000000", "text": "…"} into {@code files}
     * files of consecutive documents (part-00000.jsonl, …), so that Spark reads them in that many
     * partitions without a shuffle.
     */
    public static void writeJsonl(Path folder, long count, int meanWords, long seed, int files) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Files.createDirectories(folder);
        for (int part = 0; part < files; part++) {
            Path file = folder.resolve(String.format("part-%05d.jsonl", part));
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (long i = count * part / files; i < count * (part + 1) / files; i++) {
                    ObjectNode line = json.createObjectNode().put("id", GeneratedText.id(i)).put("text", GeneratedText.text(seed, i, meanWords));
                    out.write(json.writeValueAsString(line));
                    out.write('\n');
                }
            }
        }
    }
}
