package io.corpusgraph.jobs.config;

import java.util.Map;

import picocli.CommandLine.Option;

/** Where the tables are: shared by the jobs that write them and the commands that read them. */
public final class OutputOptions {

    @Option(names = "--output", paramLabel = "PATH", description = "output.path: the folder that holds one folder per table.")
    String path;

    @Option(names = "--database", paramLabel = "NAME", description = "output.database: a catalog database instead of a folder.")
    String database;

    @Option(names = "--output-format", paramLabel = "FORMAT", description = "output.format: delta (default) or parquet.")
    String format;

    public void addTo(Map<String, Object> overrides) {
        Overrides.put(overrides, "output.path", path);
        Overrides.put(overrides, "output.database", database);
        Overrides.put(overrides, "output.format", format);
    }
}
