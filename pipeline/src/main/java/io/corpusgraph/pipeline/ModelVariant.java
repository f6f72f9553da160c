package io.corpusgraph.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Which graph of a model folder runs. A folder has {@code model.onnx} (fp32 weights) and may have
 * {@code model_quantized.onnx} (int8 weights, activations quantized at run time: ONNX Runtime's CPU
 * contrib kernels), at its top or in {@code onnx/} as GLiNER's public exports have them.
 * {@code auto} runs int8 on CPU when the folder has it, fp32 otherwise and on CUDA (model.ModelBundle resolves it).
 */
public enum ModelVariant {
    AUTO(List.of()),
    FP32(List.of("model.onnx", "onnx/model.onnx")),
    INT8(List.of("model_quantized.onnx", "onnx/model_quantized.onnx"));

    private final List<String> files;

    ModelVariant(List<String> files) {
        this.files = files;
    }

    /** {@code auto}, {@code fp32} or {@code int8}. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ModelVariant of(String setting) {
        for (ModelVariant v : values()) {
            if (v.spelling().equals(setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("model variant must be auto, fp32 or int8, got '" + setting + "'");
    }

    /** This variant's graph in the folder, or null when it has none. */
    public Path file(Path dir) {
        for (String name : files) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    /** The names this variant's graph may have, for messages. */
    public List<String> fileNames() {
        return files;
    }
}
