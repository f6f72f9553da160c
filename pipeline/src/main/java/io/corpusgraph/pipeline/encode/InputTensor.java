package io.corpusgraph.pipeline.encode;

/**
 * One named model input as plain Java data, so tensor building can be tested without ONNX Runtime.
 *
 * @param values row-major; for {@link Type#BOOL} 0 is false and 1 is true
 */
public record InputTensor(String name, Type type, long[] shape, long[] values) {
    public enum Type { INT64, BOOL }
}
