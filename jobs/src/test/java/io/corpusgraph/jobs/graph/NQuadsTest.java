package io.corpusgraph.jobs.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The escapes themselves; that Jena reads them back exactly is NQuadsJenaTest's job. */
class NQuadsTest {

    @Test
    void literalsEscapeQuoteBackslashNewlinesAndControlCharactersOnly() {
        assertEquals("\"a \\\"b\\\" \\\\ c\\nd\\re\\u0009f\\u007F <g> 😀\"", NQuads.literal("a \"b\" \\ c\nd\re\tf\u007f <g> 😀"));
    }

    @Test
    void namesArePercentEncodedAsUtf8IntoIris() {
        NQuads rdf = new NQuads("https://example.org/cg/");
        assertEquals("<https://example.org/cg/document/a%2Fb%20c%3E%C3%9F%F0%9F%98%80.txt>", rdf.document("a/b c>ß😀.txt"));
        assertEquals("<https://example.org/cg/relation/works_for-x~y>", rdf.relation("works_for-x~y"));
    }
}
