package io.corpusgraph.jobs;

import java.util.List;
import java.util.Optional;

import io.corpusgraph.jobs.output.DateLock;
import io.corpusgraph.pipeline.SettingsException;
import picocli.CommandLine;

/** Runs a picocli command the way every job's main does: setup problems as one line, exit codes for scripts. */
final class Launcher {

    /** Exit code for a problem found before any table was touched: wrong option, setting, model, input or output. */
    static final int SETUP_PROBLEM = 2;
    /** Exit code for a run stopped because another run holds its run date's lock; nothing was extracted or written. */
    static final int LOCKED = 3;
    /**
     * Exit code for a job that Spark stopped under it: its cluster manager could not be reached or gave up on the
     * application (executors that could not start, or all lost). The tables hold the date's previous complete run,
     * or this one.
     */
    static final int SPARK_STOPPED = 4;

    /** What Spark's exceptions say when its context was stopped while a job still used it (Spark 4.1's wording). */
    private static final List<String> STOPPED_CONTEXT = List.of("LiveListenerBus is stopped",
            "Cannot call methods on a stopped SparkContext", "SparkContext was shut down", "SparkContext has been shutdown");

    private Launcher() {}

    /**
     * The first line of Spark's message when {@code e} comes of its context having been stopped under the job (the
     * jobs stop their session only once their work has ended); empty otherwise.
     */
    static Optional<String> stoppedUnderTheJob(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && STOPPED_CONTEXT.stream().anyMatch(message::contains)) {
                return Optional.of(message.strip().lines().findFirst().orElse("").strip());  // not the creation sites
            }
        }
        return Optional.empty();
    }

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
                    Optional<String> stopped = stoppedUnderTheJob(e);
                    if (stopped.isPresent()) {
                        cmd.getErr().println(cmd.getCommandName() + ": Spark stopped the application while the job was running ("
                                + stopped.get() + "): its cluster manager could not be reached or gave up on it (executors "
                                + "that could not start, or all lost). Look above for \"All masters are unresponsive\", \"Master "
                                + "removed our application\" or \"Executor ... removed\" (or YARN's / Kubernetes' equivalent) and "
                                + "at the executors' stderr (standalone: the workers' work/<application id>/<executor id>/stderr). "
                                + "Usual causes: a wrong --master, a wrong spark.executor.extraClassPath or extraJavaOptions, a jar "
                                + "missing on the nodes, more memory or cores than a worker offers. The tables hold the date's "
                                + "previous complete run, or this one if its runs row was committed (README: Reliability).");
                        return SPARK_STOPPED;
                    }
                    throw e;
                })
                .execute(args);
    }
}
