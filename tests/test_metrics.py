"""Metrics against hand-computed cases."""
import math

import pytest

from edgebench.metrics import classification as m
from edgebench.metrics.efficiency import latency_summary
from edgebench.metrics.stats import bootstrap_stderr


def rec(gold, pred, ranking=None):
    return {"gold": gold, "pred": pred, "ranking": ranking if ranking is not None else ([pred] if pred else [])}


def test_top1_and_topk():
    records = [rec("a", "a", ["a", "b", "c"]), rec("b", "a", ["a", "c", "b"]), rec("c", "b", ["b", "a", "d"]),
               rec("d", None, [])]
    assert m.top1_acc(records) == 0.25
    assert m.top_k_acc(records, 2) == 0.25      # only the first has gold in its top 2
    assert m.top_k_acc(records, 3) == 0.5       # the second has gold 'b' third
    assert m.top5_acc(records) == 0.5


def test_macro_f1_hand_computed():
    # a: precision 1/1, recall 1/2 -> F1 2/3; b: precision 2/3, recall 2/2 -> F1 4/5
    records = [rec("a", "a"), rec("a", "b"), rec("b", "b"), rec("b", "b")]
    assert m.macro_f1(records) == pytest.approx((2 / 3 + 4 / 5) / 2)


def test_macro_f1_counts_unparsed_as_wrong_and_ignores_never_gold_labels():
    # gold labels a, b; a: tp 1, fn 1 (None) -> P 1, R 1/2 -> 2/3; b: tp 1, fp 0 -> 1; label 'z' is never gold
    records = [rec("a", "a"), rec("a", None), rec("b", "b")]
    assert m.macro_f1(records) == pytest.approx((2 / 3 + 1) / 2)
    assert m.macro_f1([rec("a", "z"), rec("a", "a")]) == pytest.approx(2 / 3)


def test_invalid_rate():
    assert m.invalid_rate([rec("a", None), rec("a", "a"), rec("b", None), rec("b", "a")]) == 0.5


def test_bootstrap_stderr_of_a_mean_matches_the_formula():
    records = [rec("a", "a")] * 100 + [rec("a", "b")] * 100  # accuracy 0.5 over n=200
    stderr = bootstrap_stderr(m.top1_acc, records, iters=2000, seed=0)
    assert stderr == pytest.approx(math.sqrt(0.25 / 200), rel=0.1)


def test_bootstrap_is_zero_for_a_constant_and_none_for_one_sample():
    assert bootstrap_stderr(m.top1_acc, [rec("a", "a")] * 10, iters=50) == 0.0
    assert bootstrap_stderr(m.top1_acc, [rec("a", "a")], iters=50) is None


def test_latency_summary():
    out = latency_summary([1.0, 2.0, 3.0, 4.0, 5.0])
    assert out["latency_p50_s"] == 3.0 and out["latency_mean_s"] == 3.0
    assert out["latency_p95_s"] == pytest.approx(4.8)
    assert latency_summary([])["latency_p50_s"] is None
