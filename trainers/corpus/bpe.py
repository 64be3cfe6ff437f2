"""A small byte-level BPE tokenizer trained on a recipe's own train split (``tokenizers``), saved as a
transformers tokenizer with a ChatML chat template.

Why its own: an NLM of ~5M parameters cannot afford the 49k SmolLM2 vocabulary (12.6M parameters
of embeddings alone). Why *prompt tokens*: every request of a task wraps the message in the same
fixed text (system prompt, instructions, chat markers). That text is found from the train split
(the common prefix and suffix of the rendered prompts of each task) and becomes ONE added token
each, so a request costs the message's tokens plus two, and the BPE merges go to the messages.
Any other text (a user's own prompt) still tokenizes through the BPE, byte by byte if need be.
"""
from __future__ import annotations

import hashlib
import os
from typing import Any, Iterable, Sequence

from edgebench.errors import EdgeBenchError

PAD, START, END = "<|endoftext|>", "<|im_start|>", "<|im_end|>"
# ChatML, the format SmolLM2 uses too; ``chatml`` below writes exactly what it renders.
CHAT_TEMPLATE = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


def chatml(messages: Sequence[tuple[str, str]]) -> str:
    """What ``CHAT_TEMPLATE`` renders for ``messages`` with the generation prompt (no tokenizer needed)."""
    return "".join(f"{START}{role}\n{content}{END}\n" for role, content in messages) + f"{START}assistant\n"


def _common_suffix(texts: Sequence[str]) -> str:
    return os.path.commonprefix([t[::-1] for t in texts])[::-1]


def prompt_pieces(rendered: Sequence[str]) -> list[str]:
    """The fixed text around the varying part of one task's rendered prompts: their common prefix
    (cut back to end at whitespace, so no message word is split) and common suffix (cut forward to
    start at whitespace or the end-of-turn marker). Fewer than two prompts tell nothing apart: none."""
    if len(rendered) < 2:
        return []
    prefix, suffix = os.path.commonprefix(list(rendered)), _common_suffix(rendered)
    cut = max(prefix.rfind(c) for c in " \n")
    prefix = prefix[:cut + 1] if cut >= 0 else ""
    starts = [i for i in (suffix.find(" "), suffix.find("\n"), suffix.find(END)) if i >= 0]
    suffix = suffix[min(starts):] if starts else ""
    return [p for p in (prefix, suffix) if len(p) > len(START)]


PRETOKENIZERS = ("gpt2", "copyable")


def _pretokenizer(kind: str) -> Any:
    """``gpt2``: GPT-2's split, a word keeps its leading space (`` Lisa``). ``copyable``: spaces, double
    quotes and digits are tokens of their own first, so a value tokenizes alike in a message (``Dear Lisa``)
    and quoted in a JSON answer (``"Lisa"``): copying it is repeating the same token ids, which a few-layer
    model learns (PII answers copy spans; with ``gpt2`` the nano model wrote the JSON shape and invented
    the values)."""
    from tokenizers import pre_tokenizers

    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False)
    if kind == "gpt2":
        return byte_level
    return pre_tokenizers.Sequence([pre_tokenizers.Split(" ", "isolated"), pre_tokenizers.Split('"', "isolated"),
                                    pre_tokenizers.Digits(individual_digits=True), byte_level])


def train_bpe(texts: Iterable[str], vocab_size: int, *, pieces: Sequence[str] = (), min_frequency: int = 2,
              pretokenizer: str = "gpt2") -> Any:
    """A ``PreTrainedTokenizerFast`` of exactly ``vocab_size`` entries when the texts allow that many
    (3 special tokens + ``pieces`` as added tokens + BPE merges); eos = ``<|im_end|>`` (end of a turn),
    pad = ``<|endoftext|>``. ``pretokenizer``: one of ``PRETOKENIZERS`` (``_pretokenizer``)."""
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    pieces = list(dict.fromkeys(pieces))
    specials = [PAD, START, END]
    bpe_size = vocab_size - len(pieces)
    if bpe_size < 256 + len(specials):
        raise EdgeBenchError(f"objective.tokenizer.vocab_size {vocab_size} is too small: a byte-level BPE needs at "
                             f"least {256 + len(specials) + len(pieces)} here; raise it (e.g. 8192)")
    # the fixed pieces are cut out of the corpus: merges are for the messages, not for the instructions
    longest_first = sorted(pieces, key=len, reverse=True)

    def corpus() -> Iterable[str]:
        for text in texts:
            for piece in longest_first:
                text = text.replace(piece, "\n")
            yield text

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = _pretokenizer(pretokenizer)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=bpe_size, min_frequency=min_frequency, special_tokens=specials,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(corpus(), trainer=trainer)
    # not special: they are ordinary text that decodes back to itself (skip_special_tokens keeps them)
    tok.add_tokens([AddedToken(p, normalized=False, single_word=False, lstrip=False, rstrip=False) for p in pieces])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token=END, pad_token=PAD, unk_token=None,
                                   bos_token=None, model_max_length=1_000_000)
    fast.chat_template = CHAT_TEMPLATE
    return fast


def tokenizer_hash(tokenizer: Any) -> str:
    """sha256 of the tokenizer's serialized vocabulary and merges (a resumed run must use the same one)."""
    return hashlib.sha256(tokenizer.backend_tokenizer.to_str().encode()).hexdigest()
