"""The default model's training recipe (GLiNER's, see training/README.md):

  mixed batches of prompted instances (sampling.MixedSampler) -> span model logits [B, W, K, C]
  -> focal loss over the real (span, label) cells -> AdamW with two learning rates (encoder / rest)
  -> linear warm-up then linear decay -> gradient clipping
  every eval_every steps: dev scores on a fixed sample; the best model is kept; training stops when
  the dev score has not improved for `patience` evaluations (GLiNER got worse with longer training).
  every checkpoint_every steps: last.pt with optimizer, scheduler, sampler and torch RNG states, so
  `--resume` continues with exactly the step an uninterrupted run would have taken.
"""

import json
import os
import random
import time
from dataclasses import dataclass, field, asdict

import torch
from torch.nn import functional as F

from .encoder import BertEncoder, EncoderConfig
from .evaluation import entity_scores, relation_scores
from .model import HeadConfig, build_model
from .processing import batch_tensors
from .sampling import MixedSampler, PromptOptions
from .training import span_targets


@dataclass
class TrainConfig:
    """Every knob of a run; stored as config.json in the run folder."""
    # The shipped model's run (training/README.md "How the recipe was chosen"): bge-small-en-v1.5, which
    # beat all-MiniLM-L6-v2 by ~4 dev points at every step compared; batch 96 with learning rates scaled
    # up from GLiNER's batch 8 / 1e-5 / 5e-5, which learnt far slower in the same time; max_steps is what
    # the GPU lease's time budget gave (train_default.py --time-budget).
    encoder: str = "bge-small-en-v15"   # langchain4j encoder (training/fetch_encoder.sh)
    max_steps: int = 9960               # the schedule's length; early stopping may end sooner
    batch_size: int = 96
    length_buckets: int = 8             # draw this many batches at once and group them by length (1: off)
    encoder_lr: float = 6e-5
    head_lr: float = 2.5e-4             # label FFN and span-marker head
    weight_decay: float = 0.01
    warmup_steps: int = 492
    max_grad_norm: float = 10.0
    focal_alpha: float = 0.75
    focal_gamma: float = 0.0
    head_dropout: float = 0.4           # GLiNER's dropout in the head's FFNs
    max_width: int = 12
    eval_every: int = 500
    dev_per_corpus: int = 200           # fixed dev sample per scored corpus
    dev_corpora: list = field(default_factory=lambda: ["conll2003", "wnut17", "bc5cdr", "ncbi_disease", "conll04"])
    # evaluations without a better dev score before stopping. The dev sample is small and plateaus
    # while the learning rate is high: the shipped run stopped at patience 6 (step 6000, best 3000), was
    # resumed without it and peaked at 7000 as the rate decayed; 8 lets a repeat reach that point.
    patience: int = 8
    checkpoint_every: int = 1000        # last.pt (model + optimizer, ~460 MB for bge-small)
    log_every: int = 50
    seed: int = 42
    corpus_temperature: float = 0.5     # corpus chosen with probability ~ size ** temperature
    corpus_weights: dict = field(default_factory=lambda: {"conll04": 4.0})
    prompt: dict = field(default_factory=dict)  # PromptOptions overrides
    # v2 (train_v2.py sets these; the defaults keep v1's recipe)
    data: str = "v1"                    # "v2": datasets.load_v2_corpora and PromptOptions.v2()
    shipped: bool = True                # v2: leave out non-commercial corpora (label_names.CORPORA)
    init_from: str = ""                 # a model folder (model.onnx) to warm-start from, instead of the encoder
    bf16: bool = False                  # bf16 autocast of the forward pass and loss (CPU or CUDA)
    checkpoint_minutes: float = 0.0     # also write last.pt when this many minutes passed since the last one
    wordnet: bool = False               # v2: add the WordNet-typed corpus (datasets.wordnet_types)
    wordnet_nouns: bool = True          # with wordnet: type common nouns too (false: the gold names only)

    def to_json(self):
        return asdict(self)


def focal_loss_with_logits(logits, targets, alpha, gamma):
    """Per-cell focal loss (Lin et al.): alpha_t * (1 - p_t) ** gamma * BCE, as GLiNER uses it.

    alpha weighs positives (alpha) against negatives (1 - alpha); alpha < 0 turns the weighting off."""
    bce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    if gamma:
        p = torch.sigmoid(logits)
        p_t = p * targets + (1 - p) * (1 - targets)
        bce = bce * (1 - p_t) ** gamma
    if alpha >= 0:
        bce = bce * (alpha * targets + (1 - alpha) * (1 - targets))
    return bce


def instance_loss(model, inputs, instances, config):
    """Summed focal loss over valid spans and real labels, divided by the batch size."""
    logits = model(*(inputs[name] for name in model.input_names)).float()  # the loss in fp32 under bf16 autocast
    batch, num_words = logits.size(0), logits.size(1)
    examples = [(None, labels, spans) for _, labels, spans in instances]
    targets = span_targets(examples, num_words, model.head.max_width).to(logits.device)
    label_counts = torch.tensor([len(labels) for _, labels, _ in instances], device=logits.device)
    label_valid = torch.arange(targets.size(-1), device=logits.device)[None, :] < label_counts[:, None]
    mask = inputs["span_mask"].view(batch, num_words, -1)[..., None] & label_valid[:, None, None, :]
    losses = focal_loss_with_logits(logits, targets, config.focal_alpha, config.focal_gamma)
    return (losses * mask).sum() / batch


def parameter_groups(model, config):
    """Two learning rates: the pretrained encoder moves slowly, the new layers faster."""
    encoder = [p for p in model.encoder.parameters()]
    encoder_ids = {id(p) for p in encoder}
    rest = [p for p in model.parameters() if id(p) not in encoder_ids]
    return [{"params": encoder, "lr": config.encoder_lr}, {"params": rest, "lr": config.head_lr}]


def linear_schedule(optimizer, config):
    """Linear warm-up then linear decay to 0 at max_steps; reads `config` at every step, so a run that
    fits its length to a time budget (Trainer.fit_to_time_budget) changes the schedule in place."""
    def factor(step):
        if step < config.warmup_steps:
            return (step + 1) / config.warmup_steps
        return max(0.0, (config.max_steps - step) / max(1, config.max_steps - config.warmup_steps))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def architecture(model):
    """What `load_checkpoint` needs to rebuild the model without the original encoder file."""
    return {"encoder": model.encoder.config.to_json(), "head": model.head.to_json()}


def load_checkpoint(path):
    """(span model in eval mode, checkpoint dict) from last.pt or best.pt."""
    state = torch.load(path, map_location="cpu")
    encoder = BertEncoder(EncoderConfig(**state["architecture"]["encoder"]))
    model = build_model(encoder, HeadConfig(**state["architecture"]["head"]))
    model.load_state_dict(state["model"])
    return model.eval(), state


def dev_sample(corpora, config):
    """{corpus: fixed examples}: the same dev sentences at every evaluation and after a resume."""
    rng = random.Random(config.seed)
    sample = {}
    for name in config.dev_corpora:
        dev = corpora[name].splits.get("dev", [])
        sample[name] = rng.sample(dev, min(len(dev), config.dev_per_corpus))
    return sample


def dev_scores(model, prompt_encoder, corpora, sample):
    """{corpus: f1} and their mean (the score the best checkpoint is chosen by)."""
    scores = {}
    for name, examples in sample.items():
        corpus = corpora[name]
        if corpus.task == "re":
            scores[name] = relation_scores(model, prompt_encoder, examples, corpus.types)["f1"]
        else:
            scores[name] = entity_scores(model, prompt_encoder, examples, corpus.types)["f1"]
    return scores, sum(scores.values()) / max(1, len(scores))


class Trainer:
    """Runs the recipe in `run_dir`: config.json, log.jsonl (one line per evaluation), last.pt, best.pt."""

    def __init__(self, config, model, prompt_encoder, corpora, run_dir, log=print, device="cpu"):
        self.device = torch.device(device)
        self.config, self.model, self.prompt_encoder = config, model.to(self.device), prompt_encoder
        self.corpora, self.run_dir, self.log = corpora, run_dir, log
        options = PromptOptions.v2(**config.prompt) if config.data == "v2" else PromptOptions(**config.prompt)
        leaked = [name for name, c in corpora.items() if name.startswith("nerdev_") and c.splits.get("train")]
        if leaked:
            raise ValueError(f"the zero-shot suite is never trained on: {leaked} have a train split")
        self.sampler = MixedSampler(corpora, options, config.seed, config.corpus_temperature, config.corpus_weights)
        self.optimizer = torch.optim.AdamW(parameter_groups(model, config), weight_decay=config.weight_decay)
        self.schedule = linear_schedule(self.optimizer, config)
        self.dev = dev_sample(corpora, config)
        self.pending = []  # drawn batches not trained on yet (see next_batch)
        self.step, self.best_score, self.best_step, self.evals_since_best = 0, -1.0, 0, 0
        torch.manual_seed(config.seed)
        os.makedirs(run_dir, exist_ok=True)

    # ------------------------------------------------------------------ batches and steps

    def next_batch(self):
        """A batch of instances that fit the model's token limit, and their tensors.

        Padding to the longest instance doubled the work of mixed batches, so `length_buckets`
        batches are drawn together (still from mixed corpora), sorted by token count and cut into
        batches that are then taken in random order."""
        if not self.pending:
            drawn = []
            while len(drawn) < self.config.batch_size * self.config.length_buckets:
                instance = self.sampler.instance()
                window = self.prompt_encoder.encode_pretokenized(instance[0], instance[1])
                if window is not None:
                    drawn.append((instance, window))
            drawn.sort(key=lambda item: len(item[1].input_ids))
            size = self.config.batch_size
            self.pending = [drawn[i:i + size] for i in range(0, len(drawn), size)]
            self.sampler.rng.shuffle(self.pending)
        batch = self.pending.pop()
        inputs = batch_tensors([w for _, w in batch], self.model.head.max_width)
        return [instance for instance, _ in batch], {k: v.to(self.device, non_blocking=True) for k, v in inputs.items()}

    def train_step(self):
        return float(self._step())

    def _step(self):
        """One optimisation step; the loss stays on the device (no host sync), so on a GPU the next
        batch is prepared in Python while this one computes."""
        self.model.train()
        instances, inputs = self.next_batch()
        if self.config.bf16:
            with torch.autocast(self.device.type, dtype=torch.bfloat16):
                loss = instance_loss(self.model, inputs, instances, self.config)
            loss = loss.float()
        else:
            loss = instance_loss(self.model, inputs, instances, self.config)
        self.optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.config.max_grad_norm)
        self.optimizer.step()
        self.schedule.step()
        self.step += 1
        return loss.detach()

    # ------------------------------------------------------------------ checkpoints

    def _save(self, name, payload):
        path = os.path.join(self.run_dir, name)
        torch.save(payload, path + ".tmp")
        os.replace(path + ".tmp", path)  # a crash mid-write leaves the previous checkpoint intact

    def save_last(self):
        self.saved_at = time.time()
        self._save("last.pt", {
            "step": self.step, "model": self.model.state_dict(), "optimizer": self.optimizer.state_dict(),
            "schedule": self.schedule.state_dict(), "sampler": self.sampler.state(), "pending": self.pending,
            "torch_rng": torch.get_rng_state(), "best_score": self.best_score, "best_step": self.best_step,
            "evals_since_best": self.evals_since_best, "config": self.config.to_json(),
            "architecture": architecture(self.model)})

    def resume(self):
        state = torch.load(os.path.join(self.run_dir, "last.pt"), map_location=self.device, weights_only=False)  # holds pending windows
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.schedule.load_state_dict(state["schedule"])
        self.sampler.restore(state["sampler"])
        self.pending = state["pending"]
        torch.set_rng_state(state["torch_rng"].cpu())
        self.step, self.best_score = state["step"], state["best_score"]
        self.best_step, self.evals_since_best = state["best_step"], state["evals_since_best"]
        self.log(f"resumed at step {self.step} (best dev {self.best_score:.4f} at step {self.best_step})")

    # ------------------------------------------------------------------ evaluation

    def evaluate(self):
        """Scores the dev sample; keeps best.pt; returns True when patience has run out."""
        started = time.time()
        rng_state = torch.get_rng_state()  # evaluation must not change the training's random stream
        scores, mean = dev_scores(self.model, self.prompt_encoder, self.corpora, self.dev)
        torch.set_rng_state(rng_state)
        improved = mean > self.best_score
        if improved:
            self.best_score, self.best_step, self.evals_since_best = mean, self.step, 0
            self._save("best.pt", {"step": self.step, "model": self.model.state_dict(), "dev": scores,
                                   "config": self.config.to_json(), "architecture": architecture(self.model)})
        elif self.best_score > 0:
            # Patience starts once the model finds entities at all: during warm-up it says no to
            # everything (dev F1 0) for a while, and that is no reason to stop.
            self.evals_since_best += 1
        record = {"step": self.step, "dev": scores, "dev_mean": mean, "best_step": self.best_step,
                  "seconds": round(time.time() - started, 1)}
        with open(os.path.join(self.run_dir, "log.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        rounded = json.dumps({name: round(f1, 4) for name, f1 in scores.items()})
        self.log(f"eval step {self.step}: dev mean F1 {mean:.4f} {rounded}"
                 f" ({record['seconds']}s){' *best*' if improved else ''}")
        return self.evals_since_best >= self.config.patience

    # ------------------------------------------------------------------ the loop

    def _write_config(self):
        with open(os.path.join(self.run_dir, "config.json"), "w", encoding="utf-8") as f:
            json.dump(self.config.to_json(), f, indent=2)

    def fit_to_time_budget(self, seconds_left, steps_per_second, eval_seconds):
        """Shortens max_steps so that the rest of the run (steps and dev evaluations) ends within
        `seconds_left`; warm-up is kept at most a tenth of the run. Used on a lent GPU with a fixed
        lease: the schedule then decays to 0 inside the lease instead of being cut off mid-way."""
        config = self.config
        seconds_per_step = 1.0 / steps_per_second + eval_seconds / config.eval_every
        steps = self.step + int(seconds_left / seconds_per_step)
        if steps < config.max_steps:
            config.max_steps = max(self.step + 1, steps)
            config.warmup_steps = min(config.warmup_steps, max(1, config.max_steps // 10))
            self.log(f"time budget: {seconds_left:.0f}s left at {steps_per_second:.1f} steps/s -> max_steps "
                     f"{config.max_steps}, warmup_steps {config.warmup_steps}")

    def run(self, stop_after=None, time_budget=None, calibration_steps=200, deadline=None):
        """Trains until max_steps, early stopping, `stop_after` more steps (a session's share), or the
        wall-clock `deadline` (time.time() value: a lease's call ends; last.pt is written, resume later).

        With `time_budget` (seconds), after `calibration_steps` steps the run takes its speed over the
        latest steps (the log window, past the slow first ones) and the time of one dev evaluation, then
        fits max_steps to the time left (fit_to_time_budget)."""
        config = self.config
        started_at = time.time()
        self._write_config()
        last_step = config.max_steps if stop_after is None else min(config.max_steps, self.step + stop_after)
        if self.evals_since_best >= config.patience:
            self.log("this run has stopped early already: nothing to do")
            last_step = self.step
        # steps/s and the ETA count training time only; evaluations are logged with their own time
        window_loss, window_seconds, window_steps = 0.0, 0.0, 0
        stopped_early = False
        self.saved_at = time.time()
        calibration_end = self.step + calibration_steps if time_budget else None
        while self.step < last_step:
            started = time.time()
            if deadline is not None and started >= deadline:
                self.log(f"deadline reached at step {self.step}: checkpoint written, resume to continue")
                self.save_last()
                break
            window_loss += self._step()
            if self.step % config.log_every == 0 or self.step in (last_step, calibration_end):
                window_loss = float(window_loss)  # waits for the device, so the window's time includes its work
            window_seconds += time.time() - started
            window_steps += 1
            if self.step == calibration_end:
                # the speed of the first steps (as the window's) and of one evaluation -> the run's length
                eval_started = time.time()
                self.evaluate()
                self.fit_to_time_budget(time_budget - (time.time() - started_at), window_steps / window_seconds,
                                        time.time() - eval_started)
                last_step = min(last_step, config.max_steps)
                self._write_config()
            if self.step % config.log_every == 0 or self.step == last_step:
                rate = window_steps / window_seconds
                eta = (config.max_steps - self.step) / rate
                self.log(f"step {self.step}/{config.max_steps} ({100 * self.step / config.max_steps:.1f}%) "
                         f"loss {window_loss / window_steps:.4f} {rate:.2f} steps/s lr {self.schedule.get_last_lr()[0]:.2e} "
                         f"ETA {eta / 3600:.1f} h (training steps; evaluations extra)")
                window_loss, window_seconds, window_steps = 0.0, 0.0, 0
            at_end = self.step == config.max_steps
            if (self.step % config.eval_every == 0 or at_end) and self.evaluate():
                stopped_early = True
                self.log(f"early stop: no better dev score in {config.patience} evaluations")
            by_time = config.checkpoint_minutes and time.time() - self.saved_at >= 60 * config.checkpoint_minutes
            if self.step % config.checkpoint_every == 0 or stopped_early or self.step == last_step or by_time:
                self.save_last()
            if stopped_early:
                break
        return {"step": self.step, "best_step": self.best_step, "best_dev_mean": self.best_score,
                "finished": self.evals_since_best >= config.patience or self.step >= config.max_steps}
