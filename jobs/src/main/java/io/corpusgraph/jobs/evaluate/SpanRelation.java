package io.corpusgraph.jobs.evaluate;

/** A directed relation between two entity spans; it matches another only with the same head span, tail span and type. */
public record SpanRelation(Span head, String type, Span tail) {

    /** The relation between the spans alone: exact match compares spans by position, not by entity type. */
    public SpanRelation positions() {
        return new SpanRelation(new Span(head.start(), head.end(), ""), type, new Span(tail.start(), tail.end(), ""));
    }
}
