package io.corpusgraph.jobs.config;

import com.typesafe.config.Config;

import io.corpusgraph.pipeline.spec.ConfigReads;

/**
 * Where the corpus comes from.
 *
 * @param path  a folder or file for every format but {@code table}
 * @param table a catalog table name, for {@code table}
 */
public record InputSpec(InputFormat format, String path, String table, String idField, String textField) {

    public enum InputFormat { TEXT, JSONL, PARQUET, DELTA, TABLE }

    /** What a person reads: the path and format, or the catalog table. */
    public String describe() {
        return format == InputFormat.TABLE ? "table " + table : path + " (" + format.name().toLowerCase() + ")";
    }

    static InputSpec from(Config c) {
        InputFormat format = ConfigReads.choice(c, "input.format", InputFormat.class);
        InputSpec spec = new InputSpec(format, c.getString("input.path"), c.getString("input.table"),
                ConfigReads.nonBlank(c, "input.id-field"), ConfigReads.nonBlank(c, "input.text-field"));
        if (format == InputFormat.TABLE) {
            ConfigReads.nonBlank(c, "input.table");
        } else {
            ConfigReads.nonBlank(c, "input.path");
        }
        return spec;
    }
}
