package io.corpusgraph.jobs.run;

import java.util.ArrayList;
import java.util.List;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

import io.corpusgraph.jobs.config.OutputSpec;
import io.corpusgraph.jobs.output.Table;

/**
 * The start of the {@code bin/corpusgraph sql} commands a summary suggests: with the options that find
 * this run's tables ({@code --output}, {@code --database}, {@code --output-format}, renamed tables) whenever
 * they differ from the defaults, so that the commands work as printed.
 */
public final class SqlCommandLine {

    private SqlCommandLine() {}

    public static String of(OutputSpec output) {
        OutputSpec defaults = OutputSpec.from(ConfigFactory.parseResources("extract.conf",
                ConfigParseOptions.defaults().setAllowMissing(false)).resolve());
        List<String> words = new ArrayList<>(List.of("bin/corpusgraph", "sql"));
        if (output.inCatalog()) {
            words.add("--database");
            words.add(quoted(output.database()));
        } else if (!output.path().equals(defaults.path())) {
            words.add("--output");
            words.add(quoted(output.path()));
        }
        if (output.format() != defaults.format()) {
            words.add("--output-format");
            words.add(output.format().name().toLowerCase(java.util.Locale.ROOT));
        }
        for (Table table : Table.values()) {
            if (!output.name(table).equals(defaults.name(table))) {
                words.add("--set");
                words.add("output.tables." + table.key() + "=" + output.name(table));
            }
        }
        return String.join(" ", words);
    }

    /** Single-quoted for a POSIX shell when it holds anything but safe characters. */
    static String quoted(String word) {
        return word.matches("[A-Za-z0-9_./:@%+=,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
