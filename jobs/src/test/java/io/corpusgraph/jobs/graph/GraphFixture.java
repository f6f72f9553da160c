package io.corpusgraph.jobs.graph;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The small entities/relations tables GraphExportJobTest writes and exports, and what the feed must
 * hold. No Spark here: the consumer tests (Neo4j, Jena) run in a JVM without it and read the feed the
 * Spark test left in {@link #FEED}.
 */
public final class GraphFixture {

    /** The feed folder, under target/ so that the consumer tests of the same build find it. */
    public static final Path FEED = Path.of("target", "graph-feed-fixture").toAbsolutePath();

    public static final LocalDate BEFORE = LocalDate.of(2024, 3, 1);
    public static final LocalDate MONDAY = LocalDate.of(2024, 3, 4);
    public static final LocalDate TUESDAY = LocalDate.of(2024, 3, 5);
    public static final double MIN_SCORE = 0.5;
    public static final String BASE_IRI = "https://example.org/cg/";

    /** One entity row: its run date, document, key into relations, text, label and score. */
    public record Mention(LocalDate runDate, String docId, String key, int start, String text, String label, float score) {}

    /** One relation row between two mentions (by key) of the same document and run. */
    public record Link(String head, String tail, String relation, float score) {}

    public static final String QUOTED = "He said \"hi\", then left";
    public static final String MULTILINE = "line one\nline two";
    public static final String BACKSLASHES = "C:\\path\\to\\file \\\"";
    public static final String MARKUP = "Straße 🚀 <tag> & \"x\"";
    public static final String NON_BMP = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀";
    public static final String PADDED = "  padded,\ttext  ";
    public static final String FRESH = "fresh";

    public static final List<Mention> MENTIONS = List.of(
            // Out of the date range.
            new Mention(BEFORE, "a/1.txt", "old", 0, "old", "person", 0.9f),
            new Mention(MONDAY, "a/1.txt", "a1", 0, QUOTED, "quote", 0.9f),
            new Mention(MONDAY, "a/1.txt", "a2", 30, MULTILINE, "person", 0.8f),
            new Mention(MONDAY, "a/1.txt", "a3", 50, BACKSLASHES, "location", 0.7f),
            new Mention(MONDAY, "a/1.txt", "a4", 70, "low score", "person", 0.2f),
            new Mention(TUESDAY, "b 2.txt", "b1", 0, MARKUP, "organization", 0.95f),
            // The same canonical key as a2 in another document: one node, two mentions.
            new Mention(TUESDAY, "b 2.txt", "b2", 30, MULTILINE, "person", 0.6f),
            new Mention(TUESDAY, "b 2.txt", "b3", 50, NON_BMP, "date of birth", 0.55f),
            new Mention(TUESDAY, "b 2.txt", "b4", 70, PADDED, "person; group", 0.9f),
            // Extracted on both dates: only the latest run counts.
            new Mention(MONDAY, "c", "c1", 0, "stale", "person", 0.9f),
            new Mention(TUESDAY, "c", "c2", 0, FRESH, "person", 0.9f));

    public static final List<Link> LINKS = List.of(
            new Link("a1", "a2", "says; to", 0.9f),
            // Tail below the minimum score: dropped.
            new Link("a2", "a4", "knows", 0.9f),
            // Below the minimum score itself.
            new Link("a1", "a3", "at", 0.3f),
            new Link("b1", "b2", "employs \"\\,", 0.8f),
            new Link("c1", "c1", "stale", 0.9f));

    /** Mentions in range and of their document's latest run: all but "old" and "stale". */
    public static final long MENTIONS_IN_RANGE = 9;
    public static final long KEPT_MENTIONS = 8;
    public static final long NODES = 7;
    public static final long RELATIONS_IN_RANGE = 4;
    public static final long EDGES = 2;
    /** The documents with something in the graph: one named graph each. */
    public static final Set<String> DOCUMENTS = Set.of("a/1.txt", "b 2.txt", "c");
    public static final Set<String> NODE_TEXTS = Set.of(QUOTED, MULTILINE, BACKSLASHES, MARKUP, NON_BMP, PADDED, FRESH);
    public static final Set<String> EDGE_TYPES = Set.of("says; to", "employs \"\\,");

    private GraphFixture() {}
}
