package io.corpusgraph.pipeline.spec;

import io.corpusgraph.pipeline.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a command's settings come from, weakest first: conf/extract.conf as bundled ({@link SpecConfig#bundled}),
 * the command's own defaults, a {@code --config} file, the command's named options ({@link CommandOption}), then
 * {@code --set key=value} pairs. Mixed into a {@link ConfiguredCommand}, it also gives the command its named options.
 */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "A HOCON file layered over the bundled conf/extract.conf.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override any key of conf/extract.conf, e.g. --set extraction.threshold=0.3. "
                    + "A value starting with [ { or \" is read as HOCON, anything else as a plain string.")
    Map<String, String> sets = new LinkedHashMap<>();

    private CommandSpec command;

    /** picocli hands over the command this is mixed into, while it builds it: its named options are added here. */
    @Spec(Spec.Target.MIXEE)
    void command(CommandSpec mixee) {
        this.command = mixee;
        if (mixee.userObject() instanceof ConfiguredCommand configured) {
            CommandOptions.add(mixee, configured.optionGroups(), configured.decodingSection());
        }
    }

    /** The resolved settings. */
    public Config load() {
        return load(Map.of());
    }

    /** As {@link #load()}, with keys the command sets itself over the named options (a generated input, say). */
    public Config load(Map<String, Object> commandSettings) {
        ConfiguredCommand configured = command != null && command.userObject() instanceof ConfiguredCommand c ? c : null;
        Map<String, Object> overrides = new LinkedHashMap<>();
        if (configured != null) {
            overrides.putAll(CommandOptions.values(command, configured.optionGroups(), configured.decodingSection()));
        }
        overrides.putAll(commandSettings);
        Config defaults = SpecConfig.bundled();
        overrides.putAll(SpecConfig.values(sets, "--set"));
        try {
            return ConfigFactory.parseMap(overrides, "command line")
                    .withFallback(fileSettings())
                    .withFallback(ConfigFactory.parseMap(configured == null ? Map.of() : configured.commandDefaults(),
                            "command defaults"))
                    .withFallback(defaults)
                    .resolve();
        } catch (ConfigException e) {
            throw new SettingsException("settings: " + e.getMessage(), e);
        }
    }

    private Config fileSettings() {
        if (file == null) {
            return ConfigFactory.empty();
        }
        if (!Files.isReadable(file)) {
            throw new SettingsException("--config " + file + ": no such readable file");
        }
        try {
            ListConcatenation.check(Files.readString(file), "--config " + file);
        } catch (java.io.IOException e) {
            throw new SettingsException("--config " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        return ConfigKeys.checked(ConfigFactory.parseFile(file.toFile()), file);
    }
}
