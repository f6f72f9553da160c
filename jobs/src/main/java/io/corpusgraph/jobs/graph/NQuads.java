package io.corpusgraph.jobs.graph;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * N-Quads lines (RDF 1.1 N-Quads) for the graph: what the IRIs are and how a literal is escaped.
 * Names (document ids, labels, relation types) can hold any text, so they are percent-encoded into
 * IRIs; node ids are hex already.
 */
public final class NQuads implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
    private static final String RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>";
    private static final String XSD = "http://www.w3.org/2001/XMLSchema#";

    private final String base;

    /** {@code base} is absolute and ends with / or # (GraphExportConfig checks it). */
    public NQuads(String base) {
        this.base = base;
    }

    public String entity(String nodeId) {
        return iri("entity/" + nodeId);
    }

    public String document(String docId) {
        return iri("document/" + encode(docId));
    }

    public String label(String label) {
        return iri("label/" + encode(label));
    }

    public String relation(String type) {
        return iri("relation/" + encode(type));
    }

    public String vocabulary(String term) {
        return iri("vocab/" + term);
    }

    /** In a document's graph: the node is mentioned there with this label and surface form. */
    public String[] mention(String nodeId, String label, String text, String docId) {
        String graph = document(docId);
        return new String[] {
            quad(entity(nodeId), RDF_TYPE, label(label), graph),
            quad(entity(nodeId), RDFS_LABEL, literal(text), graph)};
    }

    /** In a document's graph: the relation found there. */
    public String edge(String startId, String type, String endId, String docId) {
        return quad(entity(startId), relation(type), entity(endId), document(docId));
    }

    /** In the default graph: what holds for the node across documents. */
    public String[] node(String nodeId, String canonicalKey, long mentionCount) {
        return new String[] {
            quad(entity(nodeId), vocabulary("canonicalKey"), literal(canonicalKey), null),
            quad(entity(nodeId), vocabulary("mentionCount"), typed(Long.toString(mentionCount), "long"), null)};
    }

    /** In the default graph: the document's id as it is in the tables (its IRI is encoded). */
    public String documentId(String docId) {
        return quad(document(docId), vocabulary("docId"), literal(docId), null);
    }

    private String iri(String path) {
        return "<" + base + path + ">";
    }

    private static String quad(String subject, String predicate, String object, String graph) {
        return subject + " " + predicate + " " + object + (graph == null ? "" : " " + graph) + " .";
    }

    private static String typed(String lexical, String xsdType) {
        return literal(lexical) + "^^<" + XSD + xsdType + ">";
    }

    /**
     * A string literal: the four characters the grammar forbids raw (quote, backslash, LF, CR) get
     * their short escapes, other control characters a \\u escape; everything else, emoji included,
     * stays as it is (the file is UTF-8).
     */
    public static String literal(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** RFC 3986 unreserved characters stay; every other UTF-8 byte becomes %XX. */
    static String encode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
