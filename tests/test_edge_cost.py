"""Edge-cost figures: the auto batch sizer's decisions and token throughput, on hand-made cases."""
from __future__ import annotations

import pytest

from edgebench.backends.base import GenerateResult, ScoreResult
from edgebench.batching import AutoBatchSizer, is_out_of_memory
from edgebench.metrics.efficiency import token_throughput


def test_sizer_doubles_while_it_pays_then_stays():
    sizer = AutoBatchSizer(max_size=64)
    for batch, rate in ((1, 100.0), (2, 190.0), (4, 350.0), (8, 360.0)):  # 8 gains under 10 %: stop at 8
        assert sizer.size == batch
        sizer.observe(batch, tokens=int(rate * 10), seconds=10.0)
    assert sizer.settled and sizer.size == 8
    sizer.observe(8, tokens=10_000, seconds=1.0)  # settled: later calls change nothing
    assert sizer.size == 8 and len(sizer.history) == 4


def test_sizer_steps_back_when_bigger_is_slower():
    sizer = AutoBatchSizer()
    sizer.observe(1, tokens=100, seconds=1.0)
    sizer.observe(2, tokens=300, seconds=1.0)
    sizer.observe(4, tokens=250, seconds=1.0)  # slower than batch 2
    assert sizer.settled and sizer.size == 2


def test_sizer_caps_and_halves_on_out_of_memory():
    sizer = AutoBatchSizer(max_size=4)
    for batch in (1, 2, 4):
        sizer.observe(batch, tokens=batch * 100, seconds=1.0)
    assert sizer.settled and sizer.size == 4
    sizer = AutoBatchSizer(size=16)
    sizer.out_of_memory()
    assert sizer.size == 8 and sizer.settled
    with pytest.raises(MemoryError):
        AutoBatchSizer(size=1).out_of_memory()


def test_out_of_memory_is_recognised():
    assert is_out_of_memory(RuntimeError("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory"))
    assert is_out_of_memory(MemoryError())
    assert not is_out_of_memory(RuntimeError("shape mismatch"))


def test_token_throughput_splits_prefill_and_decode():
    results = [GenerateResult("a", prompt_tokens=100, completion_tokens=10, seconds=1.5, prefill_seconds=0.5,
                              decode_seconds=1.0),
               GenerateResult("b", prompt_tokens=300, completion_tokens=30, seconds=2.5, prefill_seconds=0.5,
                              decode_seconds=2.0, lock_compile_seconds=0.01)]
    out = token_throughput(results)
    assert out["prompt_tokens_per_s"] == 400.0  # 400 tokens / 1.0 s of prefill
    assert out["generated_tokens_per_s"] == pytest.approx(40 / 3, abs=0.01)
    assert out["tokens_per_s"] == 110.0  # 440 tokens / 4.0 s
    assert out["prefill_p50_s"] == 0.5 and out["decode_p95_s"] == pytest.approx(1.95)
    assert out["lock_compile_max_s"] == 0.01


def test_token_throughput_of_scoring_is_all_prefill():
    out = token_throughput([ScoreResult([0.0], prompt_tokens=50, seconds=0.25), ScoreResult([0.0], prompt_tokens=150,
                                                                                             seconds=0.75)])
    assert out["prompt_tokens_per_s"] == 200.0 and out["generated_tokens_per_s"] is None


def test_lock_overhead_is_its_masking_time_over_the_rest_of_decode():
    results = [GenerateResult("a", prompt_tokens=10, completion_tokens=5, seconds=2.0, prefill_seconds=0.5,
                              decode_seconds=1.5, lock_seconds=0.1),
               GenerateResult("b", prompt_tokens=10, completion_tokens=5, seconds=1.5, prefill_seconds=0.5,
                              decode_seconds=1.0, lock_seconds=0.15)]
    # 0.25 s of masking in 2.5 s of decode: the same tokens unlocked would take 2.25 s
    assert token_throughput(results)["lock_decode_overhead"] == pytest.approx(0.25 / 2.25, abs=1e-4)
    unlocked = [GenerateResult("a", prompt_tokens=10, completion_tokens=5, seconds=2.0, prefill_seconds=0.5,
                               decode_seconds=1.5)]
    assert "lock_decode_overhead" not in token_throughput(unlocked)
