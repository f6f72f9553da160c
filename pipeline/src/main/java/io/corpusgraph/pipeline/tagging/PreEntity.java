package io.corpusgraph.pipeline.tagging;

/**
 * One content token of a window with its label probabilities (contract §3.4).
 *
 * @param scores  softmax over the model's labels, by label id
 * @param start   code point offset of the token in the text
 * @param end     code point offset, exclusive
 * @param subword the token continues the word of the token before it
 */
public record PreEntity(float[] scores, int start, int end, boolean subword) {}
