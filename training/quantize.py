"""int8 and fp16-storage rewrites of a model folder's ONNX graph (python3-onnx only; ONNX Runtime's
Python quantization tools are not available here).

  quantize  model.onnx -> model_quantized.onnx: every MatMul whose second input is a weight (an
            initializer, or a Transpose of one, as torch exports nn.Linear) becomes an int8 MatMul
            with activations quantized at run time. Weights are symmetric int8 (zero point 0), one
            scale per output column (--per column, the default) or one per matrix (--per tensor).
              --scheme dqmm  com.microsoft DynamicQuantizeMatMul (one fused CPU kernel; the default)
              --scheme mmi   standard ops: DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul
            --skip REGEX keeps matching weights in fp32 (e.g. 'label_ffn|project_|out_project' for the
            span head, 'layers\\.0\\.' for the first layer). The float initializers that remain are
            stored as fp16 with a Cast (--store fp16, the default) or left as they are (--store fp32).
            --smooth ALPHA first applies SmoothQuant's migration with the activation ranges of
            training/calibrate_int8.py (--calibration FILE; --smooth-only REGEX limits it to some weights).
            --weight-bits 7 keeps weights in [-63, 63]: no 16-bit saturation on x86 CPUs without VNNI.
            With dqmm, the LayerNorms after a residual Add become com.microsoft SkipLayerNormalization and the
            bias Adds after an int8 MatMul move into it (fuse_cpu_kernels; --no-fuse leaves them).
            --span-head factored (the default, both commands) first computes a markerV0 span head's first
            projection per word instead of per span (corpusgraph_train/factored_head.py; exact, fewer FLOPs);
            as-exported leaves the graph's own form.
  fp16      model.onnx -> model.onnx: float initializers stored as fp16, each behind a Cast to fp32
            that ONNX Runtime folds when it loads the graph. Exact only when the weights are already
            fp16-representable (the shipped models are: they were rounded to fp16 when exported);
            refuses otherwise unless --lossy.

The pipeline picks model_quantized.onnx with `--variant int8` (and with `auto` on CPU); GLiNER's own
ONNX export uses the same file name.

Usage:
  /usr/bin/python3 training/quantize.py quantize MODEL_DIR [--out FILE] [--scheme dqmm|mmi]
        [--per column|tensor] [--skip REGEX] [--store fp16|fp32] [--smooth ALPHA --calibration FILE]
        [--weight-bits 8|7] [--span-head factored|as-exported] [--no-fuse]
  /usr/bin/python3 training/quantize.py fp16 MODEL_DIR [--out FILE] [--lossy] [--span-head factored|as-exported]
"""

import argparse
import os
import re
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from corpusgraph_train.factored_head import factor_span_head, factored_maxima
from corpusgraph_train.graph_edit import copy, prune, replace_initializers, replace_nodes

MS_DOMAIN = "com.microsoft"
# SmoothQuant's migration strength for the shipped int8 graphs, chosen on dev sentences by training/int8_fidelity.py
# (README "int8 on CPU": 0.5, 0.75, 0.9 and 1.0 tried; 0.9 halved the mean probability gap to fp32).
SMOOTH_ALPHA = 0.9
# Initializers smaller than this stay fp32 when stored as fp16: a Cast per LayerNorm bias saves nothing.
FP16_MIN_ELEMENTS = 4096


def weight_matmuls(graph):
    """[(matmul node, weight name, transposed)] for every MatMul whose B input is a weight."""
    initializers = {i.name for i in graph.initializer}
    producer = {out: node for node in graph.node for out in node.output}
    found = []
    for node in graph.node:
        if node.op_type != "MatMul":
            continue
        b = node.input[1]
        if b in initializers:
            found.append((node, b, False))
            continue
        p = producer.get(b)
        if p is not None and p.op_type == "Transpose" and p.input[0] in initializers:
            perm = [a.ints for a in p.attribute if a.name == "perm"]
            if perm and list(perm[0]) == [1, 0]:
                found.append((node, p.input[0], True))
    return found


def quantize_weight(w, per, bits=8):
    """Symmetric int8 of a [K, N] weight: (int8 [K, N], fp32 scale [N] or scalar). bits 7 keeps the values in
    [-63, 63] (ONNX Runtime's reduce_range): x86 CPUs without VNNI multiply uint8 activations by int8 weights
    with vpmaddubsw, whose 16-bit sum of two products saturates above 32767 (2 x 255 x 127 does; 2 x 255 x 63
    does not)."""
    qmax = 2 ** (bits - 1) - 1
    if per == "column":
        scale = np.abs(w).max(axis=0) / qmax
    else:
        scale = np.array(np.abs(w).max() / qmax, dtype=np.float32)
    scale = np.where(scale == 0, 1.0, scale).astype(np.float32)
    q = np.clip(np.rint(w / scale), -qmax, qmax).astype(np.int8)
    return q, scale


def _int8_nodes(scheme, a, y, base, qname, sname):
    """Nodes computing y = a @ dequant(q) from float activation a."""
    if scheme == "dqmm":
        return [helper.make_node("DynamicQuantizeMatMul", [a, qname, sname], [y], name=base + "/dqmm",
                                 domain=MS_DOMAIN)]
    aq, ascale, azp = base + "/a_q", base + "/a_scale", base + "/a_zp"
    acc, accf, both = base + "/acc", base + "/acc_f", base + "/scale"
    return [
        helper.make_node("DynamicQuantizeLinear", [a], [aq, ascale, azp], name=base + "/dql"),
        helper.make_node("MatMulInteger", [aq, qname, azp], [acc], name=base + "/mmi"),
        helper.make_node("Cast", [acc], [accf], name=base + "/cast", to=TensorProto.FLOAT),
        helper.make_node("Mul", [ascale, sname], [both], name=base + "/scales"),
        helper.make_node("Mul", [accf, both], [y], name=base + "/dequant"),
    ]


def quantize_graph(model, scheme="dqmm", per="column", skip=None, bits=8, fuse=True):
    """Rewrites the weight MatMuls of model in place (weights of `bits` 8 or 7, see quantize_weight), then, for
    the dqmm scheme and unless `fuse` is off, fuse_cpu_kernels; returns (quantized names, skipped names)."""
    graph = model.graph
    unfold_fp16(graph)
    inits = {i.name: i for i in graph.initializer}
    pattern = re.compile(skip) if skip else None
    done, kept = [], []
    replacements = {}  # MatMul output name -> its int8 nodes
    for node, wname, transposed in weight_matmuls(graph):
        if pattern is not None and pattern.search(wname):
            kept.append(wname)
            continue
        w = numpy_helper.to_array(inits[wname]).astype(np.float32)
        if transposed:
            w = w.T
        q, scale = quantize_weight(np.ascontiguousarray(w), per, bits)
        base = node.name or wname
        qname, sname = wname + "_int8", wname + "_scale"
        graph.initializer.extend([numpy_helper.from_array(q, qname), numpy_helper.from_array(scale, sname)])
        replacements[node.output[0]] = _int8_nodes(scheme, node.input[0], node.output[0], base, qname, sname)
        done.append(wname)
    replace_nodes(graph, [new for node in graph.node
                           for new in replacements.get(node.output[0], [copy(node)])])
    if scheme == "dqmm" and done and not any(o.domain == MS_DOMAIN for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid(MS_DOMAIN, 1))
    prune(graph)
    if scheme == "dqmm" and done and fuse:
        fuse_cpu_kernels(model)
    return done, kept


def fuse_cpu_kernels(model):
    """Two fusions ONNX Runtime does not make itself in a DynamicQuantizeMatMul graph, in place (both com.microsoft
    CPU kernels, like the int8 MatMuls, so only for the int8 graph):
      Add(residual, Add(bias, y)) -> LayerNormalization   becomes SkipLayerNormalization(y, residual, gamma, beta, bias)
      DynamicQuantizeMatMul -> Add(bias)                  becomes DynamicQuantizeMatMul(..., bias)
    Only where the intermediate sums feed nothing else, and not for the embeddings' LayerNorm (its position rows
    broadcast). Same sums, one pass over memory instead of two or three. Returns (LayerNorms fused, biases fused)."""
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    producer = {out: node for node in graph.node for out in node.output}
    readers, consumer = {}, {}  # value name -> how many nodes read it, and the first of them
    for node in graph.node:
        for name in node.input:
            readers[name] = readers.get(name, 0) + 1
            consumer.setdefault(name, node)

    def bias_add(name):
        """(y, the 1-D bias initializer) when `name` is the output of Add(bias, y), else None."""
        node = producer.get(name)
        if node is None or node.op_type != "Add":
            return None
        biases = [i for i in node.input if i in inits and len(inits[i].dims) == 1]
        return ([i for i in node.input if i != biases[0]][0], biases[0]) if len(biases) == 1 else None

    new, dropped = {}, set()
    for norm in graph.node:
        total = producer.get(norm.input[0]) if norm.op_type == "LayerNormalization" else None
        axis = next((a.i for a in norm.attribute if a.name == "axis"), -1)
        if total is None or total.op_type != "Add" or readers[total.output[0]] != 1 or axis not in (-1, 2) \
                or len(norm.input) < 3 or any(producer.get(i) is None or producer[i].op_type == "Gather"
                                              for i in total.input):
            continue
        inputs = list(total.input) + list(norm.input[1:3])
        for side, other in ((0, 1), (1, 0)):
            biased = bias_add(total.input[side])
            if biased and readers[total.input[side]] == 1:
                inputs = [biased[0], total.input[other], norm.input[1], norm.input[2], biased[1]]
                dropped.add(total.input[side])
                break
        dropped.add(total.output[0])
        epsilon = next((a.f for a in norm.attribute if a.name == "epsilon"), 1e-5)
        new[norm.output[0]] = helper.make_node("SkipLayerNormalization", inputs, [norm.output[0]],
                                               name=norm.name + "/skip", domain=MS_DOMAIN, epsilon=epsilon)
    norms = len(new)
    for node in graph.node:
        add = consumer.get(node.output[0])
        if node.op_type != "DynamicQuantizeMatMul" or len(node.input) > 3 or readers.get(node.output[0]) != 1 \
                or add is None or add.output[0] in dropped:
            continue
        biased = bias_add(add.output[0])
        if biased is None or biased[0] != node.output[0]:
            continue
        new[node.output[0]] = helper.make_node("DynamicQuantizeMatMul", list(node.input) + ["", biased[1]],
                                               [add.output[0]], name=node.name, domain=MS_DOMAIN)
        dropped.add(add.output[0])
    replace_nodes(graph, [new.get(n.output[0], copy(n)) for n in graph.node if n.output[0] not in dropped])
    prune(graph)
    return norms, len(new) - norms


def smooth_graph(model, maxima, alpha, only=None):
    """SmoothQuant's migration (Xiao et al. 2023), in place, before quantize_graph: for the weight MatMuls that
    read one activation x, s_j = max|x_j|^alpha / max|W_j.|^(1-alpha) over input channel j; x is divided by s (one
    Mul per activation, shared by the MatMuls reading it) and each weight's row j multiplied by s_j. The product
    is unchanged; the activation that DynamicQuantizeMatMul quantizes with one range per tensor loses its
    outlier channels, and the weights, quantized per column, take them. `maxima`: {weight name: per-input-
    channel max |x|} (training/calibrate_int8.py); `only`: a regex of the weight names whose input is smoothed
    (default all). Returns the number of activations smoothed."""
    graph = model.graph
    unfold_fp16(graph)
    inits = {i.name: i for i in graph.initializer}
    groups = {}  # activation name -> [(node, weight name, transposed)]
    pattern = re.compile(only) if only else None
    for node, wname, transposed in weight_matmuls(graph):
        if wname in maxima and (pattern is None or pattern.search(wname)):
            groups.setdefault(node.input[0], []).append((node, wname, transposed))
    inserted = {}  # name of the first MatMul of a group -> its Mul node
    for x, members in groups.items():
        weights = {}
        for _, wname, transposed in members:
            w = numpy_helper.to_array(inits[wname]).astype(np.float32)
            weights[wname] = (w.T if transposed else w, transposed)  # [K, N]
        act = np.max([np.asarray(maxima[w], dtype=np.float32) for w in weights], axis=0)
        wmax = np.max([np.abs(w).max(axis=1) for w, _ in weights.values()], axis=0)
        if act.shape != wmax.shape:
            raise SystemExit(f"quantize.py: calibration of {list(weights)} has {act.shape[0]} channels, the weights "
                             f"{wmax.shape[0]}")
        scale = np.where((act > 0) & (wmax > 0), act ** alpha / np.maximum(wmax, 1e-8) ** (1 - alpha), 1.0)
        scale = np.clip(scale, 1e-4, 1e4).astype(np.float32)
        for wname, (w, transposed) in weights.items():
            smoothed = w * scale[:, None]
            inits[wname].CopyFrom(numpy_helper.from_array((smoothed.T if transposed else smoothed).astype(np.float32),
                                                           wname))
        inverse = x + "_smooth_inv"
        graph.initializer.append(numpy_helper.from_array((1.0 / scale).astype(np.float32), inverse))
        smoothed_x = x + "_smoothed"
        inserted[members[0][0].name or members[0][0].output[0]] = helper.make_node(
            "Mul", [x, inverse], [smoothed_x], name=x + "/smooth")
        for node, _, _ in members:
            node.input[0] = smoothed_x
    nodes = []
    for node in graph.node:
        key = node.name or node.output[0]
        if key in inserted:
            nodes.append(inserted[key])
        nodes.append(copy(node))
    replace_nodes(graph, nodes)
    return len(groups)


def unfold_fp16(graph):
    """Undoes store_fp16: each fp16 initializer behind a Cast to fp32 becomes the fp32 initializer again."""
    halves = {i.name: i for i in graph.initializer if i.data_type == TensorProto.FLOAT16}
    casts = [n for n in graph.node if n.op_type == "Cast" and n.input[0] in halves]
    if not casts:
        return
    graph.initializer.extend(numpy_helper.from_array(
        numpy_helper.to_array(halves[n.input[0]]).astype(np.float32), n.output[0]) for n in casts)
    done = {n.output[0] for n in casts}
    replace_nodes(graph, [copy(n) for n in graph.node if not (n.op_type == "Cast" and n.output[0] in done)])
    prune(graph)


def store_fp16(model, lossy=False):
    """Float initializers of FP16_MIN_ELEMENTS or more stored as fp16 behind a Cast; returns their count."""
    graph = model.graph
    casts, stored = [], []
    for init in list(graph.initializer):
        if init.data_type != TensorProto.FLOAT or int(np.prod(init.dims)) < FP16_MIN_ELEMENTS:
            continue
        w = numpy_helper.to_array(init)
        half = w.astype(np.float16)
        if not lossy and not np.array_equal(half.astype(np.float32), w):
            raise SystemExit(f"quantize.py: {init.name} is not fp16-representable; storing it as fp16 would "
                             f"change the model (pass --lossy to accept that)")
        stored.append((init.name, half))
    names = {name for name, _ in stored}
    replace_initializers(graph, [copy(i) for i in graph.initializer if i.name not in names])
    for name, half in stored:
        graph.initializer.append(numpy_helper.from_array(half, name + "_fp16"))
        casts.append(helper.make_node("Cast", [name + "_fp16"], [name], name=name + "/to_fp32",
                                      to=TensorProto.FLOAT))
    replace_nodes(graph, casts + [copy(n) for n in graph.node])
    return len(stored)


def factored_head(model):
    """factor_span_head (corpusgraph_train/factored_head.py) on a graph whose weights may be stored fp16."""
    unfold_fp16(model.graph)
    return factor_span_head(model)


def write_shipped_graphs(folder, calibration=None, bits=8):
    """What every model the project ships gets: model.onnx stored as fp16 when that is exact, and
    model_quantized.onnx beside it (the default recipe: with `calibration`, the activation ranges of
    training/calibrate_int8.py, SmoothQuant at SMOOTH_ALPHA first). Returns a one-line summary."""
    source = os.path.join(folder, "model.onnx")
    model = onnx.load(source)
    factored = factored_head(model)
    try:
        halved = store_fp16(model)
        onnx.save(model, source)
        stored = f"model.onnx: {halved} initializers stored fp16" + (", span head factored" if factored else "")
    except SystemExit as refusal:
        stored = f"model.onnx kept fp32 ({refusal})"
    model = onnx.load(source)
    factored_head(model)  # again when model.onnx could not be stored fp16 (and was not saved factored)
    smoothed = smooth_graph(model, factored_maxima(calibration), SMOOTH_ALPHA) if calibration else 0
    done, _ = quantize_graph(model, bits=bits)
    store_fp16(model, lossy=True)
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(folder, "model_quantized.onnx"))
    how = f", {smoothed} activations smoothed (alpha {SMOOTH_ALPHA})" if smoothed else ""
    how += f", {bits}-bit weights" if bits != 8 else ""
    return f"{stored}; model_quantized.onnx: {len(done)} weight MatMuls int8{how}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    q = sub.add_parser("quantize", help="model.onnx -> model_quantized.onnx (int8 weight MatMuls)")
    q.add_argument("model_dir")
    q.add_argument("--out", help="default MODEL_DIR/model_quantized.onnx")
    q.add_argument("--scheme", choices=["dqmm", "mmi"], default="dqmm")
    q.add_argument("--per", choices=["column", "tensor"], default="column")
    q.add_argument("--skip", help="regex of weight names kept in fp32")
    q.add_argument("--weight-bits", type=int, choices=[7, 8], default=8,
                   help="7: weights in [-63, 63], no 16-bit saturation on x86 CPUs without VNNI")
    q.add_argument("--store", choices=["fp16", "fp32"], default="fp16")
    q.add_argument("--no-fuse", action="store_true", help="leave out fuse_cpu_kernels (SkipLayerNormalization, "
                                                          "the biases inside DynamicQuantizeMatMul)")
    q.add_argument("--smooth", type=float, metavar="ALPHA", help="SmoothQuant migration strength (e.g. 0.5)")
    q.add_argument("--smooth-only", metavar="REGEX", help="smooth only the inputs of these weights")
    q.add_argument("--calibration", help="activation ranges (training/calibrate_int8.py; default "
                                          "MODEL_DIR/int8-calibration.npz)")
    h = sub.add_parser("fp16", help="model.onnx stored with fp16 initializers (Cast to fp32 in the graph)")
    h.add_argument("model_dir")
    h.add_argument("--out", help="default: MODEL_DIR/model.onnx, rewritten")
    h.add_argument("--lossy", action="store_true")
    for command in (q, h):
        command.add_argument("--span-head", choices=["factored", "as-exported"], default="factored",
                             help="factored: the span head's first projection per word (corpusgraph_train/"
                                  "factored_head.py; exact, faster); as-exported: the graph's own form")
    args = parser.parse_args(argv)

    source = os.path.join(args.model_dir, "model.onnx")
    model = onnx.load(source)
    before = os.path.getsize(source)
    if args.command == "quantize":
        out = args.out or os.path.join(args.model_dir, "model_quantized.onnx")
        smoothed = 0
        factored = args.span_head == "factored" and factored_head(model)
        if args.smooth is not None:
            calibration = args.calibration or os.path.join(args.model_dir, "int8-calibration.npz")
            with np.load(calibration) as stats:
                smoothed = smooth_graph(model, factored_maxima(dict(stats)), args.smooth, args.smooth_only)
        done, kept = quantize_graph(model, args.scheme, args.per, args.skip, args.weight_bits, not args.no_fuse)
        if not done:
            raise SystemExit("quantize.py: no weight MatMul found to quantize in " + source)
        halved = store_fp16(model, lossy=True) if args.store == "fp16" else 0
        what = f"{len(done)} weight MatMuls int8 ({args.scheme}, per {args.per}, {args.weight_bits}-bit), {len(kept)} kept fp32"
        what += f", {halved} initializers stored fp16"
        if smoothed:
            what += f", {smoothed} activations smoothed (alpha {args.smooth})"
    else:
        out = args.out or source
        factored = args.span_head == "factored" and factored_head(model)
        what = f"{store_fp16(model, args.lossy)} initializers stored fp16"
    if factored:
        what += ", span head factored"
    onnx.checker.check_model(model)
    onnx.save(model, out)
    print(f"{out}: {what}; {before / 1e6:.1f} MB -> {os.path.getsize(out) / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
