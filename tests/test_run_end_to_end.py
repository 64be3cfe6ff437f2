"""edgebench run through the real CLI on the embedded SmolLM2: results, samples, batch-size
invariance, and resuming a killed run with nothing recomputed."""
import os
import signal
import sqlite3
import subprocess
import time

import pytest

from conftest import EDGEBENCH, read_json, read_jsonl, run_cli

MODEL = "hf:SmolLM2-135M-Instruct"  # run in float32 below: batch-size and resume equality are exact there


@pytest.fixture(scope="module")
def run_batch4(tmp_path_factory, smollm2_folder):
    out = tmp_path_factory.mktemp("run-b4")
    proc = run_cli("run", "--model", MODEL, "--dtype", "float32", "--tasks", "edge_intent", "--limit", "12", "--batch-size", "4",
                   "--output-path", str(out), "--log-samples", "--no-cache")
    return out, proc


def test_results_json_has_what_a_reader_needs(run_batch4):
    out, proc = run_batch4
    results = read_json(out / "results.json")
    assert results["edgebench_version"] and "git_hash" in results
    assert results["model"]["spec"] == MODEL and len(results["model"]["hash"]) == 64
    assert results["model"]["info"]["parameters"] > 100_000_000
    task = results["tasks"]["edge_intent"]
    assert task["version"] == 2 and len(task["dataset_fingerprint"]) == 64
    assert task["config"]["family"] == "intent" and task["splits"]["train"] > task["splits"]["test"] >= 200
    # the error bars resample whole frames; with every row its own frame that is a plain bootstrap
    frames = {r["cluster"] for r in read_jsonl(out / "samples_edge_intent.jsonl")}
    assert task["cluster_field"] == "frame" and task["clusters"] == len(frames)
    assert task["stderr_method"] == ("cluster_bootstrap" if len(frames) < 12 else "bootstrap")
    metrics = results["results"]["edge_intent"]
    for name in ("top1_acc", "top5_acc", "macro_f1"):
        assert 0.0 <= metrics[name] <= 1.0 and f"{name}_stderr" in metrics
    assert metrics["top5_acc"] >= metrics["top1_acc"]
    assert results["n-samples"]["edge_intent"]["effective"] == 12
    assert results["totals"]["computed"] == 12 and results["totals"]["from_cache"] == 0
    assert results["hardware"]["cpu_count"] >= 1 and results["seed"] == 1234
    assert results["settings"]["batch_size"] == 4 and results["totals"]["wall_s"] > 0
    # the command that made it, for the leaderboard's model page
    assert results["command"].startswith("edgebench run --model hf:SmolLM2-135M-Instruct --dtype float32")
    assert "top1_acc" in proc.stdout and "12 samples (0 from cache, 12 computed)" in proc.stdout


def test_samples_file_matches_the_metrics(run_batch4):
    out, _ = run_batch4
    samples = read_jsonl(out / "samples_edge_intent.jsonl")
    assert len(samples) == 12
    for s in samples:
        assert s["input"] and s["gold"] and s["pred"] in s["ranking"] and len(s["ranking"]) == 24
        assert s["scores"]["top1"] == int(s["pred"] == s["gold"])
    top1 = sum(s["scores"]["top1"] for s in samples) / 12
    assert top1 == pytest.approx(read_json(out / "results.json")["results"]["edge_intent"]["top1_acc"])


def test_scores_do_not_change_with_batch_size(run_batch4, tmp_path):
    out4, _ = run_batch4
    run_cli("run", "--model", MODEL, "--dtype", "float32", "--tasks", "edge_intent", "--limit", "12", "--batch-size", "1",
            "--output-path", str(tmp_path), "--log-samples", "--no-cache")
    one, four = read_json(tmp_path / "results.json"), read_json(out4 / "results.json")
    assert one["results"] == four["results"]
    s1, s4 = read_jsonl(tmp_path / "samples_edge_intent.jsonl"), read_jsonl(out4 / "samples_edge_intent.jsonl")
    assert [s["ranking"] for s in s1] == [s["ranking"] for s in s4]
    for a, b in zip(s1, s4):
        assert a["output"] == pytest.approx(b["output"], abs=1e-3)


def count_rows(db):
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_killed_run_resumes_with_nothing_recomputed(run_batch4, tmp_path):
    db, out = tmp_path / "cache.sqlite", tmp_path / "out"
    args = ["run", "--model", MODEL, "--dtype", "float32", "--tasks", "edge_intent", "--limit", "12", "--batch-size", "2",
            "--output-path", str(out), "--cache-path", str(db), "--log-samples", "--no-progress"]
    proc = subprocess.Popen([EDGEBENCH, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=os.environ.copy())
    deadline = time.time() + 600
    while count_rows(db) < 4 and proc.poll() is None and time.time() < deadline:
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = count_rows(db)
    assert 4 <= done < 12, f"the kill should land mid-run; {done} of 12 were finished"
    assert not (out / "results.json").exists()

    resumed = run_cli(*args[:-1])  # same command, with its progress bar
    results = read_json(out / "results.json")
    assert results["totals"]["from_cache"] == done
    assert results["totals"]["computed"] == 12 - done
    assert f"({done} from cache, {12 - done} computed)" in resumed.stdout
    assert count_rows(db) == 12
    samples = read_jsonl(out / "samples_edge_intent.jsonl")
    assert sum(s["cached"] for s in samples) == done
    # identical to the uninterrupted run (which also used another batch size)
    uninterrupted = read_json(run_batch4[0] / "results.json")
    assert results["results"] == uninterrupted["results"]

    again = read_json(out / "results.json") if run_cli(*args) else None
    assert again["totals"]["from_cache"] == 12 and again["totals"]["computed"] == 0
