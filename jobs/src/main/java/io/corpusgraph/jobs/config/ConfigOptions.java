package io.corpusgraph.jobs.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

import io.corpusgraph.jobs.JobSetupException;
import picocli.CommandLine.Option;

/**
 * Where a job's settings come from, weakest first: conf/extract.conf as bundled in the jar, a
 * {@code --config} file, the job's named options, then {@code --set key=value} pairs.
 */
public final class ConfigOptions {

    private static final String DEFAULTS = "extract.conf";

    @Option(names = "--config", paramLabel = "FILE",
            description = "A HOCON file layered over the bundled conf/extract.conf.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override any key of conf/extract.conf, e.g. --set extraction.threshold=0.3. "
                    + "A value starting with [ { or \" is read as HOCON, anything else as a plain string.")
    Map<String, String> sets = new LinkedHashMap<>();

    /** The resolved settings; {@code named} holds the job's named options as conf keys. */
    public Config load(Map<String, Object> named) {
        Config defaults = ConfigFactory.parseResources(DEFAULTS, ConfigParseOptions.defaults().setAllowMissing(false));
        Config known = defaults.resolve();
        Map<String, Object> overrides = new LinkedHashMap<>(named);
        sets.forEach((key, value) -> {
            if (!known.hasPathOrNull(key)) {
                throw new JobSetupException("--set " + key + ": no such setting (see conf/extract.conf for the keys)");
            }
            overrides.put(key, parseValue(key, value));
        });
        try {
            return ConfigFactory.parseMap(overrides, "command line")
                    .withFallback(fileSettings())
                    .withFallback(defaults)
                    .resolve();
        } catch (ConfigException e) {
            throw new JobSetupException("settings: " + e.getMessage(), e);
        }
    }

    private Config fileSettings() {
        if (file == null) {
            return ConfigFactory.empty();
        }
        if (!Files.isReadable(file)) {
            throw new JobSetupException("--config " + file + ": no such readable file");
        }
        return ConfigKeys.checked(ConfigFactory.parseFile(file.toFile()), file);
    }

    private static Object parseValue(String key, String value) {
        if (value.startsWith("[") || value.startsWith("{") || value.startsWith("\"")) {
            try {
                return ConfigFactory.parseString("value = " + value).getValue("value").unwrapped();
            } catch (ConfigException e) {
                throw new JobSetupException("--set " + key + ": " + value + " is not a HOCON value (" + e.getMessage() + ")");
            }
        }
        return value;  // Config turns "0.3" or "true" into a number or boolean where the key needs one
    }
}
