package io.corpusgraph.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;

import io.corpusgraph.jobs.bench.BenchmarkResult;
import io.corpusgraph.jobs.bench.BenchmarkSummary;
import io.corpusgraph.jobs.bench.GeneratedCorpus;
import io.corpusgraph.jobs.bench.MemorySampler;
import io.corpusgraph.jobs.bench.MemoryTrend;
import io.corpusgraph.jobs.bench.StageSplit;
import io.corpusgraph.jobs.charts.BenchmarkCharts;
import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.config.InputSpec;
import io.corpusgraph.jobs.extract.ExtractRun;
import io.corpusgraph.jobs.extract.ExtractionService;
import io.corpusgraph.jobs.run.RunReport;
import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.bench.BatchSample;
import io.corpusgraph.pipeline.bench.ModelReplay;
import io.corpusgraph.udfs.ExtractMetrics;
import io.corpusgraph.udfs.ModelFolders;
import io.corpusgraph.pipeline.spec.CommandOption.Group;
import io.corpusgraph.pipeline.spec.ConfigOptions;
import io.corpusgraph.pipeline.spec.ConfiguredCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Throughput of one executor, measured by running {@link ExtractJob} itself: a corpus (generated, or any
 * input ExtractJob takes) goes through the same Spark code path into tables in a scratch folder, while
 * memory is sampled. Then a sample of the batches that run built is replayed straight through the same
 * ONNX session, for the model's own rate, and end-to-end throughput is stated as a share of it.
 * Writes a JSON result and a markdown summary.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs ExtractJob over a corpus on a local master and reports documents/s, words/s, tokens/s, "
                + "padding, the time per stage, the ratio to the raw model rate, and memory over the run.")
public final class BenchmarkJob implements Callable<Integer>, ConfiguredCommand {

    static final double TARGET_RATIO = 0.85;

    @Option(names = "--generate", paramLabel = "N", description = "Benchmark N generated documents instead of the configured input.")
    long generate;

    @Option(names = "--words", paramLabel = "N", defaultValue = "40", description = "Mean words per generated document (default ${DEFAULT-VALUE}).")
    int words;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated corpus (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where the run's tables go (default: a temporary folder, deleted afterwards). Never point this at real tables.")
    Path output;

    @Option(names = "--report", paramLabel = "DIR", description = "Folder for benchmark.json, benchmark.md and its charts (PNG; default: output/benchmark).")
    Path report;

    @Option(names = "--sample-seconds", paramLabel = "S", defaultValue = "10",
            description = "Memory sample interval; each sample runs a full GC (default ${DEFAULT-VALUE}).")
    double sampleSeconds;

    @Option(names = "--raw-batches", paramLabel = "N", defaultValue = "200", description = "Batches kept for the raw replay (default ${DEFAULT-VALUE}).")
    int rawBatches;

    @Option(names = "--raw-seconds", paramLabel = "S", defaultValue = "20", description = "Least time the raw replay runs (default ${DEFAULT-VALUE}).")
    double rawSeconds;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Set<Group> optionGroups() {
        return EnumSet.of(Group.INPUT, Group.MODEL, Group.DECODING, Group.BATCHING, Group.RUN);
    }

    public static void main(String[] args) {
        System.exit(Launcher.execute(new BenchmarkJob(), args));
    }

    @Override
    public Integer call() throws Exception {
        Path scratch = Files.createTempDirectory("corpusgraph-benchmark-");
        SparkSession spark = SparkSessions.create("corpusgraph benchmark");
        try {
            BenchmarkResult result = measure(spark, scratch);
            Path folder = writeReport(result);
            System.out.println(BenchmarkSummary.markdown(result));
            System.out.println("Written: " + folder.resolve("benchmark.json") + ", " + folder.resolve("benchmark.md"));
        } finally {
            spark.stop();
            deleteRecursively(scratch);
        }
        return 0;
    }

    /** The whole measurement; {@code scratch} takes the generated corpus and, unless --output, the tables. */
    BenchmarkResult measure(SparkSession spark, Path scratch) throws Exception {
        ExtractConfig config = config(scratch, spark.sparkContext().defaultParallelism());
        return run(spark, config, corpusSource(config));
    }

    /** benchmark.json and benchmark.md in the report folder; returns the folder. */
    Path writeReport(BenchmarkResult result) throws IOException {
        Path folder = report != null ? report : home().resolve("output/benchmark");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("benchmark.json"), result.toJson(), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("benchmark.md"), BenchmarkSummary.markdown(result), StandardCharsets.UTF_8);
        charts(result, folder);
        return folder;
    }

    /** The charts beside benchmark.md (PNG): stage shares, throughput against the raw model, memory over time. */
    static void charts(BenchmarkResult result, Path folder) {
        if (!result.stages().fractions().isEmpty()) {
            BenchmarkCharts.stageShares(result.stages().fractions(), folder.resolve("stage-shares.png"));
        }
        Map<String, Double> throughput = new LinkedHashMap<>();
        throughput.put("end to end", result.throughput().documentsPerSecond());
        throughput.put("extraction pass", result.throughput().extractionDocumentsPerSecond());
        if (result.rawModel() != null) {
            throughput.put("raw model", result.rawModel().documentsPerSecond());
        }
        BenchmarkCharts.throughput(throughput, folder.resolve("throughput.png"));
        List<MemorySampler.Sample> samples = result.memory().samples();
        if (!samples.isEmpty()) {
            Map<String, List<Double>> mib = new LinkedHashMap<>();
            mib.put("live heap", samples.stream().map(MemorySampler.Sample::heapMib).toList());
            mib.put("cached results", samples.stream().map(MemorySampler.Sample::cachedMib).toList());
            mib.put("process RSS", samples.stream().map(MemorySampler.Sample::rssMib).toList());
            BenchmarkCharts.memory(samples.stream().map(MemorySampler.Sample::seconds).toList(), mib, folder.resolve("memory.png"));
        }
    }

    /**
     * ExtractJob's settings from the options. A generated corpus is written into {@code scratch} first (not
     * timed), one file per slot, so that its reading needs no shuffle.
     */
    private ExtractConfig config(Path scratch, int slots) throws IOException {
        Map<String, Object> named = new HashMap<>();
        if (generate > 0) {
            Path corpus = scratch.resolve("corpus");
            GeneratedCorpus.writeJsonl(corpus, generate, words, seed, slots);
            named.put("input.path", corpus.toString());
            named.put("input.format", "jsonl");
            named.put("input.id-field", "id");
            named.put("input.text-field", "text");
        }
        named.put("output.path", (output != null ? output : scratch.resolve("tables")).toString());
        named.put("output.database", "");
        return JobSetupException.reading(() -> ExtractConfig.from(configOptions.load(named)));
    }

    /** The extraction run, then the raw replay; the run's tables land in the configured (scratch) folder. */
    private BenchmarkResult run(SparkSession spark, ExtractConfig config, BenchmarkResult.Corpus corpus) throws Exception {
        if (!spark.sparkContext().isLocal()) {
            throw new JobSetupException("the benchmark measures one executor JVM and replays its batches there: run it "
                    + "with a local master (local[N], N = an executor's cores), not " + spark.sparkContext().master());
        }
        ExtractionSpec settings = config.extraction();
        int slots = spark.sparkContext().defaultParallelism();
        // In local mode the executor is this JVM: its tasks use this very session, and the sample sees their batches.
        Extractor extractor = Extractor.shared(ModelFolders.local(ExtractionService.pinned(settings, ExtractionService.describeModel(settings)).model()));
        BatchSample sample = new BatchSample(rawBatches, seed);
        extractor.batches().observe(sample);
        ExtractMetrics metrics = ExtractMetrics.register(spark.sparkContext());

        List<Double> load = new ArrayList<>(List.of(loadAverage()));
        RunReport run;
        double totalSeconds;
        MemorySampler memory = MemorySampler.start(sampleSeconds, () -> cachedBytes(spark));
        try {
            long start = System.nanoTime();
            run = ExtractRun.run(spark, config, metrics);
            totalSeconds = (System.nanoTime() - start) / 1e9;
        } finally {
            memory.close();
            extractor.batches().observe(null);
        }
        load.add(loadAverage());
        ModelReplay.Rate raw = ModelReplay.run(extractor.runner(), sample.batches(), slots, rawSeconds);
        load.add(loadAverage());

        double writeSeconds = Math.max(0, totalSeconds - run.extractionSeconds());
        ExtractionStats figures = metrics.stats();
        long words = figures.get(Counter.WORDS);
        long tokens = figures.get(Counter.TOKENS);
        long padded = figures.get(Counter.PADDED_TOKENS);
        BenchmarkResult.Counts counts = new BenchmarkResult.Counts(run.documents(), run.okDocuments(),
                run.quarantinedDocuments(), figures.get(Counter.WINDOWS), words, tokens, padded, run.entities());
        BenchmarkResult.Throughput throughput = new BenchmarkResult.Throughput(run.extractionSeconds(), writeSeconds,
                totalSeconds, run.documents() / totalSeconds, words / totalSeconds, tokens / totalSeconds,
                (double) padded / Math.max(1, tokens + padded), run.documents() / run.extractionSeconds());
        StageSplit stages = StageSplit.of(stageSeconds(figures), run.extractionSeconds(), writeSeconds, slots);
        return new BenchmarkResult(Instant.now().toString(), corpus,
                new BenchmarkResult.Setup(settings.model().dir(), extractor.device(), settings.model().intraOpThreads(), slots,
                        settings.batchTokenBudget(extractor.device()), settings.documentsPerBatch(), settings.labels(),
                        config.output().format().name().toLowerCase(Locale.ROOT), Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"), load),
                counts, throughput, rawModel(raw, sample, slots, counts, throughput, stages),
                stages, memory(memory.samples(), run.extractionSeconds()));
    }

    private BenchmarkResult.Corpus corpusSource(ExtractConfig config) {
        if (generate > 0) {
            return new BenchmarkResult.Corpus("generated", words, seed);
        }
        InputSpec input = config.input();
        String where = input.format() == InputSpec.InputFormat.TABLE ? input.table() : input.path();
        return new BenchmarkResult.Corpus(input.format().name().toLowerCase(Locale.ROOT) + " " + where, null, null);
    }

    /** Each stage's time in pipeline order, from the stage counters (relations: building the relation passes). */
    private static Map<String, Double> stageSeconds(ExtractionStats figures) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Counter stage : Counter.stages()) {
            seconds.put(stage.stage(), figures.get(stage) / 1e9);
        }
        return seconds;
    }

    private static BenchmarkResult.RawModel rawModel(ModelReplay.Rate raw, BatchSample sample, int slots,
                                                     BenchmarkResult.Counts counts, BenchmarkResult.Throughput throughput,
                                                     StageSplit stages) {
        // Windows are what the model runs; documents per window converts its rate to documents.
        double rawDocuments = raw.windowsPerSecond() * counts.documents() / Math.max(1, counts.windows());
        double ratio = rawDocuments > 0 ? throughput.documentsPerSecond() / rawDocuments : 0;
        double modelSlotSeconds = raw.windowsPerSecond() > 0 ? counts.windows() / raw.windowsPerSecond() * slots : 0;
        return new BenchmarkResult.RawModel(raw.batches(), sample.seen(), raw.calls(), raw.seconds(), slots,
                raw.windowsPerSecond(), rawDocuments, ratio,
                rawDocuments > 0 ? throughput.extractionDocumentsPerSecond() / rawDocuments : 0,
                TARGET_RATIO, ratio >= TARGET_RATIO, modelSlotSeconds / Math.max(1e-9, stages.totalSeconds()));
    }

    /**
     * The verdict looks at the extraction pass, the work that grows with the corpus (the sampler starts
     * with it; job setup makes its end a little later than {@code extractionSeconds}), and at the heap
     * without Spark's cache of the results, which ExtractJob keeps until it writes them (bounded by
     * Spark's storage memory, beyond which it goes to disk). The table writes that follow are in the
     * samples and the maxima.
     */
    private BenchmarkResult.Memory memory(List<MemorySampler.Sample> samples, double extractionSeconds) {
        List<MemorySampler.Sample> extraction = samples.stream().filter(s -> s.seconds() <= extractionSeconds).toList();
        double[] seconds = extraction.stream().mapToDouble(MemorySampler.Sample::seconds).toArray();
        MemoryTrend heap = MemoryTrend.of(seconds, extraction.stream().mapToDouble(s -> s.heapMib() - s.cachedMib()).toArray());
        MemoryTrend cached = MemoryTrend.of(seconds, extraction.stream().mapToDouble(MemorySampler.Sample::cachedMib).toArray());
        MemoryTrend rss = MemoryTrend.of(seconds, extraction.stream().mapToDouble(MemorySampler.Sample::rssMib).toArray());
        return new BenchmarkResult.Memory(sampleSeconds, extractionSeconds, samples, heap, cached, rss,
                samples.stream().mapToDouble(MemorySampler.Sample::heapMib).max().orElse(0),
                samples.stream().mapToDouble(MemorySampler.Sample::rssMib).max().orElse(0),
                MemoryTrend.overall(List.of(heap, rss)), MemoryTrend.RULE);
    }

    /** Bytes of cached data Spark holds in memory (the run's results, persisted until written). */
    private static long cachedBytes(SparkSession spark) {
        return Arrays.stream(spark.sparkContext().getRDDStorageInfo()).mapToLong(RDDInfo::memSize).sum();
    }

    /** The machine's 1-minute load average: on a shared machine, how much else was running. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static Path home() {
        String home = System.getenv("CORPUSGRAPH_HOME");
        return Path.of(home != null ? home : ".");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
