package io.corpusgraph.pipeline.onnx;

/** The model's float output for one batch, copied out of ONNX Runtime, row-major. */
public record OutputTensor(long[] shape, float[] values) {
    public int dim(int axis) {
        return (int) shape[axis];
    }
}
