import json
import math
import os
import tempfile
import time
import unittest
import unittest.mock

import torch

import support
from corpusgraph_train.datasets import Corpus, Example
from corpusgraph_train.evaluation import entity_scores, relation_scores
from corpusgraph_train.export import export_model_folder, load_model_folder
from corpusgraph_train.processing import PromptEncoder
from corpusgraph_train.recipe import Trainer, TrainConfig, focal_loss_with_logits, instance_loss, load_checkpoint
from corpusgraph_train.wordpiece import WordPieceTokenizer
from test_export import tiny

PEOPLE = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Marie Curie"]
PLACES = ["London", "Paris", "Boston", "Rome"]
FIRMS = ["Acme", "Initech", "Globex"]


def toy_corpora():
    ner, re_ = [], []
    for i, person in enumerate(PEOPLE):
        place, firm = PLACES[i], FIRMS[i % 3]
        words = person.split() + ["lived", "in", place, "and", "worked", "for", firm, "."]
        n = len(person.split())
        ner.append(Example(words, [(0, n - 1, "person"), (n + 2, n + 2, "location")]))
        re_.append(Example(words, [(0, n - 1, "person"), (n + 6, n + 6, "organization")],
                           [((0, n - 1), "work for", (n + 6, n + 6)), ((0, n - 1), "live in", (n + 2, n + 2))]))
    return {"toy_ner": Corpus("toy_ner", "ner", ["location", "person"], {"train": ner, "dev": ner}),
            "toy_re": Corpus("toy_re", "re", ["live in", "work for"], {"train": re_, "dev": re_})}


def toy_config(**overrides):
    values = dict(batch_size=4, encoder_lr=1e-3, head_lr=3e-3, warmup_steps=1, max_steps=40, eval_every=1000,
                  dev_per_corpus=4, dev_corpora=["toy_ner", "toy_re"], checkpoint_every=1000, log_every=1000,
                  head_dropout=0.0, corpus_weights={}, seed=3)
    values.update(overrides)
    return TrainConfig(**values)


class FocalLossTest(unittest.TestCase):
    def test_hand_computed_values(self):
        logits = torch.tensor([0.0, 0.0, 2.0])
        targets = torch.tensor([1.0, 0.0, 1.0])
        ln2, bce = math.log(2), math.log(1 + math.exp(-2.0))  # BCE at logit 2, target 1
        # gamma 0: alpha-weighted BCE (0.75 for positives, 0.25 for negatives)
        expected = [0.75 * ln2, 0.25 * ln2, 0.75 * bce]
        torch.testing.assert_close(focal_loss_with_logits(logits, targets, 0.75, 0.0), torch.tensor(expected))
        # gamma 2 at p = 0.5: (1 - 0.5) ** 2 = 0.25; at logit 2: (1 - sigmoid(2)) ** 2
        p = 1 / (1 + math.exp(-2.0))
        expected = [0.75 * 0.25 * ln2, 0.25 * 0.25 * ln2, 0.75 * (1 - p) ** 2 * bce]
        torch.testing.assert_close(focal_loss_with_logits(logits, targets, 0.75, 2.0), torch.tensor(expected))
        # alpha < 0: plain BCE
        torch.testing.assert_close(focal_loss_with_logits(logits, targets, -1, 0.0), torch.tensor([ln2, ln2, bce]))


class TrainerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tokenizer = WordPieceTokenizer.from_file(support.TOKENIZER_JSON)

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)

    def trainer(self, config, run_dir=None):
        model = tiny("markerV0")
        prompt_encoder = PromptEncoder(self.tokenizer, {"ent_token": "<<ENT>>", "sep_token": "<<SEP>>",
                                                        "max_len": 384}, 512)
        return Trainer(config, model, prompt_encoder, toy_corpora(), run_dir or self.folder.name, log=lambda _: None)

    def test_a_few_steps_decrease_the_loss(self):
        trainer = self.trainer(toy_config())
        instances, inputs = trainer.next_batch()
        before = instance_loss(trainer.model, inputs, instances, trainer.config).item()
        for _ in range(25):
            trainer.train_step()
        after = instance_loss(trainer.model, inputs, instances, trainer.config).item()
        self.assertLess(after, 0.7 * before)

    def test_time_budget_fits_the_whole_schedule_and_keeps_warm_up_a_tenth(self):
        trainer = self.trainer(toy_config(max_steps=100000, warmup_steps=600, eval_every=10))
        for _ in range(5):
            trainer.train_step()
        # 2 steps/s plus one 1 s evaluation per 10 steps -> 0.6 s a step -> 100 s hold 166 more steps
        trainer.fit_to_time_budget(100.0, 2.0, 1.0)
        self.assertEqual(trainer.config.max_steps, 5 + 166)
        self.assertEqual(trainer.config.warmup_steps, 17)
        # the schedule reads the config: warm-up ended, decay reaches 0 exactly at the fitted max_steps
        factor = trainer.schedule.lr_lambdas[0]
        self.assertAlmostEqual(factor(16), 1.0)
        self.assertAlmostEqual(factor(171), 0.0)
        self.assertGreater(factor(170), 0.0)
        # a budget that holds more than max_steps leaves the run alone
        trainer.fit_to_time_budget(1e9, 2.0, 1.0)
        self.assertEqual(trainer.config.max_steps, 171)

    def test_run_with_a_time_budget_ends_with_the_schedule(self):
        # patience beyond any count of evaluations: only the fitted schedule may end this run (with the
        # default patience a fast machine fits enough steps for early stopping to end it one step short)
        trainer = self.trainer(toy_config(max_steps=100000, warmup_steps=600, eval_every=5, patience=10 ** 6))
        summary = trainer.run(time_budget=3.0, calibration_steps=3)
        self.assertTrue(summary["finished"])
        self.assertEqual(summary["step"], trainer.config.max_steps)
        self.assertLess(trainer.config.max_steps, 100000)
        self.assertEqual(trainer.schedule.get_last_lr()[0], 0.0)
        with open(os.path.join(self.folder.name, "config.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f)["max_steps"], trainer.config.max_steps)

    def test_resume_takes_the_same_next_step(self):
        config = toy_config(checkpoint_every=2)
        first = self.trainer(config)
        first.run(stop_after=2)
        expected_loss = first.train_step()
        second = self.trainer(config)
        second.resume()
        self.assertEqual(second.step, 2)
        self.assertEqual(second.train_step(), expected_loss)
        for (name, a), b in zip(first.model.state_dict().items(), second.model.state_dict().values()):
            self.assertTrue(torch.equal(a, b), name)

    def test_a_deadline_ends_the_invocation_with_a_checkpoint_that_resumes(self):
        config = toy_config(max_steps=4, checkpoint_every=1000, eval_every=1000)
        first = self.trainer(config)
        first.run(stop_after=2)
        summary = first.run(deadline=time.time())  # a lease's call is over
        self.assertEqual((summary["step"], summary["finished"]), (2, False))
        second = self.trainer(config)
        second.resume()
        self.assertEqual(second.step, 2)
        self.assertEqual(second.run()["step"], 4)

    def test_evaluation_keeps_the_best_checkpoint_and_scores_both_tasks(self):
        trainer = self.trainer(toy_config(eval_every=5, max_steps=5))
        summary = trainer.run()
        self.assertEqual(summary["best_step"], 5)
        model, state = load_checkpoint(os.path.join(self.folder.name, "best.pt"))
        self.assertEqual(set(state["dev"]), {"toy_ner", "toy_re"})
        corpora = toy_corpora()
        scores = entity_scores(model, trainer.prompt_encoder, corpora["toy_ner"].splits["dev"], ["location", "person"])
        self.assertEqual(scores["gold"], 8)
        scores = relation_scores(model, trainer.prompt_encoder, corpora["toy_re"].splits["dev"],
                                 ["live in", "work for"])
        self.assertEqual(scores["gold"], 8)

    def test_patience_counts_only_once_the_model_finds_entities(self):
        trainer = self.trainer(toy_config(patience=2))
        dev_means = iter([0.0, 0.0, 0.0, 0.4, 0.3, 0.35])  # warm-up says no to everything, then a peak
        with unittest.mock.patch("corpusgraph_train.recipe.dev_scores",
                                 lambda *args: ({"toy_ner": 0.0}, next(dev_means))):
            stops = [trainer.evaluate() for _ in range(6)]
        self.assertEqual(stops, [False, False, False, False, False, True])
        self.assertEqual(trainer.best_score, 0.4)

    def test_sentences_longer_than_the_token_budget_are_scored_in_chunks(self):
        trainer = self.trainer(toy_config())
        words = ("Ada Lovelace lived in London and worked for Acme .".split()) * 60  # ~600 words, > 512 tokens
        self.assertIsNone(trainer.prompt_encoder.encode_pretokenized(words, ["person", "location"]))
        example = Example(words, [(0, 1, "person"), (len(words) - 7, len(words) - 7, "location")])
        scores = entity_scores(trainer.model, trainer.prompt_encoder, [example], ["person", "location"])
        self.assertEqual(scores["gold"], 2)

    def test_bf16_autocast_trains(self):
        trainer = self.trainer(toy_config(bf16=True))
        losses = [trainer.train_step() for _ in range(25)]
        self.assertTrue(all(math.isfinite(x) for x in losses))
        self.assertLess(sum(losses[-5:]), sum(losses[:5]))
        self.assertEqual(next(trainer.model.parameters()).dtype, torch.float32)  # weights stay fp32

    def test_checkpoint_every_n_minutes(self):
        trainer = self.trainer(toy_config(max_steps=3, checkpoint_minutes=1e-9))
        with unittest.mock.patch.object(trainer, "save_last", wraps=trainer.save_last) as save:
            trainer.run()
        self.assertEqual(save.call_count, 3)  # every step: the minutes have always passed

    def test_the_zero_shot_suite_is_never_trained_on(self):
        corpora = toy_corpora()
        corpora["nerdev_gum"] = Corpus("nerdev_gum", "ner", ["person"], {"train": corpora["toy_ner"].splits["train"]})
        prompt_encoder = PromptEncoder(self.tokenizer, {"ent_token": "<<ENT>>", "sep_token": "<<SEP>>",
                                                        "max_len": 384}, 512)
        with self.assertRaises(ValueError):
            Trainer(toy_config(), tiny("markerV0"), prompt_encoder, corpora, self.folder.name, log=lambda _: None)
        corpora["nerdev_gum"].splits = {"dev": corpora["toy_ner"].splits["dev"]}  # dev only: scored, not sampled
        trainer = Trainer(toy_config(dev_corpora=["toy_ner", "nerdev_gum"]), tiny("markerV0"), prompt_encoder,
                          corpora, self.folder.name, log=lambda _: None)
        self.assertNotIn("nerdev_gum", [c.name for c in trainer.sampler.corpora])
        self.assertIn("nerdev_gum", trainer.dev)

    def test_warm_start_from_a_model_folder(self):
        from corpusgraph_train.default_setup import warm_start
        trainer = self.trainer(toy_config())
        for _ in range(3):
            trainer.train_step()
        with open(support.TOKENIZER_JSON, encoding="utf-8") as f:
            base = json.load(f)
        folder = os.path.join(self.folder.name, "model")
        export_model_folder(trainer.model, "toy", base, folder)
        model, tokenizer = warm_start(folder, head_dropout=0.3)
        for (name, a), b in zip(trainer.model.state_dict().items(), model.state_dict().values()):
            self.assertTrue(torch.equal(a, b), name)
        head_dropouts = {m.p for n, m in model.named_modules() if isinstance(m, torch.nn.Dropout)
                         and not n.startswith("encoder")}
        self.assertEqual(head_dropouts, {0.3})
        self.assertEqual(tokenizer.token_id("<<ENT>>"), model.head.class_token_index)

    def test_export_matches_pytorch(self):
        import export_default
        trainer = self.trainer(toy_config())
        for _ in range(3):
            trainer.train_step()
        with open(support.TOKENIZER_JSON, encoding="utf-8") as f:
            base = json.load(f)
        folder = os.path.join(self.folder.name, "model")
        export_model_folder(trainer.model, "toy", base, folder)
        reloaded, _, _ = load_model_folder(folder)
        requests = [("Ada Lovelace lived in London .", ["person", "location"]),
                    (export_default.relation_text("Alan Turing worked for Acme ."), ["Alan Turing <> work for"])]
        parity = export_default.check_parity(trainer.model.eval(), trainer.prompt_encoder,
                                             os.path.join(folder, "model.onnx"), requests)
        self.assertEqual(parity["windows"], 2)
        self.assertLessEqual(parity["max_relative_difference"], 1e-4)


if __name__ == "__main__":
    unittest.main()
