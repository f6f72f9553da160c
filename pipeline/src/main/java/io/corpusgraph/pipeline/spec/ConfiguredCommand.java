package io.corpusgraph.pipeline.spec;

import java.util.Map;
import java.util.Set;

/** A command whose settings come from conf/extract.conf through {@link ConfigOptions}: which options it takes. */
public interface ConfiguredCommand {

    /** The {@link CommandOption} groups this command takes. */
    Set<CommandOption.Group> optionGroups();

    /** The conf section --labels, --threshold and --mode set: {@code extraction}, or {@code evaluate}. */
    default String decodingSection() {
        return "extraction";
    }

    /**
     * This command's own defaults, over the bundled conf and under a --config file: a command that runs the
     * model in a JVM of its own gives ONNX Runtime every core, say.
     */
    default Map<String, Object> commandDefaults() {
        return Map.of();
    }
}
