package io.corpusgraph.pipeline.onnx;

import io.corpusgraph.pipeline.ModelLoadException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's ONNX sessions: one per (model file, device setting, threads), created on first use and
 * shared by every caller, since a session is thread-safe and costly in memory and start-up time.
 * Closed when the JVM exits.
 */
public final class SessionHolder {
    private record Key(Path modelFile, String device, int intraOpThreads) {}

    private static final Map<Key, OnnxRunner> RUNNERS = new ConcurrentHashMap<>();
    private static final AtomicInteger CREATED = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(SessionHolder.class);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SessionHolder::closeAll, "onnx-sessions-close"));
    }

    private SessionHolder() {}

    /**
     * The JVM's session for the file; its creation is logged at INFO, once per JVM (on a cluster: once per
     * executor), with the model id, the device it runs on and its threads.
     */
    public static OnnxRunner runner(Path modelFile, String device, int intraOpThreads, String modelId) {
        DevicePlan plan = DevicePlan.of(device);
        Key key = new Key(canonical(modelFile), plan.requested(), intraOpThreads);
        return RUNNERS.computeIfAbsent(key, k -> {
            long start = System.nanoTime();
            OnnxRunner runner = OnnxRunner.open(k.modelFile(), plan, k.intraOpThreads());
            CREATED.incrementAndGet();
            LOG.info("ONNX session created in {} s: model {} on {} (device setting {}), {} intra-op threads, host {}",
                    String.format("%.1f", (System.nanoTime() - start) / 1e9), modelId, runner.device(), k.device(),
                    k.intraOpThreads() == 0 ? "one per core:" + Runtime.getRuntime().availableProcessors() : k.intraOpThreads(), host());
            return runner;
        });
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public static int sessionsCreated() {
        return CREATED.get();
    }

    private static Path canonical(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            throw new ModelLoadException(file.getFileName() + ": cannot resolve " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeAll() {
        RUNNERS.values().forEach(OnnxRunner::close);
        RUNNERS.clear();
    }
}
