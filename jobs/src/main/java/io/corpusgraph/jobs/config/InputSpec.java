package io.corpusgraph.jobs.config;

import com.typesafe.config.Config;

/**
 * Where the corpus comes from.
 *
 * @param path  a folder or file for every format but {@code table}
 * @param table a catalog table name, for {@code table}
 */
public record InputSpec(InputFormat format, String path, String table, String idField, String textField) {

    public enum InputFormat { TEXT, JSONL, PARQUET, DELTA, TABLE }

    static InputSpec from(Config c) {
        InputFormat format = Settings.choice(c, "input.format", InputFormat.class);
        InputSpec spec = new InputSpec(format, c.getString("input.path"), c.getString("input.table"),
                Settings.nonBlank(c, "input.id-field"), Settings.nonBlank(c, "input.text-field"));
        if (format == InputFormat.TABLE) {
            Settings.nonBlank(c, "input.table");
        } else {
            Settings.nonBlank(c, "input.path");
        }
        return spec;
    }
}
