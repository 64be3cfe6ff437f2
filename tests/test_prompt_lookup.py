"""Copy speculation (prompt lookup): drafts by hand, and the rolling batch with drafts writing exactly
what one-token-a-step greedy decoding writes, in fewer forwards, on the real embedded model."""
import pytest
import torch

from edgebench.backends import rolling
from edgebench.backends.base import GenerateRequest
from edgebench.backends.prompt_lookup import draft
from edgebench.models import load_backend


def test_draft_follows_the_first_earlier_occurrence_of_the_longest_ngram():
    seq = [5, 6, 7, 1, 2, 9, 6, 7, 3, 4, 6, 7]
    # trigram [4, 6, 7] never occurred before; bigram [6, 7] first at 1: what followed it was 1, 2, 9
    assert draft(seq, 3) == [1, 2, 9]
    assert draft(seq, 2) == [1, 2]
    assert draft([1, 2, 3, 8, 2, 3], 5) == [8, 2, 3]  # the match's continuation runs into the tail: cut there
    assert draft([1, 2, 3, 4], 3) == []  # the tail occurs nowhere before
    assert draft([1, 2, 3, 4], 3, min_ngram=1) == []
    assert draft([4, 1, 4], 2, min_ngram=1) == [1, 4] and draft([4, 1, 4], 2, min_ngram=2) == []
    assert draft(seq, 0) == [] and draft([7], 3) == []


COPY = [GenerateRequest(messages=(("user", f"Repeat exactly, nothing else: {text}"),), max_new_tokens=n)
        for text, n in (("Order A-6714, tracking 134409788762, ship via SwiftPost to 12 Elm Street.", 40),
                        ('{"name": "Ann Lee", "amount": 19.90, "date": "2026-03-04"}', 36),
                        ("The quick brown fox jumps over the lazy dog.", 24))]


@pytest.fixture(scope="module")
def pair(smollm2_folder):
    torch.set_num_threads(1)
    plain = load_backend("hf:SmolLM2-135M-Instruct", batch_size=2, dtype="float32", prompt_lookup=0)
    drafted = load_backend("hf:SmolLM2-135M-Instruct", batch_size=2, dtype="float32", prompt_lookup=4)
    return plain, drafted


def test_drafts_change_no_token_and_save_forwards(pair, monkeypatch):
    plain, drafted = pair
    steps = []
    step = rolling.RollingDecoder._step

    def counted(self, cache, mask, running):
        steps.append(self.lookup)
        return step(self, cache, mask, running)

    monkeypatch.setattr(rolling.RollingDecoder, "_step", counted)
    slow = plain.generate(COPY)
    assert [r.text for r in drafted.generate(COPY)] == [r.text for r in slow]  # three rows, drafts as rows leave
    steps.clear()
    alone = [plain.generate([req])[0] for req in COPY]
    plain_steps = len(steps)
    steps.clear()
    fast = [drafted.generate([req])[0] for req in COPY]  # one row at a time: drafts fill the batch's room
    for req, a, b, c in zip(COPY, fast, slow, alone):
        assert a.text == b.text == c.text and a.completion_tokens == b.completion_tokens, req
    assert set(steps) == {4} and len(steps) < 0.8 * plain_steps, (len(steps), plain_steps)


def test_a_full_batch_drafts_nothing(pair):
    _, drafted = pair
    decoder = rolling.RollingDecoder(drafted.model, batch_size=2, eos_ids={0}, pad_id=0, lookup=4)
    rows = [rolling.Row(prompt=[1, 2, 3, 1, 2], max_new_tokens=8) for _ in range(2)]
    assert decoder._drafts(rows) == [[], []]  # budget 2 for 2 rows: one token each
    assert decoder._drafts(rows[:1]) == [[3]]  # alone: the bigram [1, 2] was followed by 3
