"""The span head's first output projection computed per word instead of per span: an exact rewrite of a
markerV0 graph (python3-onnx and NumPy only) that both graphs of a model folder get when they are written.

markerV0 scores span (s, e) with out_project(ReLU([start(s); end(e)])), whose first layer is
W [E, 2H] · ReLU([a; b]) + c = W_s · ReLU(a) + W_e · ReLU(b) + c. The graph as exported gathers start and end
rows for all W × max_width spans, concatenates them and multiplies there: 12 times the rows it needs. Factored:

  ReLU(start reps [B, W, H]) · W_s^T + c   -> P_s [B, W, E]        (per word, bias included once)
  ReLU(end reps   [B, W, H]) · W_e^T       -> P_e [B, W, E]
  P_s[b, start(span)] + P_e[b, end(span)]  -> the same [B, S, E] the projection's bias Add gave before

The row gathers use Gather on [B * W, E] with flat indices (b * W + word) instead of GatherElements over an
index tensor expanded to [B, S, H]. Everything after the first projection is unchanged. The two halves of the
weight are stored as FACTORED_NAMES (plain [H, E] MatMul weights, so the int8 rewrite finds them), and
`joined_weights` puts them back together for PyTorch.
"""

import numpy as np
from onnx import helper, numpy_helper

from .graph_edit import copy, prune, replace_nodes

WEIGHT = "out_project.0.weight"
BIAS = "out_project.0.bias"
FACTORED_NAMES = (WEIGHT + ".start", WEIGHT + ".end")  # [H, E] each: W[:, :H].T and W[:, H:].T


def factor_span_head(model):
    """Rewrites model's span head in place (weights stored fp32, not behind fp16 Casts: quantize.unfold_fp16 first); returns True, or False when the graph does not hold the exported
    markerV0 pattern (another span mode, a public export of another shape, a graph factored already)."""
    graph = model.graph
    found = _exported_pattern(graph)
    if found is None:
        return False
    matmul, add, (start_rows, start_idx), (end_rows, end_idx), weight, transposed = found
    inits = {i.name: i for i in graph.initializer}
    w = numpy_helper.to_array(inits[weight]).astype(np.float32)
    w = w if transposed else w.T  # [E, 2H] as nn.Linear stores it
    hidden = w.shape[1] // 2
    width = w.shape[0]
    graph.initializer.extend([
        numpy_helper.from_array(np.ascontiguousarray(w[:, :hidden].T), FACTORED_NAMES[0]),
        numpy_helper.from_array(np.ascontiguousarray(w[:, hidden:].T), FACTORED_NAMES[1]),
        numpy_helper.from_array(np.array([-1, width], dtype=np.int64), "factored/rows_shape"),
        numpy_helper.from_array(np.array(0, dtype=np.int64), "factored/zero"),
        numpy_helper.from_array(np.array(1, dtype=np.int64), "factored/one"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "factored/axis1"),
        numpy_helper.from_array(np.array([2], dtype=np.int64), "factored/axis2"),
    ])
    bias = add.input[0] if add.input[1] == matmul.output[0] else add.input[1]
    n = "factored/"
    new = [
        # flat row index of each span's start and end word: b * W + word
        helper.make_node("Shape", [start_rows], [n + "shape"], name=n + "Shape"),
        helper.make_node("Gather", [n + "shape", "factored/zero"], [n + "batch"], name=n + "Batch", axis=0),
        helper.make_node("Gather", [n + "shape", "factored/one"], [n + "words"], name=n + "Words", axis=0),
        helper.make_node("Range", ["factored/zero", n + "batch", "factored/one"], [n + "rows"], name=n + "Range"),
        helper.make_node("Mul", [n + "rows", n + "words"], [n + "first_row"], name=n + "FirstRow"),
        helper.make_node("Unsqueeze", [n + "first_row", "factored/axis1"], [n + "offset"], name=n + "Offset"),
    ]
    sums = []
    for side, rows, idx, wname, with_bias in (("start", start_rows, start_idx, FACTORED_NAMES[0], True),
                                              ("end", end_rows, end_idx, FACTORED_NAMES[1], False)):
        p = n + side + "/"
        projected = p + "projected"
        new += [
            helper.make_node("Relu", [rows], [p + "relu"], name=p + "Relu"),
            helper.make_node("MatMul", [p + "relu", wname], [p + "matmul"], name=p + "MatMul"),
        ]
        if with_bias:
            new.append(helper.make_node("Add", [p + "matmul", bias], [projected], name=p + "Add"))
        else:
            projected = p + "matmul"
        new += [
            helper.make_node("Reshape", [projected, "factored/rows_shape"], [p + "flat"], name=p + "Flat"),
            helper.make_node("Squeeze", [idx, "factored/axis2"], [p + "word"], name=p + "Word"),
            helper.make_node("Add", [p + "word", n + "offset"], [p + "row"], name=p + "Row"),
            helper.make_node("Gather", [p + "flat", p + "row"], [p + "spans"], name=p + "Gather", axis=0),
        ]
        sums.append(p + "spans")
    new.append(helper.make_node("Add", sums, [add.output[0]], name=n + "Sum"))
    replaced = add.output[0]
    nodes = []
    for node in graph.node:
        if node.output[0] == replaced:
            nodes.extend(new)  # where the bias Add was: its consumers come after it
        else:
            nodes.append(copy(node))
    replace_nodes(graph, nodes)
    prune(graph)
    return True


def joined_weights(stored):
    """{name: array} of a graph's initializers with FACTORED_NAMES joined back into WEIGHT [E, 2H]."""
    if all(name in stored for name in FACTORED_NAMES) and WEIGHT not in stored:
        stored = dict(stored)
        start, end = (stored.pop(name) for name in FACTORED_NAMES)
        stored[WEIGHT] = np.concatenate([np.asarray(start).T, np.asarray(end).T], axis=1)
    return stored


def factored_maxima(maxima):
    """Calibration ranges (training/calibrate_int8.py, keyed by PyTorch weight name) for the factored weights: the
    halves of the joined input's ranges. Every word starts and ends a width-1 span, so the ranges over spans'
    starts (ends) are the ranges over all words' start (end) representations."""
    if WEIGHT not in maxima:
        return maxima
    joined = np.asarray(maxima[WEIGHT])
    hidden = joined.shape[0] // 2
    return {**maxima, FACTORED_NAMES[0]: joined[:hidden], FACTORED_NAMES[1]: joined[hidden:]}


def _exported_pattern(graph):
    """(MatMul, bias Add, (start rows, start index), (end rows, end index), weight name, transposed) or None:
    out_project.0's MatMul reading ReLU(Concat(GatherElements(rows, Expand(index)) x 2))."""
    initializers = {i.name for i in graph.initializer}
    producer = {out: node for node in graph.node for out in node.output}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    for node in graph.node:
        if node.op_type != "MatMul":
            continue
        weight, transposed = _weight_of(node.input[1], initializers, producer)
        if weight != WEIGHT:
            continue
        relu = producer.get(node.input[0])
        concat = producer.get(relu.input[0]) if relu is not None and relu.op_type == "Relu" else None
        if concat is None or concat.op_type != "Concat" or len(concat.input) != 2:
            return None
        sides = []
        for name in concat.input:
            gather = producer.get(name)
            expand = producer.get(gather.input[1]) if gather is not None and gather.op_type == "GatherElements" \
                else None
            if expand is None or expand.op_type != "Expand":
                return None
            sides.append((gather.input[0], expand.input[0]))
        users = consumers.get(node.output[0], [])
        if len(users) != 1 or users[0].op_type != "Add":
            return None
        add = users[0]
        if not any(name in initializers or name == BIAS for name in add.input if name != node.output[0]):
            return None
        return node, add, sides[0], sides[1], weight, transposed
    return None


def _weight_of(name, initializers, producer):
    if name in initializers:
        return name, False
    p = producer.get(name)
    if p is not None and p.op_type == "Transpose" and p.input[0] in initializers:
        return p.input[0], True
    return None, False
