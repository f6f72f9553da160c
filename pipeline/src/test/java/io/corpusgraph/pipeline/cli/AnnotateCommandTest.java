package io.corpusgraph.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corpusgraph.pipeline.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnotateCommandTest {
    @TempDir
    Path temp;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new AnnotateCommand());
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void annotatesEveryLineInOrderAndReportsBadLines() throws IOException {
        Path input = temp.resolve("in.jsonl");
        Path output = temp.resolve("out.jsonl");
        Files.writeString(input, String.join("\n",
                "{\"id\": \"a\", \"text\": \"Angela Merkel met Emmanuel Macron in Paris.\"}",
                "{\"id\": 7, \"text\": \"\"}",
                "not json",
                "{\"id\": \"s\\ud800\", \"text\": \"Macron \\ud800 in \\ud83e\\udd80 Berlin.\"}",
                "{\"id\": \"n\"}") + "\n");

        int exit = run("--model", TestModels.SPAN.toString(), "--labels", "person, location", "--device", "cpu",
                "--threads", "2", "-i", input.toString(), "-o", output.toString());

        assertEquals(0, exit, err.toString());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(output)) {
            lines.add(json.readTree(line));
        }
        assertEquals(5, lines.size());
        assertEquals("a", lines.get(0).get("id").asText());
        assertTrue(lines.get(0).get("error").isNull());
        assertFalse(lines.get(0).get("entities").isEmpty());
        JsonNode entity = lines.get(0).get("entities").get(0);
        for (String field : new String[] {"start", "end", "text", "label", "score"}) {
            assertTrue(entity.has(field), field);
        }
        assertEquals(7, lines.get(1).get("id").asInt());
        assertEquals("empty text", lines.get(1).get("error").asText());
        assertTrue(lines.get(2).get("error").asText().startsWith("line 3: malformed JSON"));
        assertTrue(lines.get(3).get("error").isNull());
        assertEquals("s\uD800", lines.get(3).get("id").asText()); // a lone surrogate survives the round trip
        assertEquals("null text", lines.get(4).get("error").asText());
        assertTrue(err.toString().contains("annotate: 5 documents"), err.toString());
    }

    /** A token-classification model needs no --labels: its own are used; --aggregation is an option. */
    @Test
    void annotatesWithATokenClassificationModelWithoutLabels() throws IOException {
        Path input = temp.resolve("bio.jsonl");
        Path output = temp.resolve("bio-out.jsonl");
        Files.writeString(input, "{\"id\": \"a\", \"text\": \"Angela Merkel met \ud83d\ude00 Emmanuel Macron in Paris.\"}\n");
        int exit = run("--model", TestModels.BIO.toString(), "--device", "cpu", "--threads", "2", "--aggregation", "average",
                "--threshold", "0", "-i", input.toString(), "-o", output.toString());
        assertEquals(0, exit, err.toString());
        JsonNode line = new ObjectMapper().readTree(Files.readAllLines(output).get(0));
        assertTrue(line.get("error").isNull());
        assertFalse(line.get("entities").isEmpty());
        String text = "Angela Merkel met \ud83d\ude00 Emmanuel Macron in Paris.";
        for (JsonNode e : line.get("entities")) {
            int from = text.offsetByCodePoints(0, e.get("start").asInt());
            assertEquals(e.get("text").asText(), text.substring(from, text.offsetByCodePoints(from, e.get("end").asInt() - e.get("start").asInt())));
        }
        assertEquals(2, run("--model", TestModels.BIO.toString(), "--labels", "person,date", "-i", input.toString(), "-o", output.toString()));
        assertTrue(err.toString().contains("'date' is not a label"), err.toString());
    }

    @Test
    void invalidUtf8IsReportedNotExtracted() throws IOException {
        Path input = temp.resolve("latin1.jsonl");
        Path output = temp.resolve("out.jsonl");
        byte[] latin1 = "{\"id\": \"l\", \"text\": \"Fran\u00e7ois Hollande visited Paris.\"}\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] good = "{\"id\": \"g\", \"text\": \"Angela Merkel met Emmanuel Macron in Paris.\"}\r\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] both = new byte[latin1.length + good.length];
        System.arraycopy(latin1, 0, both, 0, latin1.length);
        System.arraycopy(good, 0, both, latin1.length, good.length);
        Files.write(input, both);

        int exit = run("--model", TestModels.SPAN.toString(), "--labels", "person, location", "--device", "cpu",
                "--threads", "2", "--input", input.toString(), "--output", output.toString());

        assertEquals(0, exit, err.toString());
        ObjectMapper json = new ObjectMapper();
        List<String> out = Files.readAllLines(output);
        assertEquals(2, out.size());
        JsonNode bad = json.readTree(out.get(0));
        assertEquals("line 1: undecodable bytes: not valid UTF-8 at byte 25", bad.get("error").asText());
        assertTrue(bad.get("entities").isEmpty());
        assertFalse(out.get(0).contains("\uFFFD") || out.get(0).contains("\\ufffd"), out.get(0));
        JsonNode ok = json.readTree(out.get(1));
        assertEquals("g", ok.get("id").asText());
        assertTrue(ok.get("error").isNull());
        assertFalse(ok.get("entities").isEmpty());
    }

    @Test
    void aBadModelFolderIsAClearError() {
        int exit = run("--model", temp.resolve("missing").toString(), "--labels", "person", "--device", "cpu");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("does not exist"), err.toString());
    }

    @Test
    void badLabelsAreAClearError() {
        int exit = run("--model", TestModels.SPAN.toString(), "--labels", "person,person", "--device", "cpu", "--threads", "2");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("'person' is given more than once"), err.toString());
    }
}
