package io.corpusgraph.jobs.config;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.regex.Pattern;

import com.typesafe.config.Config;

import io.corpusgraph.pipeline.spec.ConfigReads;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.jobs.output.Table;

/**
 * Where the tables go: a folder with one sub-folder per table, or a catalog database when
 * {@code database} is set.
 *
 * @param storeText whether the documents table keeps each document's text (else its text column is null)
 */
public record OutputSpec(OutputFormat format, String path, String database, Map<Table, String> names, boolean storeText) {

    public enum OutputFormat { DELTA, PARQUET }

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Tables that keep each document's text (output.store-text = true, the default). */
    public OutputSpec(OutputFormat format, String path, String database, Map<Table, String> names) {
        this(format, path, database, names, true);
    }

    public boolean inCatalog() {
        return !database.isBlank();
    }

    public String name(Table table) {
        return names.get(table);
    }

    public static OutputSpec from(Config c) {
        OutputFormat format = ConfigReads.choice(c, "output.format", OutputFormat.class);
        String database = c.getString("output.database").strip();
        if (database.isEmpty()) {
            ConfigReads.nonBlank(c, "output.path");
        }
        Map<Table, String> names = new EnumMap<>(Table.class);
        for (Table table : Table.values()) {
            String name = ConfigReads.nonBlank(c, "output.tables." + table.key());
            // A table name is also a folder name under output.path: a plain identifier cannot climb out of it.
            if (!TABLE_NAME.matcher(name).matches()) {
                throw new JobSetupException("output.tables." + table.key() + " = " + name
                        + ": a table name is letters, digits and _ (not starting with a digit)");
            }
            names.put(table, name);
        }
        if (new HashSet<>(names.values()).size() != names.size()) {
            throw new JobSetupException("output.tables: two tables have the same name " + names.values());
        }
        return new OutputSpec(format, c.getString("output.path"), database, Map.copyOf(names), c.getBoolean("output.store-text"));
    }
}
