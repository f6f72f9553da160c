package io.corpusgraph.pipeline.encode;

import java.util.List;

/** Builds a model family's inputs for one batch of windows, padding them to a common shape. */
public interface BatchTensors {
    List<InputTensor> build(List<EncodedWindow> batch);
}
