"""Rolling-batch generation on the real embedded model: same greedy text as ``model.generate``,
rows of any length sharing a small batch, and the early stop on a settled JSON answer."""
import dataclasses

import pytest
import torch

from edgebench.backends.base import GenerateRequest
from edgebench.models import load_backend
from edgebench.parsing import extract_json, json_settled

REQUESTS = [
    # the two shortest prompts share the first prefill and both end at their first token
    GenerateRequest(prompt="Hi", max_new_tokens=1),
    GenerateRequest(prompt="Yes", max_new_tokens=1),
    GenerateRequest(prompt="The capital of France is", max_new_tokens=9),
    GenerateRequest(messages=(("user", "Write a haiku about the sea."),), max_new_tokens=16),
    GenerateRequest(prompt="1, 2, 3, 4,", max_new_tokens=3),
    GenerateRequest(messages=(("user", "List three colours, one per line."),), max_new_tokens=20, stop=("\n",)),
    GenerateRequest(prompt="Once upon a time, in a small village by the mountains, there lived", max_new_tokens=12),
]


@pytest.fixture(scope="module")
def backends(smollm2_folder):
    torch.set_num_threads(1)
    rolling = load_backend("hf:SmolLM2-135M-Instruct", batch_size=2, dtype="float32")
    plain = load_backend("hf:SmolLM2-135M-Instruct", batch_size=1, dtype="float32", rolling=False)
    assert rolling._rolling and not plain._rolling
    return rolling, plain


def test_rolling_batch_writes_what_generate_writes(backends):
    rolling, plain = backends
    # batch 2 over 5 rows of different prompt lengths and budgets: rows leave and join mid-way
    fast, slow = rolling.generate(REQUESTS), plain.generate(REQUESTS)
    for req, a, b in zip(REQUESTS, fast, slow):
        assert a.text == b.text, req
        assert a.completion_tokens == b.completion_tokens <= req.max_new_tokens
        assert a.prompt_tokens == b.prompt_tokens
        assert a.seconds == pytest.approx(a.prefill_seconds + a.decode_seconds)
    assert "\n" not in fast[5].text  # cut at its stop string


def test_a_settled_json_answer_ends_the_row_early_with_the_same_parse(backends):
    rolling, _ = backends
    ask = GenerateRequest(messages=(("user", 'Copy this JSON exactly, then explain each field in detail: '
                                             '{"name": "Ann", "age": 31}'),), max_new_tokens=96)
    full = rolling.generate([ask])[0]
    early = rolling.generate([dataclasses.replace(ask, answer_json=("object",))])[0]
    assert extract_json(full.text) == extract_json(early.text)
    assert extract_json(early.text)[0] is not None, full.text
    settled_at = next(n for n in range(1, len(full.text) + 1) if json_settled(full.text[:n]))
    assert settled_at < len(full.text)  # the full answer ran past its JSON
    assert json_settled(early.text) and early.completion_tokens < full.completion_tokens
    assert full.text.startswith(early.text)
