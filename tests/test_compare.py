"""``edgebench compare``: hand-built results documents with hand-computed differences and retention."""
from __future__ import annotations

import json
import math

import pytest

from edgebench.reporting.compare import compare, load_results
from edgebench.errors import EdgeBenchError
from conftest import run_cli


def _doc(spec: str, results: dict, *, bytes_on_disk: int, parameters: int, fingerprints: dict, limit=20,
         cost: dict | None = None, peak_rss: int | None = None) -> dict:
    """The parts of a results.json that compare reads, shaped as edgebench.evaluator writes them."""
    return {
        "results": {name: {"alias": name, **metrics} for name, metrics in results.items()},
        "tasks": {name: {"version": 1, "dataset_fingerprint": fingerprints[name]} for name in results},
        "n-samples": {name: {"original": 100, "effective": limit} for name in results},
        "cost": cost or {},
        "model": {"spec": spec, "hash": spec * 4,
                  "info": {"parameters": parameters, "bytes_on_disk": bytes_on_disk, "dtype": "float32"}},
        "settings": {"limit": limit},
        "totals": {"peak_rss_bytes": peak_rss},
    }


# A: the big model. B: the small one. Every expected figure below is worked out by hand.
A = _doc("hf:big", {
    "t1": {"acc": 0.8, "acc_stderr": 0.03, "f1": 0.5, "f1_stderr": 0.04},
    "t2": {"acc": 0.5, "acc_stderr": 0.1},
    "only_a": {"acc": 1.0},
}, bytes_on_disk=5_000_000, parameters=100, fingerprints={"t1": "f1", "t2": "f2", "only_a": "fa"},
    cost={"t1": {"latency_p50_s": 0.2, "computed_samples_per_s": 5.0}}, peak_rss=2_000_000_000)
B = _doc("hf:small", {
    "t1": {"acc": 0.6, "acc_stderr": 0.04, "f1": 0.55},          # f1 without a stderr
    "t2": {"acc": 0.35, "acc_stderr": 0.05},
    "only_b": {"acc": 0.0},
}, bytes_on_disk=3_000_000, parameters=60, fingerprints={"t1": "f1", "t2": "OTHER", "only_b": "fb"},
    cost={"t1": {"latency_p50_s": 0.1, "computed_samples_per_s": 10.0}}, peak_rss=1_000_000_000)


def _write(tmp_path, name: str, doc: dict):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "results.json").write_text(json.dumps(doc))
    return folder


def test_differences_significance_and_retention():
    cmp = compare(A, B)
    acc = cmp["tasks"]["t1"]["metrics"]["acc"]
    # 0.6 − 0.8 = −0.2; sqrt(0.03² + 0.04²) = 0.05, so 2·se = 0.1 < 0.2: significant; 0.6 / 0.8 = 0.75
    assert acc["diff"] == pytest.approx(-0.2)
    assert acc["combined_stderr"] == pytest.approx(0.05)
    assert acc["significant"] is True
    assert acc["retention"] == pytest.approx(0.75)
    f1 = cmp["tasks"]["t1"]["metrics"]["f1"]
    # B has no f1 stderr: no significance call; 0.55 / 0.5 = 1.1
    assert f1["diff"] == pytest.approx(0.05) and f1["combined_stderr"] is None and f1["significant"] is None
    assert f1["retention"] == pytest.approx(1.1)
    t2 = cmp["tasks"]["t2"]["metrics"]["acc"]
    # −0.15 against 2·sqrt(0.01 + 0.0025) = 0.2236: within noise (though past one combined stderr, 0.1118)
    assert t2["diff"] == pytest.approx(-0.15)
    assert 2 * t2["combined_stderr"] == pytest.approx(2 * math.sqrt(0.0125))
    assert t2["significant"] is False
    assert t2["retention"] == pytest.approx(0.7)
    assert list(cmp["tasks"]["t1"]["metrics"]) == ["acc", "f1"]  # no alias, no *_stderr rows


def test_size_and_retention_per_mb_saved():
    cmp = compare(A, B)
    assert cmp["tasks"]["t1"]["headline"] == "acc"
    # headline retention: t1 0.75, t2 0.7 -> mean 0.725; 5 MB − 3 MB = 2 MB saved -> 0.3625 per MB
    assert cmp["mean_headline_retention"] == pytest.approx(0.725)
    assert cmp["mb_saved"] == pytest.approx(2.0)
    assert cmp["retention_per_mb_saved"] == pytest.approx(0.3625)
    assert (cmp["a"]["parameters"], cmp["b"]["parameters"]) == (100, 60)
    assert (cmp["a"]["peak_rss_bytes"], cmp["b"]["peak_rss_bytes"]) == (2_000_000_000, 1_000_000_000)
    assert cmp["tasks"]["t1"]["cost"] == {"latency_p50_s": {"a": 0.2, "b": 0.1},
                                          "computed_samples_per_s": {"a": 5.0, "b": 10.0}}
    assert cmp["only_in_a"] == ["only_a"] and cmp["only_in_b"] == ["only_b"]


def test_nothing_saved_and_zero_baseline_give_no_ratio():
    bigger = json.loads(json.dumps(B))
    bigger["model"]["info"]["bytes_on_disk"] = 6_000_000
    bigger["results"]["t1"]["acc"] = 0.9
    cmp = compare(A, bigger)
    assert cmp["mb_saved"] == pytest.approx(-1.0)
    assert cmp["retention_per_mb_saved"] is None  # B is larger: there is no saving to divide by
    zero = json.loads(json.dumps(A))
    zero["results"]["t1"]["acc"] = 0.0
    assert compare(zero, B)["tasks"]["t1"]["metrics"]["acc"]["retention"] is None


def test_warnings_name_different_data_and_limits():
    assert compare(A, B)["warnings"] == [
        "the runs used different task data (dataset fingerprint) for t2: those differences mix model and task"]
    other_limit = json.loads(json.dumps(B))
    other_limit["settings"]["limit"] = 50
    assert any("different --limit (20 vs 50)" in w for w in compare(A, other_limit)["warnings"])
    assert compare(A, A)["warnings"] == []


def test_cli_prints_tables_and_summary(tmp_path):
    proc = run_cli("compare", str(_write(tmp_path, "a", A)), str(_write(tmp_path, "b", B) / "results.json"))
    out = proc.stdout
    assert "A = hf:big" in out and "B = hf:small" in out
    assert "acc *" in out and "-0.2000" in out and "0.750" in out and "0.1000" in out  # diff, B/A, 2·se
    assert "retention per MB saved = mean headline retention" in out  # the definition in the header
    assert "MB saved: 2.00" in out
    assert "retention per MB saved: 0.3625" in out
    assert "only in A: only_a" in out and "only in B: only_b" in out
    assert proc.stderr.strip().splitlines() == [
        "warning: the runs used different task data (dataset fingerprint) for t2: those differences mix model and task"]


def test_cli_json(tmp_path):
    proc = run_cli("compare", "--json", str(_write(tmp_path, "a", A)), str(_write(tmp_path, "b", B)))
    doc = json.loads(proc.stdout)
    assert doc["tasks"]["t2"]["metrics"]["acc"]["retention"] == pytest.approx(0.7)
    assert doc["retention_per_mb_saved"] == pytest.approx(0.3625)
    assert doc["a"]["path"].endswith("a")


@pytest.mark.parametrize("make, expected", [
    (lambda tmp: tmp / "missing", "does not exist"),
    (lambda tmp: tmp / "emptydir", "holds no results.json"),
    (lambda tmp: tmp / "bad.json", "is not JSON"),
    (lambda tmp: tmp / "other.json", "is not an EdgeBench results document"),
])
def test_cli_bad_inputs(tmp_path, make, expected):
    (tmp_path / "emptydir").mkdir()
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "other.json").write_text(json.dumps({"results": []}))
    proc = run_cli("compare", str(make(tmp_path)), str(_write(tmp_path, "b", B)), check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: RESULTS_A") and expected in lines[0]


def test_no_task_in_common(tmp_path):
    other = _doc("hf:x", {"z": {"acc": 1.0}}, bytes_on_disk=1, parameters=1, fingerprints={"z": "fz"})
    with pytest.raises(EdgeBenchError, match="share no task"):
        compare(A, other)
    proc = run_cli("compare", str(_write(tmp_path, "a", A)), str(_write(tmp_path, "z", other)), check=False)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "share no task" in proc.stderr


def test_load_results_accepts_folder_or_file(tmp_path):
    folder = _write(tmp_path, "a", A)
    assert load_results(folder) == load_results(folder / "results.json") == A
