package io.corpusgraph.pipeline;

/** A model folder that cannot be used. The message names the file and, where it applies, the key. */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
