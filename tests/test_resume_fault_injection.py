"""Fault injection for the response cache (issue 12, group 4): a run killed at 20 seeded points of a
generative task resumes to the uninterrupted run's records, recomputing only the rows that had not
finished when it died. The kill is an exception from inside the model's forward pass, so it lands
mid-call, between rows of one rolling batch."""
import random

import pytest
import torch

from edgebench.backends import rolling
from edgebench.cache import ResponseCache
from edgebench.evaluator import RunSettings, run_task
from edgebench.models import load_backend
from edgebench.tasks.config import select

ROWS = 12
KILLS = 20


class Killed(BaseException):
    """What kill -9 does to the loop: nothing after it runs (not even an except Exception)."""


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    from transformers import LlamaConfig, LlamaForCausalLM

    from trainers.corpus.bpe import train_bpe

    torch.manual_seed(0)
    tok = train_bpe(["Ann Lee called 555-0100 about the invoice", "mail bo@example.com"] * 20, 300, min_frequency=1)
    config = LlamaConfig(vocab_size=len(tok), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                         num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=2048,
                         tie_word_embeddings=True, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    folder = tmp_path_factory.mktemp("tiny") / "tiny"
    LlamaForCausalLM(config).save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def outputs(outcome):
    return [(r["input"], r["output"], r["scores"]) for r in outcome.records]


def test_twenty_seeded_kills_each_resume_to_the_uninterrupted_run(tiny_model, tmp_path, monkeypatch):
    task = select("edge_pii")[0]
    settings = RunSettings(limit=ROWS, batch_size=2, progress=False, bootstrap_iters=0)
    backend = load_backend(f"hf:{tiny_model}", dtype="float32", batch_size=2)
    forward = backend.model.forward
    calls = {"n": 0, "kill_at": None}

    def counted(*args, **kwargs):
        calls["n"] += 1
        if calls["kill_at"] is not None and calls["n"] >= calls["kill_at"]:
            raise Killed()
        return forward(*args, **kwargs)

    monkeypatch.setattr(backend.model, "forward", counted)
    finished = []  # one entry per row as it ends (a row is asked once more only while it runs)
    real_finished = rolling.RollingDecoder._finished

    def noting(self, row):
        done = real_finished(self, row)
        if done:
            finished.append(row.key)
        return done

    monkeypatch.setattr(rolling.RollingDecoder, "_finished", noting)
    reference = run_task(task, backend, ResponseCache(tmp_path / "reference.sqlite"), settings)
    total_calls = calls["n"]
    assert total_calls > ROWS  # prompt passes and decode steps: room for kills between rows
    rng = random.Random(1234)
    for point in range(KILLS):
        path = tmp_path / f"kill{point}.sqlite"
        calls.update(n=0, kill_at=rng.randrange(1, total_calls))
        finished.clear()
        with pytest.raises(Killed):
            run_task(task, backend, ResponseCache(path), settings)
        done_at_kill = len(finished)
        kept = len(ResponseCache(path))
        assert kept == done_at_kill, f"kill {point} at call {calls['kill_at']}: {done_at_kill} rows done, {kept} kept"
        calls.update(n=0, kill_at=None)
        resumed = run_task(task, backend, ResponseCache(path), settings)
        assert resumed.cost["from_cache"] == kept and resumed.cost["computed"] == ROWS - kept
        assert outputs(resumed) == outputs(reference)
