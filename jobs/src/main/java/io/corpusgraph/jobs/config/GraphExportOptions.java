package io.corpusgraph.jobs.config;

import java.util.Map;

import picocli.CommandLine.Option;

/** GraphExportJob's named options; each one sets the conf/extract.conf key its description names. */
public final class GraphExportOptions {

    @Option(names = "--from", paramLabel = "DATE", description = "graph-export.from: first run date, yyyy-MM-dd or today")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "graph-export.to: last run date (inclusive), yyyy-MM-dd or today")
    String to;

    @Option(names = "--graph-path", paramLabel = "PATH", description = "graph-export.path: the feed folder (neo4j/ and nquads/), replaced")
    String path;

    @Option(names = "--min-score", paramLabel = "P", description = "graph-export.min-score")
    Double minScore;

    @Option(names = "--base-iri", paramLabel = "IRI", description = "graph-export.base-iri")
    String baseIri;

    public void addTo(Map<String, Object> overrides) {
        Overrides.put(overrides, "graph-export.from", from);
        Overrides.put(overrides, "graph-export.to", to);
        Overrides.put(overrides, "graph-export.path", path);
        Overrides.put(overrides, "graph-export.min-score", minScore);
        Overrides.put(overrides, "graph-export.base-iri", baseIri);
    }
}
