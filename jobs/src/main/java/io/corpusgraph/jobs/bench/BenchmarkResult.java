package io.corpusgraph.jobs.bench;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Everything one benchmark run measured; written as JSON (snake_case keys) and summed up in markdown. */
public record BenchmarkResult(
        String finishedAt,
        Corpus corpus,
        Setup setup,
        Counts counts,
        Throughput throughput,
        RawModel rawModel,
        StageSplit stages,
        Memory memory) {

    /** @param meanWords and {@code seed} for a generated corpus, null otherwise (its size is in {@link Counts}) */
    public record Corpus(String source, Integer meanWords, Long seed) {}

    /**
     * @param parallelTasks tasks Spark ran at once (slots); the raw replay uses as many threads
     * @param loadAverages  the machine's 1-minute load average before the run, after it, after the raw replay
     */
    public record Setup(String model, String device, int intraOpThreads, int parallelTasks, int batchTokenBudget,
                        int documentsPerBatch, List<String> labels, String tables, int cores, String java,
                        List<Double> loadAverages) {}

    public record Counts(long documents, long okDocuments, long quarantinedDocuments, long windows, long words,
                         long tokens, long paddedTokens, long entities) {}

    /**
     * End to end: extraction pass plus table writes.
     *
     * @param paddingShare padding positions / all positions the model was fed
     */
    public record Throughput(double extractionSeconds, double writeSeconds, double totalSeconds,
                             double documentsPerSecond, double wordsPerSecond, double tokensPerSecond,
                             double paddingShare, double extractionDocumentsPerSecond) {}

    /**
     * A sample of the run's own batches replayed straight through its ONNX session.
     *
     * @param ratio      end-to-end documents/s ÷ raw documents/s
     * @param modelShare the raw model's estimated time for the run's windows, as a share of all slot-seconds
     */
    public record RawModel(int sampledBatches, long batchesSeen, long replayCalls, double replaySeconds, int threads,
                           double windowsPerSecond, double documentsPerSecond, double ratio,
                           double ratioExtractionOnly, double target, boolean meetsTarget, double modelShare) {}

    /**
     * Trends over the extraction pass (the samples up to {@code fittedSeconds}); the verdict is on
     * {@code heap} and {@code rss}.
     *
     * @param heap       live heap after a full GC, less Spark's in-memory cache of the results
     * @param cached     that cache alone
     * @param maxHeapMib and {@code maxRssMib}: over all samples, table writes included
     */
    public record Memory(double intervalSeconds, double fittedSeconds, List<MemorySampler.Sample> samples,
                         MemoryTrend heap, MemoryTrend cached, MemoryTrend rss, double maxHeapMib, double maxRssMib,
                         MemoryTrend.Verdict verdict, String rule) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("benchmark result is not serializable", e);
        }
    }
}
