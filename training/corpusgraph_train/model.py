"""GLiNER-style NER models over a BERT encoder: a span model (markerV0) and a token-level model.

Both read the same inputs as GLiNER's ONNX exports:
  tokens -> encoder -> word representations (first sub-token of each word, via words_mask)
                    -> label representations (the <<ENT>> token before each label, via an FFN)
  span model:  span-marker head over (start word, end word) pairs -> logits [B, W, K, C]
  token model: per word and label, start/end/inside scores      -> [B, W, C, 3] (or [3, B, W, C])
"""

from dataclasses import dataclass, asdict

import torch
from torch import nn

from .encoder import BertEncoder


@dataclass
class HeadConfig:
    span_mode: str            # "markerV0" or "token_level"
    class_token_index: int    # id of <<ENT>>
    max_width: int = 12
    expansion: int = 4        # hidden width multiplier inside the FFNs (GLiNER uses 4)
    dropout: float = 0.1
    legacy_token_layout: bool = False  # token model: [3, B, W, C] as older GLiNER exports
    fusion_alpha: float = 1.0  # word rep = a * hidden + (1 - a) * input embedding (LightNER; finetune.py)

    def to_json(self):
        return asdict(self)


def ffn(in_size, out_size, expansion, dropout):
    return nn.Sequential(nn.Linear(in_size, out_size * expansion), nn.ReLU(), nn.Dropout(dropout),
                         nn.Linear(out_size * expansion, out_size))


def word_representations(token_reps, words_mask, num_words):
    """[B, T, H] -> [B, W, H]: word i is the token with words_mask == i + 1 (zeros when there is none).

    A one-hot matrix product rather than a scatter: exact, deterministic and simple in ONNX."""
    positions = torch.arange(1, num_words + 1, device=words_mask.device)
    select = (words_mask.unsqueeze(1) == positions.view(1, -1, 1)).to(token_reps.dtype)  # [B, W, T]
    return select @ token_reps


def label_representations(token_reps, input_ids, class_token_index):
    """[B, T, H] -> [B, C, H]: the c-th <<ENT>> token of each row (C = most <<ENT>> tokens in a row)."""
    is_class = input_ids == class_token_index
    rank = torch.cumsum(is_class.long(), dim=1)  # 1 at the first <<ENT>>, 2 at the second, ...
    num_classes = rank[:, -1].max()
    classes = torch.arange(1, num_classes + 1, device=input_ids.device)
    select = (is_class.unsqueeze(1) & (rank.unsqueeze(1) == classes.view(1, -1, 1))).to(token_reps.dtype)
    return select @ token_reps


class GlinerModel(nn.Module):
    """The parts both model kinds share: encoder, word and label representations."""

    def __init__(self, encoder: BertEncoder, head: HeadConfig):
        super().__init__()
        self.encoder = encoder
        self.head = head
        hidden = encoder.config.hidden_size
        self.label_ffn = ffn(hidden, hidden, head.expansion, head.dropout)

    def words_and_labels(self, input_ids, attention_mask, words_mask, text_lengths):
        token_reps = self.encoder(input_ids, attention_mask)
        word_source = token_reps
        if self.head.fusion_alpha != 1.0:
            # LightNER-style fusion (training/finetune.py --fusion-alpha): each word's first sub-token mixes the
            # last hidden state with the encoder's input embedding of that token, inside the exported graph
            alpha = self.head.fusion_alpha
            word_source = alpha * token_reps + (1.0 - alpha) * self.encoder.embeddings(input_ids)
        words = word_representations(word_source, words_mask, text_lengths.max())
        labels = self.label_ffn(label_representations(token_reps, input_ids, self.head.class_token_index))
        return words, labels


class SpanModel(GlinerModel):
    """markerV0: span = FFN(ReLU([start FFN(word s); end FFN(word e)])); logit = span . label."""

    input_names = ["input_ids", "attention_mask", "words_mask", "text_lengths", "span_idx", "span_mask"]

    def __init__(self, encoder, head):
        super().__init__(encoder, head)
        hidden = encoder.config.hidden_size
        self.project_start = ffn(hidden, hidden, head.expansion, head.dropout)
        self.project_end = ffn(hidden, hidden, head.expansion, head.dropout)
        self.out_project = ffn(2 * hidden, hidden, head.expansion, head.dropout)

    def forward(self, input_ids, attention_mask, words_mask, text_lengths, span_idx, span_mask):
        words, labels = self.words_and_labels(input_ids, attention_mask, words_mask, text_lengths)
        batch, num_words, hidden = words.shape
        # masked spans point at word 0, as in GLiNER: their logits are ignored by decoding
        span_idx = span_idx * span_mask.unsqueeze(-1).long()
        starts = torch.gather(self.project_start(words), 1, span_idx[:, :, :1].expand(-1, -1, hidden))
        ends = torch.gather(self.project_end(words), 1, span_idx[:, :, 1:].expand(-1, -1, hidden))
        spans = self.out_project(torch.cat([starts, ends], dim=-1).relu())  # [B, W*K, H]
        logits = spans @ labels.transpose(1, 2)                               # [B, W*K, C]
        return logits.view(batch, num_words, self.head.max_width, -1)


class TokenModel(GlinerModel):
    """Token-level: for each word and label, start/end/inside logits from word x label features."""

    input_names = ["input_ids", "attention_mask", "words_mask", "text_lengths"]

    def __init__(self, encoder, head):
        super().__init__(encoder, head)
        hidden = encoder.config.hidden_size
        self.project_words = nn.Linear(hidden, 2 * hidden)
        self.project_labels = nn.Linear(hidden, 2 * hidden)
        self.scorer = nn.Sequential(nn.Linear(3 * hidden, hidden * head.expansion), nn.ReLU(),
                                    nn.Dropout(head.dropout), nn.Linear(hidden * head.expansion, 3))

    def forward(self, input_ids, attention_mask, words_mask, text_lengths):
        words, labels = self.words_and_labels(input_ids, attention_mask, words_mask, text_lengths)
        w1, w2 = self.project_words(words).unsqueeze(2).chunk(2, dim=-1)    # [B, W, 1, H] each
        l1, l2 = self.project_labels(labels).unsqueeze(1).chunk(2, dim=-1)  # [B, 1, C, H] each
        shape = (words.size(0), words.size(1), labels.size(1), words.size(2))
        pair = torch.cat([w1.expand(shape), l1.expand(shape), w2 * l2], dim=-1)
        scores = self.scorer(pair)                                          # [B, W, C, 3]
        return scores.permute(3, 0, 1, 2) if self.head.legacy_token_layout else scores


def build_model(encoder, head):
    return SpanModel(encoder, head) if head.span_mode == "markerV0" else TokenModel(encoder, head)
