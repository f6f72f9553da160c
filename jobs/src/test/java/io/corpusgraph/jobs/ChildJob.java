package io.corpusgraph.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * ExtractJob in a JVM of its own, as spark-submit or bin/corpusgraph would run it, so that a test can
 * kill it (or one of its executors). Same java, same JVM flags and class path as this test JVM; the class
 * path goes in the environment, because ONNX Runtime dislikes long command lines (docs/stack-notes.md). Its
 * stdout and stderr go to one log file that the test reads.
 */
final class ChildJob implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildJob(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code ExtractJob args} with the given {@code -Dkey=value} properties and environment variables. */
    static ChildJob start(Path log, Map<String, String> properties, Map<String, String> env, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-Xmx1g");  // after the test JVM's own -Xmx: the last one counts
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(ExtractJob.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().putAll(env);
        return new ChildJob(builder.start(), log);
    }

    Process process() {
        return process;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls until the condition holds; fails when the job exits first or the time is up. */
    void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("the job exited (" + process.exitValue() + ") before " + what + ":\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + limit + ":\n" + log());
            }
            Thread.sleep(10);
        }
    }

    /** Waits for the job's exit and returns its code; kills it (and its executors) when the time is up. */
    int exitCode(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError("the job did not finish within " + limit + ":\n" + log());
        }
        return process.exitValue();
    }

    /** A test that fails half-way must not leave the job running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** SIGKILL, as a lost node or the OOM killer would: no shutdown hook, no finally block runs. */
    void kill() throws InterruptedException {
        List<ProcessHandle> executors = process.descendants().toList();
        process.destroyForcibly().waitFor();
        executors.forEach(ProcessHandle::destroyForcibly);
    }
}
