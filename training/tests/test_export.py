import json
import os
import tempfile
import unittest

import numpy as np
import onnx
import torch

import numpy_onnx
import support
from corpusgraph_train.conll import Sentence
from corpusgraph_train.encoder import BertEncoder, EncoderConfig
from corpusgraph_train.export import export_model_folder, load_model_folder, token_limit
from corpusgraph_train.model import HeadConfig, build_model
from corpusgraph_train.processing import PromptEncoder, batch_tensors
from corpusgraph_train.training import train
from corpusgraph_train.wordpiece import WordPieceTokenizer

SENTENCES = [Sentence(words, spans) for words, spans in [
    ("Ada Lovelace lived in London".split(), [(0, 1, "per"), (4, 4, "loc")]),
    ("Paris is big".split(), [(0, 0, "loc")]),
    ("Alan Turing met Ada".split(), [(0, 1, "per"), (3, 3, "per")]),
    ("rain in Rome and Oslo today".split(), [(2, 2, "loc"), (4, 4, "loc")]),
    ("nothing here".split(), []),
    ("Grace Hopper visited Boston".split(), [(0, 1, "per"), (3, 3, "loc")]),
    ("Berlin".split(), [(0, 0, "loc")]),
    ("Marie Curie and Pierre Curie in Paris".split(), [(0, 1, "per"), (3, 4, "per"), (6, 6, "loc")]),
]]
TYPES = {"per": "person", "loc": "location"}


def tiny(span_mode, legacy=False):
    torch.manual_seed(0)
    encoder = BertEncoder(EncoderConfig(vocab_size=30524, hidden_size=32, num_layers=1, num_heads=2,
                                        intermediate_size=64, embedding_size=8, dropout=0.0))
    return build_model(encoder, HeadConfig(span_mode=span_mode, class_token_index=30522, expansion=1,
                                           dropout=0.0, legacy_token_layout=legacy))


class ExportRoundTripTest(unittest.TestCase):
    """Train a few steps, export, check the graph, reload, and run the graph with NumPy."""

    @classmethod
    def setUpClass(cls):
        with open(support.TOKENIZER_JSON, encoding="utf-8") as f:
            cls.base_tokenizer = json.load(f)
        cls.tokenizer = WordPieceTokenizer(cls.base_tokenizer)

    def round_trip(self, model, expected_dims):
        config = {"ent_token": "<<ENT>>", "sep_token": "<<SEP>>", "max_len": 384,
                  "max_width": model.head.max_width}
        prompt_encoder = PromptEncoder(self.tokenizer, config, 512)
        train(model, SENTENCES, prompt_encoder, TYPES, ["date"], steps=3, seed=1, batch_size=4, log=lambda _: None)
        with tempfile.TemporaryDirectory() as folder:
            export_model_folder(model, "test", self.base_tokenizer, folder)
            path = os.path.join(folder, "model.onnx")
            graph = onnx.load(path).graph
            onnx.checker.check_model(onnx.load(path), full_check=True)
            self.assertEqual([i.name for i in graph.input], model.input_names)
            dims = [d.dim_value or d.dim_param for d in graph.output[0].type.tensor_type.shape.dim]
            self.assertEqual(dims, expected_dims)

            reloaded, gliner_config, tokenizer = load_model_folder(folder)
            self.assertEqual(token_limit(gliner_config), 512)
            self.assertEqual(tokenizer.tokenize_word("<<ENT>>"), [gliner_config["class_token_index"]])
            windows = [prompt_encoder.prepare(t, ["person", "location", "date"]).encoded[0]
                       for t in ("Ada Lovelace met Alan Turing in London .", "Paris")]
            inputs = batch_tensors(windows, model.head.max_width)
            args = [inputs[name] for name in model.input_names]
            with torch.no_grad():
                expected = model(*args).numpy()
                self.assertTrue(np.array_equal(reloaded(*args).numpy(), expected))
            feeds = {name: inputs[name].numpy() for name in model.input_names}
            actual = numpy_onnx.run(path, feeds)["logits"]
            self.assertEqual(actual.shape, expected.shape)
            np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=1e-4)

    def test_span_model(self):
        self.round_trip(tiny("markerV0"), ["batch", "words", 12, "classes"])

    def test_token_model(self):
        self.round_trip(tiny("token_level"), ["batch", "words", "classes", 3])

    def test_token_model_in_the_older_layout(self):
        self.round_trip(tiny("token_level", legacy=True), [3, "batch", "words", "classes"])


@unittest.skipUnless(os.path.exists(support.MINILM_ONNX), "run training/fetch_encoder.sh for the MiniLM check")
class OnnxEncoderTest(unittest.TestCase):
    def test_torch_encoder_matches_the_onnx_graph(self):
        from corpusgraph_train.encoder import load_onnx_encoder
        encoder = load_onnx_encoder(support.MINILM_ONNX).eval()
        tokenizer = WordPieceTokenizer.from_file(support.TOKENIZER_JSON)
        ids = [tokenizer.encode_words(s.split())[0] for s in ("A man plays a guitar .", "Stocks fell .")]
        input_ids = np.zeros((2, max(map(len, ids))), dtype=np.int64)
        for b, row in enumerate(ids):
            input_ids[b, :len(row)] = row
        mask = (input_ids != 0).astype(np.int64)
        expected = numpy_onnx.run(support.MINILM_ONNX, {"input_ids": input_ids, "attention_mask": mask,
                                                        "token_type_ids": np.zeros_like(input_ids)})["output_0"]
        with torch.no_grad():
            actual = encoder(torch.from_numpy(input_ids), torch.from_numpy(mask)).numpy()
        np.testing.assert_allclose(actual * mask[..., None], expected * mask[..., None], atol=1e-4)


if __name__ == "__main__":
    unittest.main()
