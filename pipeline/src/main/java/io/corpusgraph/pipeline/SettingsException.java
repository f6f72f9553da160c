package io.corpusgraph.pipeline;

/** A setting that is missing, malformed or out of range; the message names the key and what it must be. */
public class SettingsException extends IllegalArgumentException {
    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
