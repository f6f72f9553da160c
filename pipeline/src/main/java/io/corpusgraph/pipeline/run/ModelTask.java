package io.corpusgraph.pipeline.run;

import io.corpusgraph.pipeline.decode.Candidate;
import io.corpusgraph.pipeline.encode.EncodedWindow;

import java.util.List;

/**
 * One model input on its way through a batch (an NER window, or a relation pass over a window): what
 * goes in, where its decoded candidates go, and whom a failure of ONNX Runtime on it concerns.
 */
public interface ModelTask {
    EncodedWindow encoded();

    /** @param candidates word indexes relative to {@link #encoded()}'s words */
    void accept(List<Candidate> candidates);

    void fail(String error);
}
