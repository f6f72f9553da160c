"""Adapting a model folder to a user's entity (and relation) types from a few gold sentences.

Used by training/finetune.py (the CLI, `bin/corpusgraph finetune`):

  base folder's model.onnx -> PyTorch span model (export.load_model_folder)
  [--fusion-alpha A: word rep = A * hidden + (1 - A) * input embedding of its first sub-token]
  --method lora: encoder frozen + LoRA adapters (lora.py), span/label heads trained fully
  --method full: every parameter trained (encoder at a lower learning rate)
  task instances: every gold sentence prompted with ALL the task's entity types (shuffled), as
      evaluation and the pipeline prompt them; a sentence with gold relations also gives a prompted
      relation instance (sampling.relation_instance: "{head} <> {relation}" labels, tails as spans)
  general instances (forgetting control): each batch also holds a share of instances drawn from the
      base's general training data (../shared/data: CoNLL-2003, WNUT-17, BC5CDR, NCBI, CoNLL04) with
      the default recipe's prompts, so the old types are rehearsed while the new ones are learnt
  focal loss (the default recipe's), AdamW, linear warm-up and decay, dev F1 after each epoch,
  the kept epoch's weights (--keep, chosen_epoch); --max-minutes stops training and ends at it
  export: adapters merged, an ordinary model folder (export.export_model_folder)
"""

import copy
import math
import os
import random
import time
from dataclasses import dataclass, field, asdict

import torch

from .datasets import NER_TYPES, CONLL04_RELATIONS, Corpus, read_bio_corpus, read_spert, NER_FILES
from .evaluation import entity_scores, relation_scores
from .lora import add_lora, merge_lora, trainable_parameters, total_parameters
from .processing import batch_tensors
from .recipe import instance_loss
from .sampling import MixedSampler, PromptOptions, relation_instance

GENERAL_CORPORA = ("conll2003", "wnut17", "bc5cdr", "ncbi_disease")


@dataclass
class FinetuneSettings:
    method: str = "lora"            # "lora" or "full"
    lora_rank: int = 8
    lora_alpha: float = 16.0
    lora_dropout: float = 0.05
    fusion_alpha: float = 1.0       # 1.0: no fusion (the base's word representations)
    epochs: int = 10
    min_steps: int = 100            # epochs are raised to reach it: ner-dev dev splits, k = 10 (training/README)
    max_minutes: float = 10.0
    keep: str = "last"              # which epoch's weights training ends with (chosen_epoch): ner-dev dev splits
    batch_size: int = 8
    lr: float = 0.0                 # adapters (lora) or encoder (full); 0: 2e-3 for lora, 1e-4 for full
    head_lr: float = 3e-4           # re3d k=10: 2e-3 / 3e-4 gave test F1 52.1, 5e-4 / 1e-4 34.1 (README)
    weight_decay: float = 0.01
    warmup_share: float = 0.1
    max_grad_norm: float = 10.0
    focal_alpha: float = 0.75
    focal_gamma: float = 0.0
    general_share: float = 0.25     # share of each batch from the general data; 0: off
    dev_share: float = 0.2          # held out of --train when there is no --dev
    seed: int = 13
    log_every: int = 10             # a progress line every this many steps (and after every epoch)

    def learning_rate(self):
        return self.lr or (2e-3 if self.method == "lora" else 1e-4)

    def to_json(self):
        return asdict(self)


@dataclass
class TaskData:
    train: list
    dev: list
    entity_types: list
    relation_types: list
    dev_note: str = ""
    skipped: int = 0              # training sentences that fit no window even when split
    notes: list = field(default_factory=list)


# ------------------------------------------------------------------------------------------- data

def hold_out(examples, share, seed):
    """(train, dev): a seeded share (at least one sentence, never all) held out for dev."""
    if len(examples) < 2:
        raise ValueError("need at least 2 training sentences to hold out a dev share (or give --dev)")
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    count = min(len(examples) - 1, max(1, round(share * len(examples))))
    dev_ids = set(order[:count])
    return [x for i, x in enumerate(examples) if i not in dev_ids], [x for i, x in enumerate(examples) if i in dev_ids]


def split_to_fit(example, fits):
    """Halves an example (at a word not inside an entity) until every part fits; relations are kept
    only within a part. `fits(words)` says whether a word list fits a window with the task's prompt."""
    from .datasets import Example
    if fits(example.words) or len(example.words) < 2:
        return [example] if fits(example.words) else []
    inside = {i for s, e, _ in example.spans for i in range(s + 1, e + 1)}
    middle = len(example.words) // 2
    cut = min((i for i in range(1, len(example.words)) if i not in inside), key=lambda i: abs(i - middle),
              default=middle)
    parts = []
    for lo, hi in ((0, cut), (cut, len(example.words))):
        spans = [(s - lo, e - lo, t) for s, e, t in example.spans if lo <= s and e < hi]
        relations = [((h[0] - lo, h[1] - lo), r, (t[0] - lo, t[1] - lo)) for h, r, t in example.relations
                     if lo <= h[0] and h[1] < hi and lo <= t[0] and t[1] < hi]
        parts += split_to_fit(Example(example.words[lo:hi], spans, relations, example.corpus), fits)
    return parts


def general_sampler(data_dir, with_relations, seed):
    """MixedSampler over the general corpora found under data_dir (None when there are none)."""
    corpora = {}
    for name in GENERAL_CORPORA:
        path = os.path.join(data_dir, "ner", name, NER_FILES[name]["train"])
        if os.path.exists(path):
            types = NER_TYPES[name]
            corpora[name] = Corpus(name, "ner", sorted(set(types.values())), {"train": read_bio_corpus(path, name, types)})
    spert = os.path.join(data_dir, "re", "conll04", "conll04_train.json")
    if with_relations and os.path.exists(spert):
        relations, entities = read_spert(spert, "conll04", NER_TYPES["conll04"], CONLL04_RELATIONS)
        corpora["conll04"] = Corpus("conll04", "re", sorted(CONLL04_RELATIONS.values()), {"train": relations})
    if not corpora:
        return None
    return MixedSampler(corpora, PromptOptions(), seed, 0.5, {"conll04": 2.0})


def general_dev(data_dir, count, seed):
    """A fixed sample of CoNLL-2003 dev sentences and its types: the forgetting check (None without it)."""
    path = os.path.join(data_dir, "ner", "conll2003", NER_FILES["conll2003"]["dev"])
    if count <= 0 or not os.path.exists(path):
        return None
    examples = read_bio_corpus(path, "conll2003", NER_TYPES["conll2003"])
    return random.Random(seed).sample(examples, min(count, len(examples))), sorted(set(NER_TYPES["conll2003"].values()))


KEEP_RULES = ("last", "best")


def chosen_epoch(scores, keep):
    """The epoch (an index into `scores`, the dev F1 after each epoch so far) whose weights training keeps.

    last: the latest epoch, where the learning rate has decayed to 0 (a run cut by --max-minutes is
    shortened to a schedule that still ends there). best: the highest dev F1, the earlier epoch on ties.
    A few-shot sample's dev share is a handful of sentences, whose F1 jumps from epoch to epoch: on ner-dev's
    dev splits (k = 10, 8 runs) the last epoch scored 46.6 on average, the best by held-out dev F1 45.5, the
    best mean of three neighbouring epochs 44.6 (training/README, "Choosing --keep").
    """
    if keep == "last":
        return len(scores) - 1
    if keep == "best":
        return max(range(len(scores)), key=lambda i: (scores[i], -i))
    raise ValueError(f"--keep {keep!r}: expected one of {', '.join(KEEP_RULES)}")


# ------------------------------------------------------------------------------------------- model

def prepare_model(model, settings):
    """Sets fusion and adapters; returns a description of what is trained."""
    model.head.fusion_alpha = float(settings.fusion_alpha)
    if settings.method == "lora":
        wrapped = add_lora(model, settings.lora_rank, settings.lora_alpha, settings.lora_dropout)
        what = f"LoRA r={settings.lora_rank} alpha={settings.lora_alpha:g} on {len(wrapped)} encoder projections"
    elif settings.method == "full":
        for p in model.parameters():
            p.requires_grad_(True)
        what = "all parameters"
    else:
        raise ValueError(f"--method {settings.method!r}: expected lora or full")
    return {"trained": what, "trainable_parameters": trainable_parameters(model),
            "total_parameters": total_parameters(model)}


def optimizer_for(model, settings):
    heads = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("encoder.")]
    encoder = [p for n, p in model.named_parameters() if p.requires_grad and n.startswith("encoder.")]
    groups = [{"params": encoder, "lr": settings.learning_rate()}, {"params": heads, "lr": settings.head_lr}]
    return torch.optim.AdamW([g for g in groups if g["params"]], weight_decay=settings.weight_decay)


def trainable_state(model):
    return {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad}


def dev_score(model, prompt_encoder, data):
    """{"entities": F1, "relations": F1 (gold heads, only with relation types), "mean": ...}."""
    scores = {}
    if data.entity_types and data.dev:
        scores["entities"] = entity_scores(model, prompt_encoder, data.dev, data.entity_types)["f1"]
    with_relations = [x for x in data.dev if x.relations]
    if data.relation_types and with_relations:
        scores["relations"] = relation_scores(model, prompt_encoder, with_relations, data.relation_types)["f1"]
    scores["mean"] = sum(scores.values()) / max(1, len(scores))
    return scores


# ------------------------------------------------------------------------------------------- training

class Finetuner:
    def __init__(self, model, prompt_encoder, data, settings, general=None, log=print):
        self.model, self.prompt_encoder, self.data, self.settings = model, prompt_encoder, data, settings
        self.general, self.log = general, log
        self.rng = random.Random(settings.seed)
        self.options = PromptOptions(drop_present=0.0, keep_absent=1.0, max_negatives=0, synonym=0.0, case=0.0,
                                     max_labels=max(25, len(data.entity_types)), relation_negatives=3)

    def task_instances(self):
        """One epoch of task instances, shuffled: entity prompts, and relation prompts where gold has them."""
        instances = []
        for example in self.data.train:
            if self.data.entity_types:
                labels = list(self.data.entity_types)
                self.rng.shuffle(labels)
                instances.append((example.words, labels, list(example.spans)))
            if example.relations and self.data.relation_types:
                instances.append(relation_instance(example, self.data.relation_types, self.options, self.rng))
        self.rng.shuffle(instances)
        return instances

    def general_count(self):
        share = self.settings.general_share if self.general else 0.0
        return 0 if share <= 0 else max(1, round(self.settings.batch_size * share / (1 - share)))

    def batches(self, instances):
        size, extra = self.settings.batch_size, self.general_count()
        for i in range(0, len(instances), size):
            batch = instances[i:i + size] + [self.general.instance() for _ in range(extra)]
            encoded = [(x, self.prompt_encoder.encode_pretokenized(x[0], x[1])) for x in batch]
            encoded = [(x, w) for x, w in encoded if w is not None]
            if encoded:
                yield encoded

    def run(self):
        """Trains, then loads the kept epoch's weights (chosen_epoch); returns the log, the kept epoch's dev
        score and step counts."""
        settings, model = self.settings, self.model
        torch.manual_seed(settings.seed)
        started = time.time()
        deadline = started + settings.max_minutes * 60
        per_epoch = sum(1 for x in self.data.train for _ in ((1,) if self.data.entity_types else ())) + \
            sum(1 for x in self.data.train if x.relations and self.data.relation_types)
        steps_per_epoch = max(1, math.ceil(per_epoch / settings.batch_size))
        # the schedule reads `plan`: when --max-minutes cannot hold every epoch, the run is shortened after
        # its first epochs (measured speed) so that the learning rate still decays to 0 within the time
        epochs = max(settings.epochs, math.ceil(settings.min_steps / steps_per_epoch))
        if epochs > settings.epochs:
            self.log(f"{settings.epochs} epochs are {steps_per_epoch * settings.epochs} steps, under --min-steps "
                     f"{settings.min_steps}: training for {epochs} epochs")
        plan = {"epochs": epochs, "total": steps_per_epoch * epochs}
        warmup = max(1, int(settings.warmup_share * plan["total"]))
        optimizer = optimizer_for(model, settings)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda s: (s + 1) / warmup if s < warmup else
            max(0.0, (plan["total"] - s) / max(1, plan["total"] - warmup)))
        params = [p for p in model.parameters() if p.requires_grad]
        history, scores, kept, kept_state, step, epoch = [], [], None, None, 0, 0
        eval_seconds, train_seconds, stopped = 0.0, 0.0, False
        while epoch < plan["epochs"]:
            epoch += 1
            total = plan["total"]
            losses = []
            for batch in self.batches(self.task_instances()):
                # keep room for one more evaluation within --max-minutes
                if step > 0 and time.time() + eval_seconds >= deadline:
                    stopped = True
                    break
                t0 = time.time()
                model.train()
                inputs = batch_tensors([w for _, w in batch], model.head.max_width)
                loss = instance_loss(model, inputs, [x for x, _ in batch], settings)
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, settings.max_grad_norm)
                optimizer.step()
                schedule.step()
                step += 1
                losses.append(float(loss))
                train_seconds += time.time() - t0
                if step % settings.log_every == 0:
                    left = min((total - step) * train_seconds / step, max(0.0, deadline - time.time()))
                    self.log(f"step {step}/{total} loss {sum(losses[-settings.log_every:]) / len(losses[-settings.log_every:]):.4f} "
                             f"{step / train_seconds:.2f} steps/s {(time.time() - started) / 60:.1f} min, "
                             f"~{left / 60:.1f} min left")
            t0 = time.time()
            score = dev_score(model, self.prompt_encoder, self.data)
            eval_seconds = time.time() - t0
            mean_loss = sum(losses) / len(losses) if losses else float("nan")
            history.append({"epoch": epoch, "step": step, "loss": round(mean_loss, 4),
                            "dev": {k: round(v, 4) for k, v in score.items()},
                            "seconds": round(time.time() - started, 1)})
            scores.append(score["mean"])
            chosen = chosen_epoch(scores, settings.keep)
            if chosen == epoch - 1:
                kept_state = trainable_state(model)
            kept = dict(history[chosen]["dev"], epoch=chosen + 1, step=history[chosen]["step"])
            per_epoch_seconds = (time.time() - started) / epoch
            fitted = max(epoch, int(settings.max_minutes * 60 / per_epoch_seconds))
            if fitted < plan["epochs"]:
                plan["epochs"], plan["total"] = fitted, steps_per_epoch * fitted
                self.log(f"--max-minutes {settings.max_minutes:g} holds {fitted} epochs at "
                         f"{per_epoch_seconds:.0f} s per epoch: the schedule now ends at step {plan['total']}")
            left = min((plan["epochs"] - epoch) * per_epoch_seconds, max(0.0, deadline - time.time()))
            self.log(f"epoch {epoch}/{plan['epochs']} step {step}/{plan['total']} loss {mean_loss:.4f} "
                     f"dev F1 {score['mean']:.4f} (kept: epoch {kept['epoch']}, dev F1 {kept['mean']:.4f}, "
                     f"--keep {settings.keep}) {(time.time() - started) / 60:.1f} min, ~{left / 60:.1f} min left")
            if epoch < plan["epochs"] and (stopped or time.time() + eval_seconds >= deadline):
                self.log(f"--max-minutes {settings.max_minutes:g} reached: ending at the kept checkpoint "
                         f"(epoch {kept['epoch']})")
                break
        with torch.no_grad():
            for name, p in model.named_parameters():
                if name in kept_state:
                    p.copy_(kept_state[name])
        model.eval()
        return {"history": history, "kept": kept, "steps": step, "steps_planned": plan["total"],
                "epochs_planned": plan["epochs"],
                "train_seconds": round(train_seconds, 1), "seconds": round(time.time() - started, 1),
                "stopped_by_time": stopped, "shortened_to_fit": plan["epochs"] < epochs}


def merged_copy(model):
    """The model as exported: adapters folded in (the trained model itself is left as it is)."""
    return merge_lora(copy.deepcopy(model)).eval()
