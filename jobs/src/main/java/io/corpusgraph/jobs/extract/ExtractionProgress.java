package io.corpusgraph.jobs.extract;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.apache.spark.SparkContext;
import org.apache.spark.SparkStageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.udfs.ExtractMetrics;

/**
 * Progress in the driver's log while the extraction runs: a daemon thread that reads the job's document
 * accumulator and Spark's task counts every {@link #INTERVAL} and logs documents done of total, documents/s and
 * the time left. The accumulator grows as tasks finish (a task adds its figures when it ends), so with few,
 * large partitions the figure moves in steps; the task count says how far the running stage is.
 */
public final class ExtractionProgress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractionProgress.class);

    /** Often enough to see a run move, rare enough not to bury the other lines. */
    static final Duration INTERVAL = Duration.ofSeconds(30);

    private final Thread thread;

    private ExtractionProgress(Thread thread) {
        this.thread = thread;
    }

    /** Starts logging to the driver's log at {@link #INTERVAL}; {@code total} is the documents to extract, or -1. */
    static ExtractionProgress start(SparkContext sc, ExtractMetrics metrics, long total) {
        return start(sc, () -> metrics.get(Counter.DOCUMENTS), total, INTERVAL, LOG::info);
    }

    /** The same, reading {@code done} and writing each line to {@code log} at {@code interval}. */
    public static ExtractionProgress start(SparkContext sc, LongSupplier done, long total, Duration interval, Consumer<String> log) {
        long start = System.nanoTime();
        long before = done.getAsLong();  // the accumulators may already hold an earlier pass's figures
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(interval.toMillis());
                    int[] tasks = tasks(sc);
                    log.accept(line(done.getAsLong() - before, total, (System.nanoTime() - start) / 1e9, tasks[0], tasks[1]));
                }
            } catch (InterruptedException e) {
                // closed: the extraction is over
            }
        }, "corpusgraph-progress");
        thread.setDaemon(true);
        thread.start();
        return new ExtractionProgress(thread);
    }

    /** Completed and all tasks of the stages running now. */
    private static int[] tasks(SparkContext sc) {
        int completed = 0;
        int all = 0;
        for (int stage : sc.statusTracker().getActiveStageIds()) {
            SparkStageInfo info = sc.statusTracker().getStageInfo(stage).getOrElse(() -> null);
            if (info != null) {
                completed += info.numCompletedTasks();
                all += info.numTasks();
            }
        }
        return new int[] {completed, all};
    }

    /** e.g. {@code extracting: 1,200 of 5,000 documents (24.0 %), 40.0 documents/s, about 1 min 35 s left; tasks 3 of 12}. */
    public static String line(long done, long total, double seconds, int completedTasks, int tasks) {
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "extracting: %,d", done));
        if (total >= 0) {
            line.append(String.format(Locale.ROOT, " of %,d documents (%.1f %%)", total, total == 0 ? 100.0 : 100.0 * done / total));
        } else {
            line.append(" documents");
        }
        line.append(String.format(Locale.ROOT, ", %.1f documents/s", rate));
        if (total >= 0 && rate > 0) {
            line.append(", about ").append(duration(Math.max(0, total - done) / rate)).append(" left");
        } else if (total >= 0) {
            line.append(", time left not known yet");
        }
        if (tasks > 0) {
            line.append(String.format(Locale.ROOT, "; tasks %d of %d", completedTasks, tasks));
        }
        return line.toString();
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? (s / 3600) + " h " + (s % 3600 / 60) + " min" : s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
