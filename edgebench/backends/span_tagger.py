"""A span tagger beside a causal LM: PII found by tagging the message's tokens, not by writing JSON.

Why: a nano model (NLM-5M-Filter) writes a PII answer's JSON shape but invents the values; it does not
learn to point back into its input (docs/benchmarks.md, stop 23). Tagging each message token O / B-type /
I-type from the LM's own hidden states is a decision per token that a few-layer model learns from the
same gold spans, and the spans are read off the tags, so every answer is text of the message.

The head is a bidirectional GRU over the decoder's last hidden states and a linear layer to the tags:
the decoder is causal, and a token's tag often depends on what follows it (``lisa`` before ``@``). It
lives in the model folder as ``span_tagger.safetensors`` + ``span_tagger.json``; the ``hf:`` backend
answers a request that names ``span_types`` (``GenerateRequest``) with it when the folder has one.
transformers ignores both files, so the folder stays an ordinary causal LM for everything else.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

import torch

WEIGHTS = "span_tagger.safetensors"
CONFIG = "span_tagger.json"
INT8_WEIGHTS = "span_tagger_int8.pt"  # the int8 variant's tagger (quantize_int8's state dict, torch.save)
INT8_WORDS = "; span tagger int8-dynamic (GRU and Linear)"  # what quantize_int8 is, in a model's quantization words
IGNORE = -100


def tag_names(types: Sequence[str]) -> list[str]:
    """``O`` then ``B-t``, ``I-t`` for each type, in the types' order."""
    return ["O"] + [f"{p}-{t}" for t in types for p in ("B", "I")]


class SpanTagger(torch.nn.Module):
    """BIO tags from a causal LM's hidden states (bidirectional GRU, then a linear layer)."""

    def __init__(self, hidden_size: int, types: Sequence[str], width: int = 64) -> None:
        super().__init__()
        self.types, self.width = tuple(types), width
        self.rnn = torch.nn.GRU(hidden_size, width, batch_first=True, bidirectional=True)
        self.out = torch.nn.Linear(2 * width, len(tag_names(types)))

    def forward(self, states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Tag logits (batch, length, tags) for right-padded ``states``; padding never reaches a real
        token's state (the GRU runs on packed sequences)."""
        lengths = mask.sum(dim=1).clamp(min=1).cpu()
        packed = torch.nn.utils.rnn.pack_padded_sequence(states.float(), lengths, batch_first=True,
                                                         enforce_sorted=False)
        out, _ = self.rnn(packed)
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=states.shape[1])
        return self.out(out)

    def save(self, folder: Path) -> None:
        from safetensors.torch import save_file

        save_file({k: v.detach().contiguous() for k, v in self.state_dict().items()}, str(folder / WEIGHTS))
        config = {"hidden_size": self.rnn.input_size, "types": list(self.types), "width": self.width,
                  "tags": tag_names(self.types), "scheme": "BIO"}
        (folder / CONFIG).write_text(json.dumps(config, indent=2) + "\n")


def load(folder: Path) -> SpanTagger | None:
    """The folder's tagger, or None when it has none."""
    if not (folder / CONFIG).is_file():
        return None
    from safetensors.torch import load_file

    config = json.loads((folder / CONFIG).read_text())
    tagger = SpanTagger(config["hidden_size"], config["types"], config["width"])
    tagger.load_state_dict(load_file(str(folder / WEIGHTS)))
    return tagger.eval()


def quantize_int8(tagger: SpanTagger) -> SpanTagger:
    """A copy of ``tagger`` with its GRU and Linear layers dynamic int8 (torch.ao: int8 weights, activations
    quantized per call). Why: in fp32 the tagger is 0.50 MB of NLM-5M-Filter's 5.36 MB int8 deployable, the
    part that put it over the 5 MB budget; int8 it is 0.13 MB."""
    import copy
    import warnings

    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao's deprecation notice, as in hf_int8
        return quantize_dynamic(copy.deepcopy(tagger).float().eval(), {torch.nn.GRU, torch.nn.Linear},
                                dtype=torch.qint8)


def load_int8(folder: Path) -> SpanTagger | None:
    """The int8 tagger an int8 variant folder holds (``INT8_WEIGHTS`` beside ``CONFIG``), or None."""
    if not (folder / CONFIG).is_file() or not (folder / INT8_WEIGHTS).is_file():
        return None
    config = json.loads((folder / CONFIG).read_text())
    tagger = quantize_int8(SpanTagger(config["hidden_size"], config["types"], config["width"]))
    # weights_only=False: packed int8 weights are torch objects that the safe unpickler refuses; the file is
    # the variant's own, written by export_int8 beside it
    tagger.load_state_dict(torch.load(folder / INT8_WEIGHTS, weights_only=False))
    return tagger.eval()


def gold_tags(offsets: Sequence[tuple[int, int]], spans: Sequence[dict[str, Any]], types: Sequence[str]) -> list[int]:
    """Each token's tag id: B- on the first token that overlaps a gold span, I- on the rest, O elsewhere.
    A span of a type outside ``types`` is left O."""
    names = {n: i for i, n in enumerate(tag_names(types))}
    tags = [0] * len(offsets)
    for span in spans:
        if span["type"] not in types:
            continue
        inside = [i for i, (a, b) in enumerate(offsets) if b > a and a < span["end"] and b > span["start"]]
        for k, i in enumerate(inside):
            tags[i] = names[f"{'B' if k == 0 else 'I'}-{span['type']}"]
    return tags


def read_spans(text: str, offsets: Sequence[tuple[int, int]], tags: Sequence[int],
               types: Sequence[str]) -> list[dict[str, Any]]:
    """Spans off a tag sequence: a run starts at a B- (or an I- after another type or O) and goes on
    through the I-s of its type; its text is the message's characters from the run's first token to its
    last, surrounding whitespace trimmed."""
    names = tag_names(types)
    spans: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for (a, b), tag in zip(offsets, tags):
        name = names[tag]
        if name == "O" or b <= a:
            if name == "O":
                current = None
            continue
        prefix, kind = name.split("-", 1)
        if current is not None and prefix == "I" and current["type"] == kind:
            current["end"] = b
            continue
        current = {"type": kind, "start": a, "end": b}
        spans.append(current)
    out = []
    for span in spans:
        raw = text[span["start"]:span["end"]]
        start = span["start"] + len(raw) - len(raw.lstrip())
        end = span["end"] - (len(raw) - len(raw.rstrip()))
        if end > start:
            out.append({"type": span["type"], "start": start, "end": end, "text": text[start:end]})
    return out


@torch.inference_mode()
def tag_texts(model: Any, tokenizer: Any, tagger: SpanTagger, texts: Sequence[str],
              max_length: int | None = None) -> list[tuple[list[dict[str, Any]], int]]:
    """(spans, tokens read) of each text, in one batch through ``model``'s decoder and the tagger."""
    enc = [tokenizer(t, add_special_tokens=False, return_offsets_mapping=True) for t in texts]
    width = max(1, max(len(e["input_ids"]) for e in enc))
    if max_length:
        width = min(width, max_length)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    ids = torch.full((len(texts), width), pad, dtype=torch.long)
    mask = torch.zeros((len(texts), width), dtype=torch.long)
    for row, e in enumerate(enc):
        n = min(len(e["input_ids"]), width)
        ids[row, :n] = torch.tensor(e["input_ids"][:n], dtype=torch.long)
        mask[row, :n] = 1
    states = model.get_decoder()(input_ids=ids, attention_mask=mask).last_hidden_state
    tags = tagger(states, mask).argmax(dim=-1)
    out = []
    for row, (text, e) in enumerate(zip(texts, enc)):
        n = int(mask[row].sum())
        out.append((read_spans(text, e["offset_mapping"][:n], tags[row, :n].tolist(), tagger.types), n))
    return out
