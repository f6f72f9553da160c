package io.corpusgraph.jobs.evaluate;

/** A predicted entity in word positions, with the model's probability. */
public record ScoredSpan(Span span, float score) {}
