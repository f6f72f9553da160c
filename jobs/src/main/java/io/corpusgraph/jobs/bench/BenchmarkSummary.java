package io.corpusgraph.jobs.bench;

import java.util.Locale;
import java.util.Map;

/** The markdown a person reads after a benchmark run: headline rates, where the time went, memory. */
public final class BenchmarkSummary {

    private BenchmarkSummary() {}

    public static String markdown(BenchmarkResult r) {
        BenchmarkResult.Throughput t = r.throughput();
        BenchmarkResult.RawModel raw = r.rawModel();
        BenchmarkResult.Counts c = r.counts();
        StringBuilder md = new StringBuilder();
        md.append("## corpusgraph benchmark\n\n");
        md.append(f("%,d documents (%s), %,d words, %,d windows; model %s on %s, %d tasks at once, %d intra-op "
                        + "thread(s) each, batch token budget %,d, %d documents per batch; tables: %s.%n%n",
                c.documents(), r.corpus().source(), c.words(), c.windows(), r.setup().model(), r.setup().device(),
                r.setup().parallelTasks(), r.setup().intraOpThreads(), r.setup().batchTokenBudget(),
                r.setup().documentsPerBatch(), r.setup().tables()));

        md.append("| end to end | documents/s | words/s | tokens/s | padding | raw model documents/s | ratio to raw |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        md.append(f("| %.1f s (extract %.1f s, write %.1f s) | %.1f | %,.0f | %,.0f | %.1f%% | %.1f | %.2f%s |%n%n",
                t.totalSeconds(), t.extractionSeconds(), t.writeSeconds(), t.documentsPerSecond(), t.wordsPerSecond(),
                t.tokensPerSecond(), 100 * t.paddingShare(), raw.documentsPerSecond(), raw.ratio(),
                raw.meetsTarget() ? "" : f(" (target %.2f)", raw.target())));
        md.append(f("Raw model: %d of the run's %,d batches replayed through the same ONNX session by %d threads "
                        + "for %.1f s (%,d calls): %,.0f windows/s. Extraction pass alone: %.1f documents/s, %.2f of raw.%n%n",
                raw.sampledBatches(), raw.batchesSeen(), raw.threads(), raw.replaySeconds(), raw.replayCalls(),
                raw.windowsPerSecond(), t.extractionDocumentsPerSecond(), raw.ratioExtractionOnly()));

        md.append("Where the time went (slot-seconds: wall time × tasks at once):\n\n");
        md.append("| stage | seconds | share |\n|---|---:|---:|\n");
        for (Map.Entry<String, Double> stage : r.stages().seconds().entrySet()) {
            md.append(f("| %s | %.1f | %.1f%% |%n", stage.getKey(), stage.getValue(),
                    100 * r.stages().fractions().get(stage.getKey())));
        }
        double onnx = r.stages().fractions().getOrDefault("onnx", 0.0);
        md.append(f("%nThe model itself (at the raw rate) accounts for %.1f%% of the slot-seconds; the ONNX stage's "
                        + "remaining %.1f%% is our tensor copies in and out of ONNX Runtime and contention; the other "
                        + "stages are the rest of the gap to raw.%n%n",
                100 * raw.modelShare(), 100 * Math.max(0, onnx - raw.modelShare())));

        BenchmarkResult.Memory m = r.memory();
        md.append(f("Memory over the extraction pass (first %.0f s, one sample per %.0f s, each after a full GC): "
                        + "live heap without Spark's cache of the results %s; that cache %s; process RSS %s. "
                        + "Verdict: **%s** (rule: %s). With the table writes: max heap %.0f MiB, max RSS %.0f MiB.%n",
                m.fittedSeconds(), m.intervalSeconds(), trend(m.heap()), trend(m.cached()), trend(m.rss()),
                name(m.verdict()), m.rule(), m.maxHeapMib(), m.maxRssMib()));
        md.append(f("%nMachine load average (1 min) before / after the run / after the replay: %s.%n",
                r.setup().loadAverages().stream().map(l -> f("%.1f", l)).toList()));
        return md.toString();
    }

    private static String trend(MemoryTrend t) {
        return f("first %.0f MiB, last %.0f MiB, max %.0f MiB, slope %+.1f MiB/min (%s)", t.firstMib(), t.lastMib(),
                t.maxMib(), t.slopeMibPerMinute(), name(t.verdict()));
    }

    private static String name(MemoryTrend.Verdict verdict) {
        return verdict.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
