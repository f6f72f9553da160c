package io.corpusgraph.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.ExtractionParams;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.Extractor;
import io.corpusgraph.pipeline.RuntimeSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Throughput of the pipeline on one model and corpus, without Spark: texts/s and words/s for several
 * batch token budgets, and the share of time in each stage. Every figure is the median of the repeats,
 * after one warm-up pass. Prints a markdown table.
 */
@Command(name = "pipeline-benchmark", mixinStandardHelpOptions = true,
        description = "Measure pipeline throughput and stage shares for several batch token budgets.")
public final class PipelineBenchmark implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model folder")
    Path model;

    @Option(names = "--corpus", description = "JSONL file with a \"text\" field per line (default: generated sentences)")
    Path corpus;

    @Option(names = "--generate", defaultValue = "500", description = "generated sentences when no corpus is given")
    int generate;

    @Option(names = "--limit", defaultValue = "0", description = "use at most this many texts of the corpus, 0 = all")
    int limit;

    @Option(names = "--labels", split = ",", defaultValue = "person,organization,location,date")
    List<String> labels;

    @Option(names = "--budgets", split = ",", defaultValue = "512,2048,8192,32768",
            description = "batch token budgets to compare")
    List<Integer> budgets;

    @Option(names = "--repeats", defaultValue = "3")
    int repeats;

    @Option(names = "--device", defaultValue = "auto")
    String device;

    @Option(names = "--threads", defaultValue = "0")
    int threads;

    @Option(names = "--chunk", defaultValue = "256", description = "documents per extract call")
    int chunk;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        List<Document> docs = corpus != null ? read(corpus, limit) : generated(generate);
        Extractor extractor = Extractor.shared(new RuntimeSettings(model, device, threads));
        ExtractionParams base = ExtractionParams.defaults(labels);
        long words = run(extractor, docs, base).words; // warm-up, and the corpus's word count

        System.out.printf("model %s on %s, %d intra-op threads (0 = ONNX Runtime default), %d texts, %d words, "
                        + "median of %d runs%n%n", extractor.model().modelId(), extractor.device(), threads,
                docs.size(), words, repeats);
        System.out.println("| batch tokens | texts/s | words/s | ONNX calls | padding | split | tokenize | tensors | onnx | decode |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int budget : budgets) {
            ExtractionParams params = base.withBatchTokenBudget(budget);
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
                    docs.size() / wall, any.words / wall, any.onnxCalls,
                    100.0 * any.paddedTokens / Math.max(1, any.tokens + any.paddedTokens),
                    share(runs, s -> s.splitNanos), share(runs, s -> s.tokenizeNanos), share(runs, s -> s.tensorsNanos),
                    share(runs, s -> s.onnxNanos), share(runs, s -> s.decodeNanos));
        }
        return 0;
    }

    private ExtractionStats run(Extractor extractor, List<Document> docs, ExtractionParams params) {
        ExtractionStats stats = new ExtractionStats();
        for (int from = 0; from < docs.size(); from += chunk) {
            extractor.extract(docs.subList(from, Math.min(docs.size(), from + chunk)), params, stats);
        }
        return stats;
    }

    /** Median share of one stage in the total stage time. */
    private static String share(List<ExtractionStats> runs, java.util.function.ToLongFunction<ExtractionStats> stage) {
        double[] shares = runs.stream().mapToDouble(s -> (double) stage.applyAsLong(s) / Math.max(1, s.totalNanos())).toArray();
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

    /** Deterministic news-like sentences of varied length, so batches mix short and long texts. */
    static List<Document> generated(int count) {
        String[] people = {"Angela Merkel", "Ada Lovelace", "Nelson Mandela", "Marie Curie", "Kofi Annan", "Grace Hopper"};
        String[] orgs = {"the United Nations", "Siemens", "the World Bank", "Oxford University", "Reuters", "NASA"};
        String[] places = {"Berlin", "Johannesburg", "Paris", "New York", "Nairobi", "Tokyo"};
        String[] dates = {"Monday", "March 3, 2021", "last year", "1998", "early June"};
        String[] tails = {"to discuss the budget", "after a long delay", "for talks on trade and climate policy",
                "where officials announced a new programme for schools, hospitals and roads in the region",
                "and later told reporters that the agreement would be signed before the end of the month"};
        Random random = new Random(42);
        List<Document> docs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            int sentences = 1 + random.nextInt(4);
            for (int s = 0; s < sentences; s++) {
                text.append(String.format("On %s, %s of %s visited %s %s. ",
                        dates[random.nextInt(dates.length)], people[random.nextInt(people.length)],
                        orgs[random.nextInt(orgs.length)], places[random.nextInt(places.length)],
                        tails[random.nextInt(tails.length)]));
            }
            docs.add(new Document("gen-" + i, text.toString().strip()));
        }
        return docs;
    }
}
