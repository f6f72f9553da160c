package io.corpusgraph.jobs.config;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;

import com.typesafe.config.Config;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.jobs.output.Table;

/**
 * Where the tables go: a folder with one sub-folder per table, or a catalog database when
 * {@code database} is set.
 */
public record OutputSpec(OutputFormat format, String path, String database, Map<Table, String> names) {

    public enum OutputFormat { DELTA, PARQUET }

    public boolean inCatalog() {
        return !database.isBlank();
    }

    public String name(Table table) {
        return names.get(table);
    }

    public static OutputSpec from(Config c) {
        OutputFormat format = Settings.choice(c, "output.format", OutputFormat.class);
        String database = c.getString("output.database").strip();
        if (database.isEmpty()) {
            Settings.nonBlank(c, "output.path");
        }
        Map<Table, String> names = new EnumMap<>(Table.class);
        for (Table table : Table.values()) {
            names.put(table, Settings.nonBlank(c, "output.tables." + table.key()));
        }
        if (new HashSet<>(names.values()).size() != names.size()) {
            throw new JobSetupException("output.tables: two tables have the same name " + names.values());
        }
        return new OutputSpec(format, c.getString("output.path"), database, Map.copyOf(names));
    }
}
