package io.corpusgraph.jobs;

import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import com.typesafe.config.Config;

import io.corpusgraph.pipeline.spec.ConfigOptions;
import io.corpusgraph.pipeline.spec.ConfiguredCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that runs on Spark: its settings are conf/extract.conf with its options over it, read and
 * checked before a session starts; then one piece of work in a session that is stopped afterwards.
 *
 * @param <C> the command's checked settings
 */
abstract class SparkJob<C> implements Callable<Integer>, ConfiguredCommand {

    @Mixin
    ConfigOptions configOptions;
    @Spec
    CommandSpec command;

    /** The resolved conf → the command's settings; a bad value throws, naming its key. */
    abstract C settings(Config conf);

    /** The work, in a session; returns the exit code. */
    abstract int execute(SparkSession spark, C settings);

    @Override
    public final Integer call() {
        C settings = settings();
        int[] exit = new int[1];
        SparkSessions.run("corpusgraph " + command.name(), spark -> exit[0] = execute(spark, settings));
        return exit[0];
    }

    /** The checked settings of this command's parsed options: a bad setting is a {@link JobSetupException}. */
    final C settings() {
        return JobSetupException.reading(() -> settings(configOptions.load()));
    }

    /** Command-line arguments → the job's checked settings; unknown options and bad values fail here. */
    static <C> C parse(SparkJob<C> job, String... args) {
        Launcher.commandLine(job).parseArgs(args);
        return job.settings();
    }
}
