package io.corpusgraph.jobs.config;

import java.time.ZoneId;
import java.util.regex.Pattern;

import com.typesafe.config.Config;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.pipeline.spec.ConfigReads;

/**
 * ExtractJob as a stream (conf/extract.conf's {@code stream} block).
 *
 * @param enabled            whether extract runs as a stream ({@code --stream})
 * @param checkpoint         the stream's progress folder (required when enabled)
 * @param trigger            an interval such as {@code 30 seconds}, or {@link #AVAILABLE_NOW}
 * @param maxFilesPerTrigger input files per micro-batch at most
 * @param zone               the time zone whose date a micro-batch is filed under (run.timezone)
 */
public record StreamSpec(boolean enabled, String checkpoint, String trigger, int maxFilesPerTrigger, ZoneId zone) {

    public static final String AVAILABLE_NOW = "available-now";
    private static final Pattern INTERVAL = Pattern.compile("[0-9]+ *(ms|milliseconds?|seconds?|minutes?|hours?)");

    public boolean availableNow() {
        return AVAILABLE_NOW.equals(trigger);
    }

    static StreamSpec from(Config c) {
        boolean enabled = c.getBoolean("stream.enabled");
        String trigger = c.getString("stream.trigger").strip();
        if (!trigger.equals(AVAILABLE_NOW) && !INTERVAL.matcher(trigger).matches()) {
            throw new JobSetupException("stream.trigger = " + trigger + ": an interval such as '30 seconds' or '5 minutes', or "
                    + AVAILABLE_NOW);
        }
        String checkpoint = c.getString("stream.checkpoint").strip();
        if (enabled && checkpoint.isEmpty()) {
            throw new JobSetupException("--stream needs --checkpoint DIR (stream.checkpoint): the folder where the stream keeps "
                    + "its progress, one per stream");
        }
        return new StreamSpec(enabled, checkpoint, trigger, ConfigReads.atLeast(c, "stream.max-files-per-trigger", 1),
                ConfigReads.zone(c));
    }
}
