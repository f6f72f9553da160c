package io.corpusgraph.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * A Spark listener for a job in a child JVM ({@link ChildJob}), registered with {@code spark.extraListeners}:
 * appends one line per scheduler event to the file named by {@value #FILE_PROPERTY}, for the test to read.
 * Lines: {@code stage <id> <tasks>}, {@code start <stage> <partition> <attempt> <executor>},
 * {@code end <stage> <partition> <attempt> <executor> <reason>}, {@code added <executor>}, {@code removed <executor> <reason>}.
 */
public final class TaskEventLog extends SparkListener {

    static final String FILE_PROPERTY = "corpusgraph.test.task-events";

    private final Path file = Path.of(System.getProperty(FILE_PROPERTY));

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        append("stage " + event.stageInfo().stageId() + " " + event.stageInfo().numTasks());
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart event) {
        append("start " + event.stageId() + " " + event.taskInfo().partitionId() + " " + event.taskInfo().attemptNumber() + " "
                + event.taskInfo().executorId());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        append("end " + event.stageId() + " " + event.taskInfo().partitionId() + " " + event.taskInfo().attemptNumber() + " "
                + event.taskInfo().executorId() + " " + event.reason().getClass().getSimpleName().replace("$", ""));
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded event) {
        append("added " + event.executorId());
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
        append("removed " + event.executorId() + " " + event.reason().replaceAll("\\s+", " "));
    }

    private synchronized void append(String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines written so far, each split at spaces. */
    static List<String[]> read(Path file) {
        try {
            return Files.exists(file)
                    ? Files.readAllLines(file).stream().map(line -> line.split(" ")).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
