package io.corpusgraph.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples this JVM's memory while a run goes on. Heap is probed twice a second and each sample keeps the
 * lowest probe of its interval: heap use drops at every collection, so the low point is close to the
 * live heap after GC, without forcing a GC. Process memory is the resident set (VmRSS of
 * /proc/self/status; -1 where there is none), read at the end of the interval.
 */
public final class MemorySampler implements AutoCloseable {

    /** @param seconds since the sampler started; sizes in MiB */
    public record Sample(double seconds, double heapMib, double rssMib) {}

    private static final long PROBE_MILLIS = 500;
    private static final double MIB = 1024.0 * 1024.0;
    private static final Path STATUS = Path.of("/proc/self/status");

    private final long intervalMillis;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private final long start = System.nanoTime();

    private MemorySampler(double intervalSeconds) {
        this.intervalMillis = Math.max(PROBE_MILLIS, (long) (intervalSeconds * 1000));
        this.thread = new Thread(this::sampleUntilClosed, "memory-sampler");
        thread.setDaemon(true);
    }

    public static MemorySampler start(double intervalSeconds) {
        MemorySampler sampler = new MemorySampler(intervalSeconds);
        sampler.thread.start();
        return sampler;
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }

    private void sampleUntilClosed() {
        long lowestHeap = Long.MAX_VALUE;
        long intervalEnd = System.currentTimeMillis() + intervalMillis;
        while (true) {
            lowestHeap = Math.min(lowestHeap, memory.getHeapMemoryUsage().getUsed());
            if (System.currentTimeMillis() >= intervalEnd) {
                record(lowestHeap);
                lowestHeap = Long.MAX_VALUE;
                intervalEnd += intervalMillis;
            }
            try {
                Thread.sleep(PROBE_MILLIS);
            } catch (InterruptedException e) {
                // The run's end is a sample too.
                record(Math.min(lowestHeap, memory.getHeapMemoryUsage().getUsed()));
                return;
            }
        }
    }

    private synchronized void record(long lowestHeap) {
        samples.add(new Sample((System.nanoTime() - start) / 1e9, lowestHeap / MIB, residentMib()));
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
