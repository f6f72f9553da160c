package io.corpusgraph.jobs;

import java.util.function.Supplier;

import com.typesafe.config.ConfigException;

import io.corpusgraph.pipeline.SettingsException;

/**
 * A problem found before any table is touched: an option, a setting, the model folder, the input or
 * the output. The message says what to fix; the launcher prints it without a stack trace.
 */
public final class JobSetupException extends RuntimeException {
    public JobSetupException(String message) {
        super(message);
    }

    public JobSetupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Reads settings, turning a bad setting (the pipeline's {@link SettingsException}, a HOCON error) into this. */
    public static <T> T reading(Supplier<T> read) {
        try {
            return read.get();
        } catch (SettingsException e) {
            throw new JobSetupException(e.getMessage(), e);
        } catch (ConfigException e) {
            throw new JobSetupException("settings: " + e.getMessage(), e);
        }
    }
}
