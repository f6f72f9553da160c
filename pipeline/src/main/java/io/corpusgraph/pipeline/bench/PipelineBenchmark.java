package io.corpusgraph.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.spec.CommandOption.Group;
import io.corpusgraph.pipeline.spec.ConfigOptions;
import io.corpusgraph.pipeline.spec.ConfiguredCommand;
import io.corpusgraph.pipeline.spec.SpecConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Throughput of the pipeline on one model and corpus, without Spark: texts/s and words/s for several
 * batch token budgets, and the share of time in each stage. Every figure is the median of the repeats,
 * after one warm-up pass. Prints a markdown table.
 */
@Command(name = "pipeline-benchmark", mixinStandardHelpOptions = true,
        description = "Measure pipeline throughput and stage shares for several batch token budgets.")
public final class PipelineBenchmark implements Callable<Integer>, ConfiguredCommand {
    /** Generated texts average this many words (15 to 45), like one to four news sentences. */
    private static final int GENERATED_MEAN_WORDS = 30;


    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--corpus", description = "JSONL file with a \"text\" field per line (default: generated sentences)")
    Path corpus;

    @Option(names = "--generate", defaultValue = "500", description = "generated sentences when no corpus is given")
    int generate;

    @Option(names = "--limit", defaultValue = "0", description = "use at most this many texts of the corpus, 0 = all")
    int limit;

    /** The labels a GLiNER model is benchmarked with when --labels is not given. */
    private static final List<String> GLINER_LABELS = List.of("person", "organization", "location", "date");

    @Option(names = "--labels", split = ",",
            description = "default: person,organization,location,date for a GLiNER model; a token-classification model's own labels")
    List<String> labels;

    @Option(names = "--budgets", split = ",", defaultValue = "512,2048,8192,32768",
            description = "batch token budgets to compare")
    List<Integer> budgets;

    @Option(names = "--repeats", defaultValue = "3")
    int repeats;


    @Option(names = "--chunk", defaultValue = "256", description = "documents per extract call")
    int chunk;

    @Override
    public Set<Group> optionGroups() {
        return EnumSet.of(Group.MODEL);
    }

    /** A JVM of its own, with no Spark tasks to share the cores with: ONNX Runtime takes them all. */
    @Override
    public Map<String, Object> commandDefaults() {
        return Map.of("model.intra-op-threads", 0);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        List<Document> docs = corpus != null ? read(corpus, limit) : GeneratedText.documents(generate, GENERATED_MEAN_WORDS, 42);
        ExtractionSpec read = SpecConfig.read(configOptions.load());
        ExtractionSpec base = labels != null ? read.withLabels(labels)
                : Extractor.modelTags(read.model().modelDir()) != null ? read : read.withLabels(GLINER_LABELS);
        Extractor extractor = Extractor.shared(base.model());
        long words = run(extractor, docs, base).get(Counter.WORDS); // warm-up, and the corpus's word count

        System.out.printf("model %s on %s, %d intra-op threads (0 = ONNX Runtime default), %d texts, %d words, "
                        + "median of %d runs%n%n", extractor.model().modelId(), extractor.device(), base.model().intraOpThreads(),
                docs.size(), words, repeats);
        System.out.println("| batch tokens | texts/s | words/s | ONNX calls | padding | split | tokenize | tensors | onnx | decode |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int budget : budgets) {
            ExtractionSpec params = base.withBatchTokenBudget(budget);
            List<ExtractionStats> runs = new ArrayList<>();
            double[] seconds = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                runs.add(run(extractor, docs, params));
                seconds[r] = (System.nanoTime() - t0) / 1e9;
            }
            ExtractionStats any = runs.get(0);
            double wall = median(seconds);
            System.out.printf("| %d | %.1f | %.0f | %d | %.0f%% | %s | %s | %s | %s | %s |%n", budget,
                    docs.size() / wall, any.get(Counter.WORDS) / wall, any.get(Counter.ONNX_CALLS),
                    100.0 * any.get(Counter.PADDED_TOKENS) / Math.max(1, any.get(Counter.TOKENS) + any.get(Counter.PADDED_TOKENS)),
                    share(runs, Counter.SPLIT_NANOS), share(runs, Counter.TOKENIZE_NANOS), share(runs, Counter.TENSORS_NANOS),
                    share(runs, Counter.ONNX_NANOS), share(runs, Counter.DECODE_NANOS));
        }
        return 0;
    }

    private ExtractionStats run(Extractor extractor, List<Document> docs, ExtractionSpec params) {
        ExtractionStats stats = new ExtractionStats();
        for (int from = 0; from < docs.size(); from += chunk) {
            extractor.extract(docs.subList(from, Math.min(docs.size(), from + chunk)), params, stats);
        }
        return stats;
    }

    /** Median share of one stage in the total stage time. */
    private static String share(List<ExtractionStats> runs, Counter stage) {
        double[] shares = runs.stream().mapToDouble(s -> (double) s.get(stage) / Math.max(1, s.totalNanos())).toArray();
        return String.format("%.1f%%", 100 * median(shares));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static List<Document> read(Path file, int limit) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Document> docs = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null && (limit <= 0 || docs.size() < limit); line = reader.readLine()) {
                if (!line.isBlank()) {
                    JsonNode node = json.readTree(line);
                    docs.add(new Document(String.valueOf(docs.size()), node.path("text").asText()));
                }
            }
        }
        return docs;
    }
}
