package io.corpusgraph.jobs;

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
}
