"""A small NumPy interpreter for the ONNX operators our graphs use (no onnxruntime for Python here).

Used by the tests to check that an ONNX graph computes what the PyTorch model computes: the
langchain4j MiniLM encoder against encoder.py, and our exports against model.py.
"""

import math

import numpy as np
import onnx
from onnx import helper, numpy_helper

def _erf(a):
    """torch's erf: exact like math.erf, and vectorised (np.vectorize is far too slow for whole models)."""
    import torch
    return torch.erf(torch.from_numpy(np.ascontiguousarray(a))).numpy()


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _axes(node, inputs, index):
    """Reduction/unsqueeze axes: an attribute in older opsets, an input in newer ones."""
    a = _attrs(node)
    if "axes" in a:
        return tuple(a["axes"])
    return tuple(int(x) for x in inputs[index]) if len(inputs) > index and inputs[index] is not None else None


def _layer_norm(node, x, scale, bias=None):
    a = _attrs(node)
    axis = a.get("axis", -1)
    axes = tuple(range(axis % x.ndim, x.ndim))
    mean = x.mean(axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axes, keepdims=True)
    y = (x - mean) / np.sqrt(var + a.get("epsilon", 1e-5))
    y = y * scale
    return y + bias if bias is not None else y


def _skip_layer_norm(node, x, skip, gamma, beta=None, bias=None):
    """com.microsoft SkipLayerNormalization: LayerNorm over the last axis of x + skip (+ bias)."""
    total = x + skip if bias is None else x + skip + bias
    mean = total.mean(-1, keepdims=True)
    var = ((total - mean) ** 2).mean(-1, keepdims=True)
    y = (total - mean) / np.sqrt(var + _attrs(node).get("epsilon", 1e-12)) * gamma
    return y + beta if beta is not None else y


def _gemm(node, a, b, c=None):
    at = _attrs(node)
    a = a.T if at.get("transA") else a
    b = b.T if at.get("transB") else b
    y = at.get("alpha", 1.0) * (a @ b)
    return y + at.get("beta", 1.0) * c if c is not None else y


def _slice(data, starts, ends, axes=None, steps=None):
    axes = range(len(starts)) if axes is None else axes
    steps = [1] * len(starts) if steps is None else steps
    index = [slice(None)] * data.ndim
    for s, e, ax, st in zip(starts, ends, axes, steps):
        index[ax] = slice(int(s), int(e), int(st))
    return data[tuple(index)]


def _reshape(data, shape):
    shape = [data.shape[i] if d == 0 else int(d) for i, d in enumerate(shape)]
    return data.reshape(shape)


def _dynamic_quantize_linear(node, x):
    """ONNX DynamicQuantizeLinear: uint8, asymmetric, the range widened to include 0, round half to even."""
    low, high = min(0.0, float(x.min())), max(0.0, float(x.max()))
    scale = np.float32((high - low) / 255.0) or np.float32(1.0)
    zero = np.uint8(np.clip(np.rint(-low / scale), 0, 255))
    q = np.clip(np.rint(x / scale) + zero, 0, 255).astype(np.uint8)
    return q, np.asarray(scale, dtype=np.float32), np.asarray(zero)


def _matmul_integer(node, a, b, a_zero=None, b_zero=None):
    a = a.astype(np.int32) - (0 if a_zero is None else np.int32(a_zero))
    b = b.astype(np.int32) - (0 if b_zero is None else b_zero.astype(np.int32))
    # float64 BLAS instead of numpy's slow integer matmul: exact while every sum stays below 2**53
    # (|a| <= 255, |b| <= 255, inner size < 2**37)
    return np.matmul(a.astype(np.float64), b.astype(np.float64)).astype(np.int32)


def _dynamic_quantize_matmul(node, a, b, b_scale, b_zero=None, bias=None):
    """com.microsoft DynamicQuantizeMatMul: DynamicQuantizeLinear(a) times int8 b, scaled per column."""
    q, scale, zero = _dynamic_quantize_linear(node, a)
    y = _matmul_integer(node, q, b, zero, b_zero).astype(np.float32) * (scale * b_scale)
    return y if bias is None else y + bias


OPS = {
    "Add": lambda n, a, b: a + b,
    "Sub": lambda n, a, b: a - b,
    "Mul": lambda n, a, b: a * b,
    "Div": lambda n, a, b: (a // b) if np.issubdtype(a.dtype, np.integer) else a / b,
    "Pow": lambda n, a, b: np.power(a, b).astype(a.dtype),
    "Sqrt": lambda n, a: np.sqrt(a),
    "Erf": lambda n, a: _erf(a),
    "Tanh": lambda n, a: np.tanh(a),
    "Relu": lambda n, a: np.maximum(a, 0),
    "MatMul": lambda n, a, b: np.matmul(a, b),
    "MatMulInteger": _matmul_integer,
    "DynamicQuantizeLinear": _dynamic_quantize_linear,
    "DynamicQuantizeMatMul": _dynamic_quantize_matmul,
    "Gemm": _gemm,
    "Softmax": lambda n, a: (lambda e: e / e.sum(_attrs(n).get("axis", -1), keepdims=True))(
        np.exp(a - a.max(_attrs(n).get("axis", -1), keepdims=True))),
    "LayerNormalization": _layer_norm,
    "SkipLayerNormalization": _skip_layer_norm,
    "Equal": lambda n, a, b: a == b,
    "And": lambda n, a, b: a & b,
    "Where": lambda n, c, a, b: np.where(c, a, b),
    "Cast": lambda n, a: a.astype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[_attrs(n)["to"]]),
    "Shape": lambda n, a: np.array(a.shape, dtype=np.int64),
    "Constant": lambda n: numpy_helper.to_array(_attrs(n)["value"]),
    "ConstantOfShape": lambda n, shape: np.full([int(d) for d in shape],
                                                numpy_helper.to_array(_attrs(n)["value"])[0]
                                                if "value" in _attrs(n) else np.float32(0)),
    "Range": lambda n, start, limit, delta: np.arange(start, limit, delta, dtype=np.asarray(start).dtype),
    "CumSum": lambda n, a, axis: np.cumsum(a, axis=int(axis), dtype=a.dtype),
    "Gather": lambda n, data, idx: np.take(data, idx, axis=_attrs(n).get("axis", 0)),
    "GatherElements": lambda n, data, idx: np.take_along_axis(data, idx, axis=_attrs(n).get("axis", 0)),
    "Expand": lambda n, a, shape: a * np.ones([int(d) for d in shape], dtype=a.dtype),
    "Concat": lambda n, *xs: np.concatenate(xs, axis=_attrs(n)["axis"]),
    "Reshape": lambda n, a, shape: _reshape(a, shape),
    "Transpose": lambda n, a: np.transpose(a, _attrs(n).get("perm")),
    "Unsqueeze": lambda n, a, axes=None: np.expand_dims(a, _axes(n, [a, axes], 1)),
    "Squeeze": lambda n, a, axes=None: np.squeeze(a, _axes(n, [a, axes], 1)),
    "Slice": lambda n, *xs: _slice(*xs),
    "ReduceMean": lambda n, a, axes=None: a.mean(_axes(n, [a, axes], 1), keepdims=bool(_attrs(n).get("keepdims", 1))),
    "ReduceMax": lambda n, a, axes=None: a.max(_axes(n, [a, axes], 1), keepdims=bool(_attrs(n).get("keepdims", 1))),
}


_CACHE = {}


def run(model_path, feeds):
    """Evaluates the graph (a path or a loaded ModelProto) on the given inputs; returns {output name: array}."""
    if isinstance(model_path, onnx.ModelProto):
        # a loaded model's initializers are converted once (the last one is kept)
        if _CACHE.get("model") is not model_path:
            _CACHE.update(model=model_path, values={t.name: numpy_helper.to_array(t)
                                                    for t in model_path.graph.initializer})
        graph, values = model_path.graph, dict(_CACHE["values"])
    else:
        graph = onnx.load(model_path).graph
        values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    values.update(feeds)
    for node in graph.node:
        if node.op_type not in OPS:
            raise NotImplementedError(f"ONNX operator {node.op_type}")
        args = [values[name] if name else None for name in node.input]
        result = OPS[node.op_type](node, *args)
        for name, value in zip(node.output, result if isinstance(result, tuple) else (result,)):
            values[name] = np.asarray(value)
    return {o.name: values[o.name] for o in graph.output}
