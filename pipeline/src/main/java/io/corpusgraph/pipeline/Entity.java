package io.corpusgraph.pipeline;

/**
 * One extracted entity. {@code start} and {@code end} are Unicode code point offsets into the
 * document text, end exclusive, so that Spark SQL's {@code substring(text, start + 1, end - start)}
 * (which counts code points) returns {@code text}.
 */
public record Entity(int start, int end, String text, String label, float score) {}
