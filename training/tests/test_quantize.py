import os
import tempfile
import unittest

import numpy as np
import onnx
import torch
from onnx import numpy_helper

import numpy_onnx
import support
from corpusgraph_train.export import load_model_folder, token_limit
from corpusgraph_train.factored_head import FACTORED_NAMES, factored_maxima
from corpusgraph_train.processing import PromptEncoder, batch_tensors

import calibrate_int8
import quantize

TINY_SPAN = os.path.join(support.MODELS, "tiny-span")
TEXTS = ("Ada Lovelace met Alan Turing in London .", "Paris is big", "Grace Hopper visited Boston today")


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


class QuantizeTest(unittest.TestCase):
    """The graph rewrites, run by the NumPy interpreter against the fp32 graph of the tiny span model."""

    @classmethod
    def setUpClass(cls):
        model, config, tokenizer = load_model_folder(TINY_SPAN)
        encoder = PromptEncoder(tokenizer, config, token_limit(config))
        windows = [encoder.prepare(t, ["person", "location", "date"]).encoded[0] for t in TEXTS]
        inputs = batch_tensors(windows, model.head.max_width)
        cls.feeds = {name: inputs[name].numpy() for name in model.input_names}
        cls.source = onnx.load(os.path.join(TINY_SPAN, "model.onnx"))
        cls.fp32 = numpy_onnx.run(os.path.join(TINY_SPAN, "model.onnx"), cls.feeds)["logits"]
        cls.folder = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def rewritten(self, name, **options):
        model = onnx.ModelProto()
        model.CopyFrom(self.source)
        done, kept = quantize.quantize_graph(model, **options)
        onnx.checker.check_model(model)
        path = os.path.join(self.folder.name, name + ".onnx")
        onnx.save(model, path)
        return numpy_onnx.run(path, self.feeds)["logits"], done, kept

    def test_every_weight_matmul_is_found_and_rewritten(self):
        weights = [w for _, w, _ in quantize.weight_matmuls(self.source.graph)]
        self.assertGreater(len(weights), 4)
        _, done, kept = self.rewritten("all")
        self.assertEqual(sorted(done), sorted(weights))
        self.assertEqual(kept, [])

    def test_int8_probabilities_stay_close_to_fp32(self):
        for per in ("column", "tensor"):
            logits, _, _ = self.rewritten("dqmm-" + per, per=per)
            self.assertEqual(logits.shape, self.fp32.shape)
            gap = np.abs(sigmoid(logits) - sigmoid(self.fp32)).max()
            self.assertLess(gap, 0.05, per)
            self.assertFalse(np.array_equal(logits, self.fp32), "the graph did change")

    def test_cpu_fusions_keep_the_sums_and_leave_the_embeddings_layer_norm(self):
        plain, _, _ = self.rewritten("unfused", fuse=False)
        model = onnx.ModelProto()
        model.CopyFrom(self.source)
        quantize.quantize_graph(model)
        onnx.checker.check_model(model)
        ops = [n.op_type for n in model.graph.node]
        layers = sum(1 for n in self.source.graph.node if n.op_type == "LayerNormalization") - 1
        self.assertEqual(ops.count("SkipLayerNormalization"), layers)
        self.assertEqual(ops.count("LayerNormalization"), 1)  # the embeddings': position rows broadcast
        biased = [n for n in model.graph.node if n.op_type == "DynamicQuantizeMatMul" and len(n.input) == 5]
        self.assertGreater(len(biased), 4)
        path = os.path.join(self.folder.name, "fused.onnx")
        onnx.save(model, path)
        np.testing.assert_allclose(numpy_onnx.run(path, self.feeds)["logits"], plain, rtol=1e-4, atol=1e-4)

    def test_fused_and_standard_ops_compute_the_same(self):
        fused, _, _ = self.rewritten("dqmm", scheme="dqmm")
        standard, _, _ = self.rewritten("mmi", scheme="mmi")
        np.testing.assert_allclose(fused, standard, rtol=1e-5, atol=1e-5)

    def smoothed(self, name, alpha, quantized):
        model = onnx.ModelProto()
        model.CopyFrom(self.source)
        count = quantize.smooth_graph(model, self.maxima(), alpha)
        if quantized:
            quantize.quantize_graph(model)
        onnx.checker.check_model(model)
        path = os.path.join(self.folder.name, name + ".onnx")
        onnx.save(model, path)
        return numpy_onnx.run(path, self.feeds)["logits"], count

    def maxima(self):
        """The calibration script's ranges, measured on the PyTorch twin with these very inputs."""
        model, _, _ = load_model_folder(TINY_SPAN)
        feeds = {name: torch.from_numpy(value) for name, value in self.feeds.items()}
        return calibrate_int8.channel_maxima(model, lambda: model(**feeds))

    def test_calibration_covers_every_weight_matmul(self):
        weights = {w for _, w, _ in quantize.weight_matmuls(self.source.graph)}
        self.assertTrue(weights <= set(self.maxima()), weights - set(self.maxima()))

    def test_smoothing_keeps_the_fp32_product_and_the_int8_graph_close(self):
        logits, count = self.smoothed("smooth-fp32", 0.5, quantized=False)
        self.assertGreater(count, 2)
        np.testing.assert_allclose(logits, self.fp32, rtol=1e-3, atol=1e-3)
        logits, _ = self.smoothed("smooth-int8", 0.5, quantized=True)
        self.assertLess(np.abs(sigmoid(logits) - sigmoid(self.fp32)).max(), 0.05)

    def test_skipped_weights_stay_fp32(self):
        logits, done, kept = self.rewritten("skip", skip=r".")
        self.assertEqual(done, [])
        self.assertGreater(len(kept), 0)
        np.testing.assert_array_equal(logits, self.fp32)

    def test_symmetric_per_column_weights_round_within_half_a_step(self):
        w = np.random.default_rng(0).normal(size=(16, 5)).astype(np.float32)
        w[:, 3] = 0
        q, scale = quantize.quantize_weight(w, "column")
        self.assertEqual(q.dtype, np.int8)
        self.assertEqual(scale.shape, (5,))
        self.assertLessEqual(np.abs(q).max(), 127)
        self.assertTrue(np.all(np.abs(q * scale - w) <= scale / 2 + 1e-7))

    def test_seven_bit_weights_cannot_saturate_a_16_bit_pair_sum(self):
        # vpmaddubsw (x86 without VNNI) adds two uint8 x int8 products in int16: 8-bit weights can exceed it
        w = np.random.default_rng(1).normal(size=(32, 4)).astype(np.float32)
        for bits, limit in ((8, 127), (7, 63)):
            q, scale = quantize.quantize_weight(w, "column", bits)
            self.assertEqual(np.abs(q).max(), limit)
            self.assertTrue(np.all(np.abs(q * scale - w) <= scale / 2 + 1e-7))
            worst = 255 * (np.abs(q[0::2].astype(np.int32)) + np.abs(q[1::2].astype(np.int32))).max()
            self.assertEqual(worst <= 32767, bits == 7, bits)

    def test_fp16_storage_is_exact_for_fp16_weights_and_refuses_otherwise(self):
        model = onnx.ModelProto()
        model.CopyFrom(self.source)
        with self.assertRaises(SystemExit):
            quantize.store_fp16(model)
        rounded = onnx.ModelProto()
        rounded.CopyFrom(self.source)
        for init in rounded.graph.initializer:
            if init.data_type == onnx.TensorProto.FLOAT:
                init.CopyFrom(numpy_helper.from_array(
                    numpy_helper.to_array(init).astype(np.float16).astype(np.float32), init.name))
        fp32_path = os.path.join(self.folder.name, "rounded.onnx")
        onnx.save(rounded, fp32_path)
        self.assertGreater(quantize.store_fp16(rounded), 0)
        half_path = os.path.join(self.folder.name, "rounded-fp16.onnx")
        onnx.save(rounded, half_path)
        self.assertLess(os.path.getsize(half_path), 0.6 * os.path.getsize(fp32_path))
        np.testing.assert_array_equal(numpy_onnx.run(half_path, self.feeds)["logits"],
                                      numpy_onnx.run(fp32_path, self.feeds)["logits"])

    def test_shipped_graphs_reload_and_quantize_from_fp16_storage(self):
        from corpusgraph_train.export import load_model_folder as load
        import shutil
        folder = os.path.join(self.folder.name, "shipped")
        shutil.copytree(TINY_SPAN, folder)
        rounded = onnx.load(os.path.join(folder, "model.onnx"))
        for init in rounded.graph.initializer:
            if init.data_type == onnx.TensorProto.FLOAT:
                init.CopyFrom(numpy_helper.from_array(
                    numpy_helper.to_array(init).astype(np.float16).astype(np.float32), init.name))
        onnx.save(rounded, os.path.join(folder, "model.onnx"))
        before = numpy_onnx.run(os.path.join(folder, "model.onnx"), self.feeds)["logits"]
        summary = quantize.write_shipped_graphs(folder, self.maxima())
        self.assertIn("stored fp16", summary)
        self.assertIn("span head factored", summary)
        self.assertIn("activations smoothed", summary)
        np.testing.assert_allclose(numpy_onnx.run(os.path.join(folder, "model.onnx"), self.feeds)["logits"], before,
                                   rtol=1e-5, atol=1e-5)
        int8 = numpy_onnx.run(os.path.join(folder, "model_quantized.onnx"), self.feeds)["logits"]
        self.assertLess(np.abs(sigmoid(int8) - sigmoid(before)).max(), 0.05)
        model, _, _ = load(folder)
        self.assertEqual(model.encoder.embeddings.word_embeddings.weight.dtype, torch.float32)
        with torch.no_grad():  # the factored weights joined again: the PyTorch twin gives the graph's logits
            twin = model(**{name: torch.from_numpy(value) for name, value in self.feeds.items()}).numpy()
        np.testing.assert_allclose(twin, before, rtol=1e-4, atol=1e-4)

    def test_the_factored_span_head_gives_the_pytorch_models_logits(self):
        # golden: PyTorch's markerV0 forward (concatenate, then project per span) on the same inputs
        model, _, _ = load_model_folder(TINY_SPAN)
        with torch.no_grad():
            golden = model(**{name: torch.from_numpy(value) for name, value in self.feeds.items()}).numpy()
        factored = onnx.ModelProto()
        factored.CopyFrom(self.source)
        self.assertTrue(quantize.factored_head(factored))
        onnx.checker.check_model(factored, full_check=True)
        ops = [n.op_type for n in factored.graph.node]
        self.assertNotIn("GatherElements", ops)
        self.assertNotIn("out_project.0.weight", {i.name for i in factored.graph.initializer})
        path = os.path.join(self.folder.name, "factored.onnx")
        onnx.save(factored, path)
        logits = numpy_onnx.run(path, self.feeds)["logits"]
        self.assertEqual(logits.shape, golden.shape)
        np.testing.assert_allclose(logits, golden, rtol=1e-4, atol=1e-4)
        self.assertFalse(quantize.factored_head(factored), "a factored graph is left as it is")
        # its int8 rewrite quantizes both halves, smoothed with the halves of the joined input's ranges
        count = quantize.smooth_graph(factored, factored_maxima(self.maxima()), 0.5)
        done, _ = quantize.quantize_graph(factored)
        self.assertTrue(set(FACTORED_NAMES) <= set(done), done)
        self.assertGreater(count, 2)
        onnx.save(factored, path)
        int8 = numpy_onnx.run(path, self.feeds)["logits"]
        self.assertLess(np.abs(sigmoid(int8) - sigmoid(golden)).max(), 0.05)

    def test_a_graph_without_the_exported_span_head_is_not_factored(self):
        token_model = onnx.load(os.path.join(support.MODELS, "tiny-token", "model.onnx"))
        self.assertFalse(quantize.factored_head(token_model))


if __name__ == "__main__":
    unittest.main()
