package io.corpusgraph.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Samples this JVM's memory while a run goes on. Each sample first asks for a full collection
 * ({@link MemoryMXBean#gc}), so its heap figure is the live heap, not whatever garbage the young
 * collections have left so far; on a heap of a few hundred MiB that costs a fraction of a second per
 * sample. Beside it: the bytes Spark holds in memory for cached results (ExtractJob keeps the run's
 * results until it writes them, by design), and the process's resident set (VmRSS of
 * /proc/self/status; -1 where there is none).
 */
public final class MemorySampler implements AutoCloseable {

    /** @param seconds since the sampler started; sizes in MiB */
    public record Sample(double seconds, double heapMib, double cachedMib, double rssMib) {}

    private static final double MIB = 1024.0 * 1024.0;
    private static final Path STATUS = Path.of("/proc/self/status");

    private final long intervalMillis;
    private final LongSupplier cachedBytes;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private final long start = System.nanoTime();

    private MemorySampler(double intervalSeconds, LongSupplier cachedBytes) {
        this.intervalMillis = Math.max(1, (long) (intervalSeconds * 1000));
        this.cachedBytes = cachedBytes;
        this.thread = new Thread(this::sampleUntilClosed, "memory-sampler");
        thread.setDaemon(true);
    }

    /** @param cachedBytes what Spark holds in memory for cached data, read at each sample */
    public static MemorySampler start(double intervalSeconds, LongSupplier cachedBytes) {
        MemorySampler sampler = new MemorySampler(intervalSeconds, cachedBytes);
        sampler.record();  // the start of the run is a sample too
        sampler.thread.start();
        return sampler;
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Stops sampling after one last sample: the end of the run. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
        record();
    }

    private void sampleUntilClosed() {
        while (true) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            record();
        }
    }

    private synchronized void record() {
        memory.gc();
        double heap = memory.getHeapMemoryUsage().getUsed() / MIB;
        samples.add(new Sample((System.nanoTime() - start) / 1e9, heap, cachedBytes.getAsLong() / MIB, residentMib()));
    }

    static double residentMib() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;  // "VmRSS:  123456 kB"
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no resident set figure
        }
        return -1;
    }
}
