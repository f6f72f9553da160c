package io.corpusgraph.pipeline.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a device setting ({@code auto}, {@code cpu}, {@code cuda}, {@code cuda:N}) means on this machine:
 * whether to try CUDA at all, and on which GPU. Trying CUDA where there is none costs seconds (ONNX
 * Runtime unpacks its CUDA libraries first), so {@code cpu} never tries and {@code auto} tries only
 * when the NVIDIA driver is visible.
 */
public record DevicePlan(String requested, boolean triesCuda, int gpu) {
    private static final Pattern SETTING = Pattern.compile("auto|cpu|cuda(?::(\\d+))?");

    public static DevicePlan of(String setting) {
        return of(setting, gpuVisible());
    }

    static DevicePlan of(String setting, boolean gpuVisible) {
        String normalized = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        Matcher m = SETTING.matcher(normalized);
        if (!m.matches()) {
            throw new IllegalArgumentException("device must be auto, cpu, cuda or cuda:N, got '" + setting + "'");
        }
        return switch (normalized) {
            case "cpu" -> new DevicePlan(normalized, false, 0);
            case "auto" -> new DevicePlan(normalized, gpuVisible, 0);
            default -> new DevicePlan(normalized, true, m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
        };
    }

    static boolean gpuVisible() {
        return Files.exists(Path.of("/dev/nvidia0")) || Files.exists(Path.of("/proc/driver/nvidia"));
    }
}
