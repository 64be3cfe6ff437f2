"""JSON-locked rows in the rolling batch: the tokens of ``model.generate`` with the lock processor, with the
grammar's forced runs fed many at once (jump-forward)."""
import json

import pytest
import torch

from edgebench.backends.base import GenerateRequest
from edgebench.backends.row_lock import RowLock
from edgebench.decoding import lock_processor
from edgebench.models import load_backend
from edgebench.tasks.config import select


def _requests(budgets):
    task = select("edge_json")[0]
    chosen = {}
    for doc in task.docs("test"):  # the first test text of each level, each a different schema
        chosen.setdefault(doc["level"], doc)
    return [GenerateRequest(messages=task.request(d).messages, max_new_tokens=budget,
                            json_schema=task._schema_texts[d["schema"]])
            for d in chosen.values() for budget in budgets]


def test_row_lock_makes_the_batch_processors_tokens_and_forces_some(smollm2_folder):
    """Random logits: a row that takes forced tokens without logits and picks the rest writes what the
    one-batch processor writes when it sees logits at every step (forced ones cannot depend on them)."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(smollm2_folder)
    for request in _requests([48, 200]):
        budget, noise = request.max_new_tokens, torch.Generator().manual_seed(7)
        logits = torch.randn(budget, len(tokenizer), generator=noise)
        batch = lock_processor(tokenizer, [request.json_schema], max_new_tokens=budget)
        ids = torch.zeros(1, 1, dtype=torch.long)
        for step in range(budget):
            ids = torch.cat([ids, batch(ids, logits[step:step + 1].clone()).argmax(-1, keepdim=True)], dim=1)
        expected = ids[0, 1:].tolist()

        row = RowLock(lock_processor(tokenizer, [request.json_schema], max_new_tokens=budget))
        tokens, forced, previous = [], 0, 0
        while len(tokens) < budget:
            token = row.forced(previous) if tokens else None
            if token is None:
                token = row.pick(previous, logits[len(tokens)])
            else:
                forced += 1
            tokens.append(token)
            previous = token
        assert tokens == expected
        assert forced > 5  # key names, quotes, colons and closers come without logits


@pytest.fixture()
def plain(smollm2_folder):
    torch.set_num_threads(1)
    # float32: rows compared across batch compositions are equal only there
    return load_backend("hf:SmolLM2-135M-Instruct", batch_size=1, dtype="float32", rolling=False)


def test_locked_rows_roll_to_the_tokens_generate_writes(plain):
    # jump 3: forced runs longer than that (most key names) are fed over several steps
    rolling = load_backend("hf:SmolLM2-135M-Instruct", batch_size=2, dtype="float32", jump_forward=3)
    assert rolling._rolling
    # three schemas at a budget their answers fit and at one that needs the ending, and an unlocked row
    requests = _requests([40, 150]) + [GenerateRequest(messages=(("user", "Say hello to Ada."),), max_new_tokens=12)]
    fast, slow = rolling.generate(requests), plain.generate(requests)
    for req, a, b in zip(requests, fast, slow):
        assert a.text == b.text, (req.max_new_tokens, a.text, b.text)
        assert a.completion_tokens == b.completion_tokens <= req.max_new_tokens
        if req.json_schema:
            if req.max_new_tokens == 150:
                json.loads(a.text)  # closed within its budget (40 is below some schemas' shortest value)
            assert a.lock_compile_seconds is not None and a.lock_seconds > 0
        else:
            assert a.lock_compile_seconds is None
