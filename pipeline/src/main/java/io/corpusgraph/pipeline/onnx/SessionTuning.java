package io.corpusgraph.pipeline.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

import java.util.Locale;

/**
 * The ONNX Runtime session settings that were measured against each other (README, "int8 on CPU"), with
 * the kept values as defaults. Each can be overridden for a benchmark by a JVM system property (through
 * {@code CORPUSGRAPH_JAVA_OPTS}); they change speed and memory, never results.
 *
 * <ul>
 *   <li>{@code corpusgraph.ort.optimization} = {@code all} (default) | {@code extended} | {@code basic} | {@code none}:
 *       graph optimization level.</li>
 *   <li>{@code corpusgraph.ort.spinning} = {@code true} (default) | {@code false}: intra-op threads spin
 *       while waiting for work.</li>
 *   <li>{@code corpusgraph.ort.arena} = {@code true} (default) | {@code false}: the CPU memory arena.</li>
 *   <li>{@code corpusgraph.ort.profile} = a file prefix (default: none): ONNX Runtime's own per-node profile,
 *       written as {@code <prefix>_<date>.json} when the session closes; {@code training/ort_profile.py} sums
 *       it by operator type.</li>
 * </ul>
 * The memory pattern stays off whatever is set: every batch has its own shape, and a pattern is
 * planned and kept per shape (RSS grew from 1.5 to 3.6 GiB over 37 batches of the default model and
 * kept growing; off, it levels at ~2.0 GiB and runs no slower).
 */
record SessionTuning(OptLevel optimization, boolean spinning, boolean arena, String profile) {

    static SessionTuning fromSystemProperties() {
        return new SessionTuning(level(System.getProperty("corpusgraph.ort.optimization", "all")),
                flag("corpusgraph.ort.spinning", true), flag("corpusgraph.ort.arena", true),
                System.getProperty("corpusgraph.ort.profile"));
    }

    void apply(SessionOptions options) throws OrtException {
        options.setOptimizationLevel(optimization);
        options.setMemoryPatternOptimization(false);
        options.setCPUArenaAllocator(arena);
        options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
        if (profile != null && !profile.isBlank()) {
            options.enableProfiling(profile);
        }
    }

    private static OptLevel level(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "all" -> OptLevel.ALL_OPT;
            case "extended" -> OptLevel.EXTENDED_OPT;
            case "basic" -> OptLevel.BASIC_OPT;
            case "none" -> OptLevel.NO_OPT;
            default -> throw new IllegalArgumentException(
                    "corpusgraph.ort.optimization must be all, extended, basic or none, got '" + value + "'");
        };
    }

    private static boolean flag(String property, boolean fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            return fallback;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "on" -> true;
            case "false", "0", "off" -> false;
            default -> throw new IllegalArgumentException(property + " must be true or false, got '" + value + "'");
        };
    }
}
