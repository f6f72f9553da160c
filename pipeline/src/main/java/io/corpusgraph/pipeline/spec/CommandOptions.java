package io.corpusgraph.pipeline.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@link CommandOption}s → picocli options of a command, and their parsed values → conf keys. */
final class CommandOptions {
    private CommandOptions() {}

    /** Adds the options of these groups to a command, each described with its key and its default. */
    static void add(CommandSpec command, Set<CommandOption.Group> groups, String section) {
        Config defaults = SpecConfig.bundled().resolve();
        for (CommandOption option : CommandOption.values()) {
            if (!groups.contains(option.group)) {
                continue;
            }
            OptionSpec.Builder builder = OptionSpec.builder(option.names).hidden(option.hidden())
                    .description(description(option, section, defaults));
            if (option.flag()) {
                builder.type(Boolean.class).arity("0");
            } else if (option.list()) {
                builder.type(List.class).auxiliaryTypes(String.class).splitRegex(",").paramLabel(option.label);
            } else if (option.map()) {
                builder.type(Map.class).auxiliaryTypes(String.class, String.class).paramLabel(option.label);
            } else {
                builder.type(String.class).paramLabel(option.label);
            }
            command.addOption(builder.build());
        }
    }

    /** The options given on the command line, as conf keys (an option not given leaves its key alone). */
    static Map<String, Object> values(CommandSpec command, Set<CommandOption.Group> groups, String section) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (CommandOption option : CommandOption.values()) {
            OptionSpec spec = groups.contains(option.group) ? command.findOption(option.names[0]) : null;
            Object value = spec == null ? null : spec.getValue();
            if (value == null) {
                continue;
            }
            if (option.flag()) {
                values.put(option.key(section), option.flagValue());
            } else if (option.list()) {
                values.put(option.key(section), ((List<?>) value).stream().map(v -> v.toString().strip()).toList());
            } else {
                values.put(option.key(section), value);
            }
            values.putAll(option.implied());
        }
        return values;
    }

    private static String description(CommandOption option, String section, Config defaults) {
        String key = option.key(section);
        String text = option.help + " (" + key;
        if (!option.flag() && defaults.hasPath(key)) {
            String value = defaults.getValue(key).render(ConfigRenderOptions.concise());
            text += "; default " + (value.equals("\"\"") ? "none" : value);
        }
        return text + ")";
    }
}
