package io.corpusgraph.pipeline.run;

import io.corpusgraph.pipeline.encode.EncodedWindow;

/**
 * One model input on its way through a batch (an NER window, or a relation pass over a window): what
 * goes in, where its decoded result goes ({@code T}: GLiNER's candidates, a tagger's token probabilities),
 * and whom a failure of ONNX Runtime on it concerns.
 */
public interface ModelTask<T> {
    EncodedWindow encoded();

    /** @param decoded for GLiNER, candidates with word indexes relative to {@link #encoded()}'s words */
    void accept(T decoded);

    void fail(String error);
}
