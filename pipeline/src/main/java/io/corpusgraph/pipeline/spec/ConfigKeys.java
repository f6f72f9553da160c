package io.corpusgraph.pipeline.spec;

import io.corpusgraph.pipeline.SettingsException;
import java.nio.file.Path;
import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * A {@code --config} file may only set keys that conf/extract.conf has, as {@code --set} may: a typo
 * ({@code extraction.treshold}) fails with the key and the file instead of silently leaving the default.
 * Sections whose defaults are empty objects ({@code evaluate.datasets}, {@code evaluate.label-map}) are
 * maps of the user's own names, so anything inside them is accepted.
 */
final class ConfigKeys {

    private ConfigKeys() {}

    /** The file's settings, after checking every key against the bundled defaults. */
    static Config checked(Config file, Path source) {
        Config known = SpecConfig.bundled().resolve();
        check(file.root(), known.root(), "", source);
        return file;
    }

    private static void check(ConfigObject given, ConfigObject known, String prefix, Path source) {
        for (Map.Entry<String, ConfigValue> entry : given.entrySet()) {
            String path = prefix + ConfigUtil.quoteString(entry.getKey()).replaceAll("^\"([A-Za-z0-9_-]+)\"$", "$1");
            ConfigValue expected = known.get(entry.getKey());
            if (expected == null) {
                throw new SettingsException("--config " + source + ": " + path
                        + ": no such setting (see conf/extract.conf for the keys)");
            }
            if (expected.valueType() == ConfigValueType.OBJECT && entry.getValue().valueType() == ConfigValueType.OBJECT
                    && !((ConfigObject) expected).isEmpty()) {
                check((ConfigObject) entry.getValue(), (ConfigObject) expected, path + ".", source);
            }
        }
    }
}
