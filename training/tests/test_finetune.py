"""finetune.py: LoRA merge, fusion inside the exported graph (ONNX/PyTorch parity), gold readers, and a
tiny-model finetune end to end (seconds)."""

import copy
import json
import os
import tempfile
import unittest

import numpy as np
import torch

import numpy_onnx
import support
from corpusgraph_train.datasets import Example
from corpusgraph_train.export import export_model_folder, load_model_folder, token_limit
from corpusgraph_train.finetuning import chosen_epoch, hold_out, split_to_fit
from corpusgraph_train.gold import parse_label_map, read_gold
from corpusgraph_train.lora import LoRALinear, add_lora, has_lora, merge_lora, trainable_parameters
from corpusgraph_train.processing import PromptEncoder, batch_tensors

TINY_SPAN = os.path.join(support.MODELS, "tiny-span")

FRUIT = [
    ("I ate an apple and a banana in Paris", ["O", "O", "O", "B-Fruit", "O", "O", "B-Fruit", "O", "B-LOC"]),
    ("Maria bought three mangoes", ["B-PER", "O", "O", "B-Fruit"]),
    ("The pear was ripe", ["O", "B-Fruit", "O", "O"]),
    ("John likes kiwi fruit from Rome", ["B-PER", "O", "B-Fruit", "I-Fruit", "O", "B-LOC"]),
    ("Oranges grow in Spain", ["B-Fruit", "O", "O", "B-LOC"]),
    ("Anna sold cherries in Berlin", ["B-PER", "O", "B-Fruit", "O", "B-LOC"]),
    ("A lemon and a lime", ["O", "B-Fruit", "O", "O", "B-Fruit"]),
    ("Peter met Anna in London", ["B-PER", "O", "B-PER", "O", "B-LOC"]),
]

SPERT = [
    {"tokens": "Ada Lovelace grows apples in Kent".split(),
     "entities": [{"type": "PER", "start": 0, "end": 2}, {"type": "Fruit", "start": 3, "end": 4},
                  {"type": "LOC", "start": 5, "end": 6}],
     "relations": [{"type": "Grows", "head": 0, "tail": 1}]},
    {"tokens": "Alan Turing grows pears".split(),
     "entities": [{"type": "PER", "start": 0, "end": 2}, {"type": "Fruit", "start": 3, "end": 4}],
     "relations": [{"type": "Grows", "head": 0, "tail": 1}]},
    {"tokens": "Grace Hopper grows plums near Boston".split(),
     "entities": [{"type": "PER", "start": 0, "end": 2}, {"type": "Fruit", "start": 3, "end": 4},
                  {"type": "LOC", "start": 5, "end": 6}],
     "relations": [{"type": "Grows", "head": 0, "tail": 1}]},
    {"tokens": "Marie Curie grows figs".split(),
     "entities": [{"type": "PER", "start": 0, "end": 2}, {"type": "Fruit", "start": 3, "end": 4}],
     "relations": [{"type": "Grows", "head": 0, "tail": 1}]},
]


def write_conll(path, sentences=FRUIT, separator="\t"):
    with open(path, "w", encoding="utf-8") as f:
        f.write("-DOCSTART- O\n\n")
        for text, tags in sentences:
            for word, tag in zip(text.split(), tags):
                f.write(f"{word}{separator}{tag}\n")
            f.write("\n")


def windows(prompt_encoder, labels, texts=("Anna ate a mango in Rome .", "Pears")):
    return [prompt_encoder.prepare(t, labels).encoded[0] for t in texts]


class LoraTest(unittest.TestCase):
    def setUp(self):
        self.model, self.config, self.tokenizer = load_model_folder(TINY_SPAN)
        self.prompt_encoder = PromptEncoder(self.tokenizer, self.config, token_limit(self.config))
        inputs = batch_tensors(windows(self.prompt_encoder, ["fruit", "person"]), self.model.head.max_width)
        self.args = [inputs[name] for name in self.model.input_names]

    def test_adapters_start_at_the_base_model_and_train_only_adapters_and_heads(self):
        with torch.no_grad():
            before = self.model(*self.args)
        names = add_lora(self.model, rank=4, alpha=8, dropout=0.0)
        self.assertEqual(len(names), 6 * len(self.model.encoder.layers))
        self.model.eval()
        with torch.no_grad():
            torch.testing.assert_close(self.model(*self.args), before)  # B = 0 at the start
        trainable = {n for n, p in self.model.named_parameters() if p.requires_grad}
        self.assertTrue(all(".lora_" in n or not n.startswith("encoder.") for n in trainable), trainable)
        self.assertTrue(any(n.startswith("label_ffn.") for n in trainable))
        self.assertTrue(any(n.startswith("out_project.") for n in trainable))
        self.assertFalse(self.model.encoder.embeddings.word_embeddings.weight.requires_grad)
        self.assertLess(trainable_parameters(self.model), sum(p.numel() for p in self.model.parameters()))

    def test_merged_weights_give_the_outputs_of_the_adapters(self):
        original_keys = set(self.model.state_dict())
        add_lora(self.model, rank=4, alpha=8, dropout=0.1)
        torch.manual_seed(0)
        with torch.no_grad():
            for module in self.model.modules():
                if isinstance(module, LoRALinear):
                    module.lora_b.normal_(0, 0.05)  # as after training: B != 0
        self.model.eval()
        with torch.no_grad():
            with_adapters = self.model(*self.args)
            merged = merge_lora(copy.deepcopy(self.model))
            self.assertFalse(has_lora(merged))
            self.assertEqual(set(merged.state_dict()), original_keys, "the base model's parameter names")
            torch.testing.assert_close(merged(*self.args), with_adapters, rtol=1e-4, atol=1e-4)
            base = load_model_folder(TINY_SPAN)[0]
            self.assertGreater((base(*self.args) - with_adapters).abs().max().item(), 1e-3, "the adapters do act")


class FusionExportTest(unittest.TestCase):
    """The exported graph computes what PyTorch computes, with fusion (alpha 0.5) and without (alpha 1)."""

    def export_and_compare(self, alpha):
        model, config, tokenizer = load_model_folder(TINY_SPAN)
        model.head.fusion_alpha = alpha
        prompt_encoder = PromptEncoder(tokenizer, config, token_limit(config))
        inputs = batch_tensors(windows(prompt_encoder, ["fruit", "person", "location"]), model.head.max_width)
        args = [inputs[name] for name in model.input_names]
        with open(os.path.join(TINY_SPAN, "tokenizer.json"), encoding="utf-8") as f:
            tokenizer_json = json.load(f)
        with tempfile.TemporaryDirectory() as folder, torch.no_grad():
            export_model_folder(model, "fused", tokenizer_json, folder)
            expected = model(*args).numpy()
            actual = numpy_onnx.run(os.path.join(folder, "model.onnx"),
                                    {name: inputs[name].numpy() for name in model.input_names})["logits"]
            np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=1e-4)
            reloaded, reloaded_config, _ = load_model_folder(folder)
            self.assertEqual(reloaded_config["head_config"]["fusion_alpha"], alpha)
            self.assertTrue(np.array_equal(reloaded(*args).numpy(), expected))
        return expected

    def test_parity_with_and_without_fusion(self):
        plain = self.export_and_compare(1.0)
        fused = self.export_and_compare(0.5)
        self.assertGreater(np.abs(plain - fused).max(), 1e-3, "fusion changes the scores")
        with torch.no_grad():  # alpha 1 is the base model exactly
            model, config, tokenizer = load_model_folder(TINY_SPAN)
            prompt_encoder = PromptEncoder(tokenizer, config, token_limit(config))
            inputs = batch_tensors(windows(prompt_encoder, ["fruit", "person", "location"]), model.head.max_width)
            np.testing.assert_array_equal(model(*[inputs[n] for n in model.input_names]).numpy(), plain)


class GoldReaderTest(unittest.TestCase):
    def test_conll_spert_jsonl_and_label_map(self):
        label_map = parse_label_map(["PER=Person", "loc=location"])
        self.assertEqual(label_map, {"per": "person", "loc": "location"})
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "train.txt")
            write_conll(path, separator=" ")  # space-separated, -DOCSTART- line
            examples = read_gold(f"conll:{path}", label_map).examples
            self.assertEqual(len(examples), len(FRUIT))
            self.assertEqual(examples[3].spans, [(0, 0, "person"), (2, 3, "fruit"), (5, 5, "location")])
            spert = os.path.join(folder, "gold.json")
            with open(spert, "w", encoding="utf-8") as f:
                json.dump(SPERT, f)
            first = read_gold(f"spert:{spert}", label_map).examples[0]
            self.assertEqual(first.spans, [(0, 1, "person"), (3, 3, "fruit"), (5, 5, "location")])
            self.assertEqual(first.relations, [((0, 1), "grows", (3, 3))])
            jsonl = os.path.join(folder, "gold.jsonl")
            with open(jsonl, "w", encoding="utf-8") as f:
                f.write(json.dumps({"text": "Zoë 🍎 grows apples, and pineapples.",
                                    "entities": [{"start": 0, "end": 3, "label": "PER"},
                                                 {"start": 12, "end": 18, "type": "Fruit"},
                                                 {"start": 29, "end": 34, "label": "Fruit"}],  # inside a word
                                    "relations": [{"head": 0, "tail": 1, "label": "Grows"},
                                                  {"head": 0, "tail": 2, "label": "Grows"}]}) + "\n\n")
            gold = read_gold(f"jsonl:{jsonl}", label_map)
            self.assertEqual(gold.skipped_entities, 1)
            x = gold.examples[0]
            self.assertEqual(x.words[:4], ["Zoë", "🍎", "grows", "apples"])
            self.assertEqual(x.spans, [(0, 0, "person"), (3, 3, "fruit")])
            self.assertEqual(x.relations, [((0, 0), "grows", (3, 3))])
            with self.assertRaises(ValueError):
                read_gold(f"bio:{path}")

    def test_hold_out_and_split_to_fit(self):
        examples = [Example(["w"] * 3, [(0, 0, "a")]) for _ in range(10)]
        train, dev = hold_out(examples, 0.2, 1)
        self.assertEqual((len(train), len(dev)), (8, 2))
        long = Example([f"w{i}" for i in range(12)], [(4, 7, "a"), (10, 11, "b")], [((4, 7), "r", (10, 11))])
        parts = split_to_fit(long, lambda words: len(words) <= 6)
        self.assertEqual([len(p.words) for p in parts], [4, 4, 4])  # never cut inside the entity 4-7
        self.assertEqual([p.spans for p in parts], [[], [(0, 3, "a")], [(2, 3, "b")]])
        self.assertEqual(sum(len(p.relations) for p in parts), 0)


class KeepTest(unittest.TestCase):
    def test_chosen_epoch(self):
        jumpy = [0.2, 0.6, 0.3, 0.5, 0.6, 0.5]  # dev F1 on a handful of held-out sentences
        self.assertEqual(chosen_epoch(jumpy, "best"), 1)  # the earlier of the tie
        self.assertEqual(chosen_epoch(jumpy, "last"), 5)
        self.assertEqual(chosen_epoch(jumpy[:1], "best"), 0)
        with self.assertRaises(ValueError):
            chosen_epoch(jumpy, "smoothed")


class FinetuneTinyTest(unittest.TestCase):
    """finetune.py on the tiny test model: a few seconds, every output file, the folder loads again."""

    def test_lora_with_relations_and_fusion(self):
        import finetune
        with tempfile.TemporaryDirectory() as folder:
            conll, spert = os.path.join(folder, "train.conll"), os.path.join(folder, "rel.json")
            write_conll(conll)
            with open(spert, "w", encoding="utf-8") as f:
                json.dump(SPERT, f)
            out = os.path.join(folder, "model")
            report = finetune.main(["--base", os.path.join(TINY_SPAN, "model.onnx"), "--train", f"conll:{conll}",
                                    "--train", f"spert:{spert}", "--output", out, "--label-map", "per=person",
                                    "--label-map", "loc=location", "--fusion-alpha", "0.5", "--epochs", "2", "--min-steps", "0",
                                    "--no-general", "--forgetting-check", "0", "--threads", "1", "--quiet"])
            self.assertEqual(sorted(os.listdir(out)), ["MODEL_CARD.md", "finetune.json", "gliner_config.json",
                                                       "model.onnx", "model_quantized.onnx", "tokenizer.json"])
            self.assertEqual(report["entity_types"], ["fruit", "location", "person"])
            self.assertEqual(report["relation_types"], ["grows"])
            self.assertIn("relations", report["dev_after"])
            self.assertEqual(report["settings"]["method"], "lora")
            self.assertEqual(report["training"]["steps"], report["training"]["steps_planned"])
            self.assertIn("held out", report["dev_note"])
            self.assertEqual(len(report["data"][0]["sha256"]), 64)
            self.assertLess(report["parity"]["max_relative_difference"], 1e-4)
            with open(os.path.join(out, "gliner_config.json"), encoding="utf-8") as f:
                config = json.load(f)
            self.assertEqual((config["fusion_alpha"], config["head_config"]["fusion_alpha"]), (0.5, 0.5))
            self.assertEqual(config["finetuned_from"], "tiny-span")
            model, _, _ = load_model_folder(out)  # an ordinary folder: no adapters, the base's names
            self.assertEqual(model.head.fusion_alpha, 0.5)
            with open(os.path.join(out, "finetune.json"), encoding="utf-8") as f:
                self.assertEqual(json.load(f)["dev_after"], report["dev_after"])

    def test_full_method_learns_a_new_type(self):
        import finetune
        with tempfile.TemporaryDirectory() as folder:
            conll = os.path.join(folder, "train.conll")
            write_conll(conll)
            report = finetune.main(["--base", TINY_SPAN, "--train", f"conll:{conll}", "--dev", f"conll:{conll}",
                                    "--output", os.path.join(folder, "model"), "--method", "full", "--lr", "1e-3",
                                    "--head-lr", "1e-3", "--epochs", "4", "--min-steps", "12", "--no-general", "--forgetting-check", "0",
                                    "--parity", "0", "--no-quantize", "--threads", "1", "--quiet"])
            self.assertIn("--dev", report["dev_note"])
            # 8 sentences are one batch a epoch: --min-steps 12 raises 4 epochs to 12
            self.assertEqual((report["training"]["epochs_planned"], report["training"]["steps"]), (12, 12))
            self.assertGreater(report["dev_after"]["entities"], report["dev_before"]["entities"])
            self.assertGreater(report["dev_after"]["entities"], 0.6)


class CommandTest(unittest.TestCase):
    def test_bin_corpusgraph_dispatches_to_finetune_py_without_java(self):
        import subprocess
        done = subprocess.run([os.path.join(support.ROOT, "bin", "corpusgraph"), "finetune", "--help"],
                              capture_output=True, text=True, timeout=60, env=dict(os.environ, JAVA_HOME="/nonexistent"))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("--fusion-alpha", done.stdout)
        self.assertIn("--label-map", done.stdout)


if __name__ == "__main__":
    unittest.main()
