package io.corpusgraph.pipeline;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where the model is and what runs it: fixed for the life of a JVM-wide extractor. Serializable, so that
 * it travels to Spark executors inside an {@link ExtractionSpec}.
 *
 * @param dir            folder with model.onnx (or onnx/model.onnx), tokenizer.json and gliner_config.json (GLiNER)
 *                       or config.json with id2label (token classification)
 *                       (on Spark also a URI, {@code hdfs://…}, {@code s3a://…}, {@code file:/…}, {@code spark-files:NAME},
 *                       that each JVM copies to local disk first: {@link #remote})
 * @param device         {@code auto} (CUDA when a GPU is visible, else CPU), {@code cpu}, {@code cuda} or {@code cuda:N}
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose
 * @param variant        which graph of the folder runs: {@code auto}, {@code fp32} or {@code int8}
 *                       ({@link ModelVariant})
 */
public record RuntimeSettings(String dir, String device, int intraOpThreads, String variant) implements Serializable {

    public RuntimeSettings {
        variant = variant == null ? ModelVariant.AUTO.spelling() : variant;
    }

    /** The folder's graph chosen as {@code auto} does. */
    public RuntimeSettings(String dir, String device, int intraOpThreads) {
        this(dir, device, intraOpThreads, ModelVariant.AUTO.spelling());
    }

    public RuntimeSettings(Path modelDir, String device, int intraOpThreads) {
        this(modelDir.toString(), device, intraOpThreads);
    }

    public static RuntimeSettings cpu(Path modelDir) {
        return new RuntimeSettings(modelDir, "cpu", 0);
    }

    public Path modelDir() {
        if (remote()) {
            throw new ModelLoadException("model.dir = " + dir + " is a URI: only the Spark jobs and functions fetch a model "
                    + "folder (to each JVM's local disk); here, give a local folder");
        }
        return Path.of(dir);
    }

    /** Whether {@code dir} is a URI ({@code scheme:…}, a scheme of two letters or more, so {@code C:\\…} is a path). */
    public boolean remote() {
        return REMOTE.matcher(dir).lookingAt();
    }

    private static final java.util.regex.Pattern REMOTE = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:");

    /** The same model on another device (the one Spark assigned to a task). */
    public RuntimeSettings onDevice(String chosenDevice) {
        return new RuntimeSettings(dir, chosenDevice, intraOpThreads, variant);
    }

    /** The same model, another of its graphs. */
    public RuntimeSettings withVariant(String chosenVariant) {
        return new RuntimeSettings(dir, device, intraOpThreads, chosenVariant);
    }
}
