package io.corpusgraph.jobs.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;

import com.typesafe.config.Config;

import io.corpusgraph.pipeline.spec.ConfigReads;

import io.corpusgraph.jobs.JobSetupException;

/**
 * GraphExportJob's settings, typed and checked before Spark starts.
 *
 * @param tables   where ExtractJob wrote the tables (the {@code output} section)
 * @param from     first run date exported, inclusive
 * @param to       last run date exported, inclusive
 * @param path     the feed folder that receives {@code neo4j/} and {@code nquads/}
 * @param minScore entities and relations below it are left out
 * @param baseIri  the start of every IRI in the N-Quads
 */
public record GraphExportConfig(OutputSpec tables, LocalDate from, LocalDate to, String path, double minScore, String baseIri) {

    public static GraphExportConfig from(Config c) {
        return JobSetupException.reading(() -> {
            LocalDate from = ConfigReads.date(c, "graph-export.from");
            LocalDate to = ConfigReads.date(c, "graph-export.to");
            if (from.isAfter(to)) {
                throw new JobSetupException("graph-export.from = " + from + " is after graph-export.to = " + to);
            }
            double minScore = ConfigReads.probability(c, "graph-export.min-score");
            return new GraphExportConfig(OutputSpec.from(c), from, to, ConfigReads.nonBlank(c, "graph-export.path"),
                    minScore, baseIri(ConfigReads.nonBlank(c, "graph-export.base-iri")));
        });
    }

    /** An absolute IRI ending in / or #, so that appending an encoded name gives an IRI N-Quads accepts. */
    private static String baseIri(String value) {
        String problem = null;
        try {
            if (!new URI(value).isAbsolute()) {
                problem = "not absolute";
            } else if (!value.endsWith("/") && !value.endsWith("#")) {
                problem = "must end with / or #";
            }
        } catch (URISyntaxException e) {
            problem = e.getReason();
        }
        if (problem != null) {
            throw new JobSetupException("graph-export.base-iri = " + value + ": " + problem
                    + "; use e.g. https://example.org/corpusgraph/");
        }
        return value;
    }
}
