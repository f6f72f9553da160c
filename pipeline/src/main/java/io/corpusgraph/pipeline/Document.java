package io.corpusgraph.pipeline;

/** One input text. {@code text} may be null or empty: such documents come back with an error, never an exception. */
public record Document(String id, String text) {}
