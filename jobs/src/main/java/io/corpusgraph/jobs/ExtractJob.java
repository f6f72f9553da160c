package io.corpusgraph.jobs;

import java.util.EnumSet;
import java.util.Set;

import org.apache.spark.sql.SparkSession;

import com.typesafe.config.Config;

import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.extract.ExtractRun;
import io.corpusgraph.jobs.extract.StreamRun;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.jobs.run.RunReport;
import io.corpusgraph.jobs.run.RunSummary;
import io.corpusgraph.pipeline.spec.CommandOption.Group;
import io.corpusgraph.udfs.ExtractMetrics;
import picocli.CommandLine.Command;

/**
 * Corpus → documents, entities, relations and runs tables, for one run date ({@link ExtractRun}).
 *
 * <pre>spark-submit --class io.corpusgraph.jobs.ExtractJob corpusgraph-jobs-*-spark.jar --input … --output …</pre>
 */
@Command(name = "extract", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Extracts entities (and relations) from a corpus into Delta (or Parquet) tables. Settings come from "
                + "conf/extract.conf; every option below overrides one of its keys.")
public final class ExtractJob extends SparkJob<ExtractConfig> {

    @Override
    public Set<Group> optionGroups() {
        return EnumSet.of(Group.INPUT, Group.MODEL, Group.DECODING, Group.BATCHING, Group.RUN, Group.STREAM, Group.OUTPUT);
    }

    public static void main(String[] args) {
        System.exit(Launcher.execute(new ExtractJob(), args));
    }

    /** Command-line arguments → checked settings; unknown options and bad values fail here. */
    public static ExtractConfig parse(String... args) {
        return parse(new ExtractJob(), args);
    }

    @Override
    ExtractConfig settings(Config conf) {
        return ExtractConfig.from(conf);
    }

    @Override
    int execute(SparkSession spark, ExtractConfig config) {
        if (config.stream().enabled()) {
            long batches = StreamRun.run(spark, config, ExtractMetrics.register(spark.sparkContext()), System.out);
            System.out.println("stream stopped after " + batches + " micro-batches with input");
            return 0;
        }
        RunSummary.print(config, TableStore.open(spark, config.output()), run(spark, config), System.out);
        return 0;
    }

    /** One run with parsed settings in a given session: check, extract, then write. */
    public static RunReport run(SparkSession spark, ExtractConfig config) {
        return ExtractRun.run(spark, config, ExtractMetrics.register(spark.sparkContext()));
    }
}
