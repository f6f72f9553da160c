package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.run.RunReport;

/**
 * `corpusgraph finetune` end to end: training/finetune.py teaches the tiny span model a new type
 * ("fruit") from eight CoNLL sentences, with LightNER fusion on (inside the graph), and ExtractJob runs
 * the folder it writes exactly as any other model folder. Skipped where /usr/bin/python3 has no
 * PyTorch (bin/run-tests installs it before the Maven build: training/install.sh).
 */
class FinetuneExtractTest {

    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    static final Path TINY_SPAN = PROJECT.resolve("pipeline/src/test/resources/models/tiny-span");
    static final String[] TRAIN = {
        "I ate an apple and a banana in Paris|O O O B-Fruit O O B-Fruit O B-LOC",
        "Maria bought three mangoes|B-PER O O B-Fruit",
        "The pear was ripe|O B-Fruit O O",
        "John likes kiwi fruit from Rome|B-PER O B-Fruit I-Fruit O B-LOC",
        "Oranges grow in Spain|B-Fruit O O B-LOC",
        "Anna sold cherries in Berlin|B-PER O B-Fruit O B-LOC",
        "A lemon and a lime|O B-Fruit O O B-Fruit",
        "Peter met Anna in London|B-PER O B-PER O B-LOC",
    };

    @TempDir
    static Path dir;

    static boolean pythonWithTorch() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, onnx, numpy")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void aFinetunedFolderRunsInExtractJobUnchanged() throws Exception {
        assumeTrue(pythonWithTorch(), "/usr/bin/python3 with torch and onnx (bash training/install.sh)");
        StringBuilder conll = new StringBuilder();
        for (String line : TRAIN) {
            String[] words = line.split("\\|")[0].split(" ");
            String[] tags = line.split("\\|")[1].split(" ");
            for (int i = 0; i < words.length; i++) {
                conll.append(words[i]).append('\t').append(tags[i]).append('\n');
            }
            conll.append('\n');
        }
        Path train = dir.resolve("train.conll");
        Files.writeString(train, conll, StandardCharsets.UTF_8);
        Path model = dir.resolve("fruit-model");
        Process finetune = new ProcessBuilder("/usr/bin/python3", PROJECT.resolve("training/finetune.py").toString(),
                "--base", TINY_SPAN.toString(), "--train", "conll:" + train, "--dev", "conll:" + train,
                "--output", model.toString(), "--label-map", "per=person", "--label-map", "loc=location",
                "--method", "full", "--lr", "1e-3", "--head-lr", "1e-3", "--epochs", "12", "--min-steps", "0",
                "--fusion-alpha", "0.8", "--no-general", "--forgetting-check", "0", "--parity", "0", "--no-quantize",
                "--threads", "1")
                .redirectErrorStream(true).start();
        String log = new String(finetune.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(finetune.waitFor(5, TimeUnit.MINUTES), log);
        assertEquals(0, finetune.exitValue(), log);
        assertTrue(Files.readString(model.resolve("gliner_config.json")).contains("\"fusion_alpha\": 0.8"));

        Path corpus = dir.resolve("corpus");
        Files.createDirectories(corpus);
        Files.writeString(corpus.resolve("market.txt"), "Maria bought three mangoes. I ate an apple and a banana in Paris.");
        Path output = dir.resolve("tables");
        RunReport report = ExtractJob.run(LocalSpark.session(), ExtractJob.parse(new String[] {
            "--input", corpus.toString(), "--output", output.toString(), "--model", model.toString(),
            "--device", "cpu", "--labels", "fruit,person,location", "--threshold", "0.3",
            "--run-date", LocalDate.of(2024, 5, 1).toString()}));
        assertEquals(1, report.okDocuments());
        SparkSession spark = LocalSpark.session();
        List<Row> rows = spark.read().format("delta").load(output.resolve(Table.ENTITIES.key()).toString())
                .select("text", "label").collectAsList();
        Set<String> fruit = new TreeSet<>();
        rows.stream().filter(r -> "fruit".equals(r.getString(1))).forEach(r -> fruit.add(r.getString(0)));
        assertTrue(fruit.contains("mangoes") || fruit.contains("apple") || fruit.contains("banana"),
                "fruit found by the fine-tuned model: " + rows + "\n" + log);
    }
}
