package io.corpusgraph.pipeline;

import io.corpusgraph.pipeline.extract.Extractor;
import com.fasterxml.jackson.databind.JsonNode;
import io.corpusgraph.pipeline.encode.EncodedWindow;
import io.corpusgraph.pipeline.encode.Prompt;
import io.corpusgraph.pipeline.encode.PromptEncoder;
import io.corpusgraph.pipeline.encode.WordTokens;
import io.corpusgraph.pipeline.model.GlinerConfig;
import io.corpusgraph.pipeline.text.Window;
import io.corpusgraph.pipeline.text.Windowing;
import io.corpusgraph.pipeline.text.WordSplitter;
import io.corpusgraph.pipeline.text.Words;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case of every golden file, written by training/make_goldens.py from the independent Python
 * implementation and the PyTorch model, reproduced stage by stage: words, windows, the first window's
 * encoding, and the entities (spans and labels exactly, scores within 1e-4 relative).
 */
class GoldenTest {
    private static final double RELATIVE_TOLERANCE = 1e-4;

    @TestFactory
    List<DynamicNode> goldenFiles() throws IOException {
        return TestModels.goldenTests(TestModels.goldenFiles(), this::check);
    }

    private void check(Path model, JsonNode golden, JsonNode c) throws IOException {
        String text = c.get("text").asText();
        List<String> labels = TestModels.caseLabels(c);
        ExtractionSpec params = TestModels.caseSpec(c);

        Words words = new WordSplitter().split(text);
        assertEquals(pairs(c.get("words")), wordOffsets(words), "words");

        GlinerConfig config = GlinerConfig.read(model);
        assertEquals(golden.get("token_limit").asInt(), config.tokenLimit(), "token limit");
        try (PromptEncoder encoder = new PromptEncoder(PromptEncoder.loadTokenizer(model.resolve("tokenizer.json")),
                config.entToken(), config.sepToken(), config.tokenLimit())) {
            Prompt prompt = encoder.prompt(labels);
            WordTokens tokens = encoder.tokenize(words);
            int maxWords = params.maxWindowWords() > 0 ? Math.min(config.maxLen(), params.maxWindowWords()) : config.maxLen();
            List<Window> windows = new Windowing(maxWords, params.windowOverlapWords(), prompt.textBudget())
                    .windows(tokens.subTokenCounts());
            assertEquals(pairs(c.get("windows")), windows.stream().map(w -> List.of(w.start(), w.end())).toList(), "windows");

            EncodedWindow first = encoder.encode(prompt, tokens, windows.get(0));
            assertArrayEquals(longs(c.get("first_window").get("input_ids")), first.inputIds(), "input_ids");
            assertArrayEquals(longs(c.get("first_window").get("words_mask")), first.wordsMask(), "words_mask");
        }

        DocumentResult result = Extractor.shared(TestModels.cpu(model)).extract(List.of(new Document(c.get("id").asText(), text)), params).get(0);
        assertTrue(result.ok(), result.error());
        JsonNode expected = c.get("entities");
        List<String> expectedSpans = new ArrayList<>();
        expected.forEach(e -> expectedSpans.add(e.get("start").asInt() + ".." + e.get("end").asInt() + " "
                + e.get("label").asText() + " '" + e.get("text").asText() + "'"));
        List<String> actualSpans = result.entities().stream()
                .map(e -> e.start() + ".." + e.end() + " " + e.label() + " '" + e.text() + "'").toList();
        assertEquals(expectedSpans, actualSpans, "entities");
        for (int i = 0; i < expected.size(); i++) {
            double want = expected.get(i).get("score").asDouble();
            double got = result.entities().get(i).score();
            assertEquals(want, got, RELATIVE_TOLERANCE * Math.abs(want), "score of " + actualSpans.get(i));
        }
    }

    private static List<List<Integer>> wordOffsets(Words words) {
        List<List<Integer>> offsets = new ArrayList<>();
        for (int i = 0; i < words.count(); i++) {
            offsets.add(List.of(words.codePointStart(i), words.codePointEnd(i)));
        }
        return offsets;
    }

    private static List<List<Integer>> pairs(JsonNode array) {
        List<List<Integer>> out = new ArrayList<>();
        array.forEach(p -> out.add(List.of(p.get(0).asInt(), p.get(1).asInt())));
        return out;
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
