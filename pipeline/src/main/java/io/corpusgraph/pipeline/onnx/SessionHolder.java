package io.corpusgraph.pipeline.onnx;

import io.corpusgraph.pipeline.ModelLoadException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM's ONNX sessions: one per (model file, device setting, threads), created on first use and
 * shared by every caller, since a session is thread-safe and costly in memory and start-up time.
 * Closed when the JVM exits.
 */
public final class SessionHolder {
    private record Key(Path modelFile, String device, int intraOpThreads) {}

    private static final Map<Key, OnnxRunner> RUNNERS = new ConcurrentHashMap<>();
    private static final AtomicInteger CREATED = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SessionHolder::closeAll, "onnx-sessions-close"));
    }

    private SessionHolder() {}

    public static OnnxRunner runner(Path modelFile, String device, int intraOpThreads) {
        DevicePlan plan = DevicePlan.of(device);
        Key key = new Key(canonical(modelFile), plan.requested(), intraOpThreads);
        return RUNNERS.computeIfAbsent(key, k -> {
            OnnxRunner runner = OnnxRunner.open(k.modelFile(), plan, k.intraOpThreads());
            CREATED.incrementAndGet();
            return runner;
        });
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
