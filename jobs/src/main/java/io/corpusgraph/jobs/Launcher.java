package io.corpusgraph.jobs;

import io.corpusgraph.jobs.output.DateLock;
import io.corpusgraph.pipeline.SettingsException;
import picocli.CommandLine;

/** Runs a picocli command the way every job's main does: setup problems as one line, exit codes for scripts. */
final class Launcher {

    /** Exit code for a problem found before any table was touched: wrong option, setting, model, input or output. */
    static final int SETUP_PROBLEM = 2;
    /** Exit code for a run stopped because another run holds its run date's lock; nothing was extracted or written. */
    static final int LOCKED = 3;

    private Launcher() {}

    /** As for spark-submit's --conf, an option given twice takes its last value: wrappers can add defaults in front. */
    static CommandLine commandLine(Object command) {
        return new CommandLine(command).setOverwrittenOptionsAllowed(true);
    }

    static int execute(Object command, String... args) {
        return commandLine(command)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof JobSetupException || e instanceof SettingsException) {
                        cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
                        return SETUP_PROBLEM;
                    }
                    if (e instanceof DateLock.ConcurrentRunException) {
                        cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
                        return LOCKED;
                    }
                    throw e;
                })
                .execute(args);
    }
}
