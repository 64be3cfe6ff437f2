"""Error bars that know a model passes or fails whole templates (issue 13): the cluster bootstrap on
hand-built cases, the paired test of compare, results.json's cluster record, and top1_acc_norm."""
import json
import math

import pytest
from click.testing import CliRunner

from edgebench.cli import cli
from edgebench.reporting.compare import compare
from edgebench.metrics import classification as m
from edgebench.metrics.stats import bootstrap_stderr, paired_bootstrap_stderr


def rec(right: bool, cluster: str, doc_id: str = "") -> dict:
    return {"doc_id": doc_id, "gold": "a", "pred": "a" if right else "b", "cluster": cluster}


def whole_templates(k=20, rows=4):
    """k templates of ``rows`` rows each, half all right and half all wrong (p = 0.5)."""
    return [rec(t % 2 == 0, f"t{t}", f"t{t}/{i}") for t in range(k) for i in range(rows)]


def test_clustered_stderr_is_sqrt_rows_per_template_times_the_row_stderr():
    records = whole_templates(k=20, rows=4)
    clusters = [r["cluster"] for r in records]
    row = bootstrap_stderr(m.top1_acc, records, iters=4000, seed=0)
    clustered = bootstrap_stderr(m.top1_acc, records, iters=4000, seed=0, clusters=clusters)
    # hand-computed: row level sqrt(.25 / 80) = 0.0559; template level sqrt(.25 / 20) = 0.1118
    assert row == pytest.approx(math.sqrt(0.25 / 80), rel=0.08)
    assert clustered == pytest.approx(math.sqrt(0.25 / 20), rel=0.08)
    assert clustered / row == pytest.approx(2.0, rel=0.1)  # sqrt(4 rows per template)


def test_one_row_per_cluster_is_the_row_bootstrap():
    records = [rec(i % 3 == 0, f"c{i}") for i in range(30)]
    clusters = [r["cluster"] for r in records]
    assert bootstrap_stderr(m.top1_acc, records, iters=500, seed=3, clusters=clusters) == \
        bootstrap_stderr(m.top1_acc, records, iters=500, seed=3)
    assert bootstrap_stderr(m.top1_acc, records[:4], clusters=["x"] * 4) is None  # one cluster: no error bar


def test_paired_stderr_cancels_what_two_runs_share():
    a = whole_templates(k=20, rows=4)
    b = [dict(r) for r in a]
    for r in b[:4]:  # template t0, right in A, is wrong in B: B is worse by one template of 20
        r["pred"] = "b"
    clusters = [r["cluster"] for r in a]
    paired = paired_bootstrap_stderr(m.top1_acc, a, b, iters=2000, seed=0, clusters=clusters)
    independent = math.hypot(bootstrap_stderr(m.top1_acc, a, iters=2000, seed=0, clusters=clusters),
                             bootstrap_stderr(m.top1_acc, b, iters=2000, seed=1, clusters=clusters))
    # hand-computed: the difference is -1/20 from one template of 20, so its paired se is about
    # sqrt(20 * (1/20) * (19/20)) / 20 = 0.0487, while the independent runs' errors add to about 0.16
    assert paired == pytest.approx(math.sqrt(20 * 0.05 * 0.95) / 20, rel=0.15)
    assert independent > 3 * paired


def test_compare_uses_the_paired_test_when_both_runs_logged_the_same_samples():
    a_records = whole_templates(k=20, rows=4)
    b_records = [dict(r) for r in a_records]
    for r in b_records[:4]:
        r["pred"] = "b"
    doc = lambda acc: {"model": {"spec": "x", "hash": "h"}, "results": {"t": {"top1_acc": acc, "top1_acc_stderr": 0.11}}}  # noqa: E731
    a, b = doc(m.top1_acc(a_records)), doc(m.top1_acc(b_records))
    plain = compare(a, b)["tasks"]["t"]["metrics"]["top1_acc"]
    assert plain["test"] == "independent" and plain["significant"] is False
    with_samples = compare(a, b, {"t": a_records}, {"t": b_records})["tasks"]["t"]["metrics"]["top1_acc"]
    assert with_samples["test"] == "paired_cluster_bootstrap" and 0.03 < with_samples["paired_stderr"] < 0.07
    partial = compare(a, b, {"t": a_records}, {"t": b_records[:-1]})["tasks"]["t"]["metrics"]["top1_acc"]
    assert partial["test"] == "independent"  # not the same samples: no pairing


def test_results_record_clusters_and_the_stderr_method(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", "--model", "sklearn:tfidf-lr", "--tasks", "edge_spam", "--limit", "all",
                                      "--no-cache", "--output-path", str(out), "--log-samples", "--no-progress"])
    assert result.exit_code == 0, result.output
    saved = json.loads((out / "results.json").read_text())
    samples = [json.loads(x) for x in (out / "samples_edge_spam.jsonl").read_text().splitlines()]
    task = saved["tasks"]["edge_spam"]
    assert task["clusters"] == len({s["cluster"] for s in samples}) < len(samples)  # 12 rows per frame
    # data v2 rows name their frame: the held-out unit, whose templates pass or fail together
    assert task["stderr_method"] == "cluster_bootstrap" and task["cluster_field"] == "frame"
    docs = __import__("edgebench.tasks.config", fromlist=["x"]).select("edge_spam")[0].docs("test")
    assert {s["cluster"] for s in samples} == set(docs["frame"]) and task["clusters"] < len(set(docs["template"]))


def test_top1_acc_norm_ranks_by_loglik_per_byte():
    from edgebench.backends.base import ScoreResult
    from edgebench.tasks.config import select

    task = select("edge_spam")[0]
    doc = task.docs("test", 1)[0]
    labels = task.labels
    # the longer label wins by sum, the shorter one per byte
    long_, short = max(labels, key=len), min(labels, key=len)
    prefix = task.prompt.get("continuation_prefix", "")
    lp = {long_: -2.0 * len((prefix + long_).encode()) + 1.0, short: -1.9 * len((prefix + short).encode())}
    if lp[long_] > lp[short]:
        record = task.process(dict(doc, label=short), ScoreResult(logprobs=[lp[label] for label in labels]))
        assert record["pred"] == long_ and record["pred_norm"] == short
        assert record["scores"]["top1"] == 0 and record["scores"]["top1_norm"] == 1
    assert m.top1_acc_norm([{"scores": {"top1_norm": 1}}, {"scores": {"top1_norm": 0}}]) == 0.5
