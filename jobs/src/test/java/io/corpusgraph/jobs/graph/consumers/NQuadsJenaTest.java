package io.corpusgraph.jobs.graph.consumers;

import static io.corpusgraph.jobs.graph.GraphFixture.FEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.jena.graph.Node;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.vocabulary.RDFS;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.corpusgraph.jobs.graph.GraphFixture;

/**
 * Apache Jena's strict N-Quads parser reads the feed GraphExportJobTest wrote: literals must come
 * back exactly, each document must be its own named graph. Runs without Spark (graph-consumers).
 */
class NQuadsJenaTest {

    private static final String BASE = GraphFixture.BASE_IRI;
    private static final DatasetGraph DATASET = DatasetGraphFactory.create();

    @BeforeAll
    static void parseFeed() throws IOException {
        // GraphExportJobTest writes the feed in the same build, before this execution; a scoped run may lack it.
        assumeTrue(Files.isDirectory(FEED), FEED + " is missing: run GraphExportJobTest first");
        try (Stream<Path> parts = Files.list(FEED.resolve("nquads"))) {
            for (Path part : parts.filter(p -> p.toString().endsWith(".nq")).toList()) {
                RDFParser.source(part).lang(Lang.NQUADS).strict(true).parse(DATASET);
            }
        }
    }

    @Test
    void everyDocumentIsANamedGraphWhoseIdIsInTheDefaultGraph() {
        List<Node> graphs = Stream.of(DATASET.listGraphNodes()).flatMap(it -> {
            Stream.Builder<Node> all = Stream.builder();
            it.forEachRemaining(all);
            return all.build();
        }).toList();
        Set<String> docIds = graphs.stream()
                .map(g -> DATASET.getDefaultGraph().find(g, Node.ANY, Node.ANY).next().getObject().getLiteralLexicalForm())
                .collect(Collectors.toSet());
        assertEquals(GraphFixture.DOCUMENTS, docIds);
        assertEquals(GraphFixture.DOCUMENTS.size(), graphs.size());
    }

    @Test
    void literalsWithQuotesNewlinesBackslashesMarkupAndEmojiArriveExactly() {
        Set<String> labels = quads(Node.ANY, RDFS.label.asNode()).stream()
                .map(q -> q.getObject().getLiteralLexicalForm())
                .collect(Collectors.toSet());
        assertEquals(GraphFixture.NODE_TEXTS, labels);
    }

    @Test
    void nodesAreDeduplicatedAndRelationsAreEdgesInTheirDocumentsGraph() {
        Node canonicalKey = org.apache.jena.graph.NodeFactory.createURI(BASE + "vocab/canonicalKey");
        assertEquals(GraphFixture.NODES, DATASET.getDefaultGraph().find(Node.ANY, canonicalKey, Node.ANY).toList().size());
        Set<String> types = quads(Node.ANY, Node.ANY).stream()
                .filter(q -> q.getPredicate().getURI().startsWith(BASE + "relation/"))
                .map(q -> URLDecoder.decode(q.getPredicate().getURI().substring((BASE + "relation/").length()), StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
        assertEquals(GraphFixture.EDGE_TYPES, types);
    }

    /** Quads in the named graphs. */
    private static List<Quad> quads(Node subject, Node predicate) {
        return Stream.of(DATASET.find(Node.ANY, subject, predicate, Node.ANY)).flatMap(it -> {
            Stream.Builder<Quad> all = Stream.builder();
            it.forEachRemaining(all);
            return all.build();
        }).filter(q -> !q.isDefaultGraph()).toList();
    }
}
