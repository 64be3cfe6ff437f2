"""A submitted entry of the tasks that ask in rounds (edge_guard: four requests at once; edge_aggregate: one per
document) verifies like any other: fingerprints from the task's own blank rounds, metrics from the samples and
a rerun that asks the rounds again. A changed round answer is caught."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli, tiny_llama

TASKS = "edge_guard,edge_aggregate,edge_verify"


@pytest.fixture(scope="module")
def entry(tmp_path_factory, smollm2_folder) -> Path:
    tiny = tiny_llama(tmp_path_factory.mktemp("tiny") / "tiny", smollm2_folder, layers=1, max_positions=4096)
    out = tmp_path_factory.mktemp("run")
    run_cli("run", "--model", f"hf:{tiny}", "--dtype", "float32", "--tasks", TASKS, "--limit", "2",
            "--output-path", str(out), "--log-samples")
    path = tmp_path_factory.mktemp("entry") / "modes.tar.gz"
    run_cli("submit", str(out), "--out", str(path))
    return path


def test_an_entry_of_round_tasks_verifies_rerun_included(entry):
    proc = run_cli("verify", str(entry), "--sample", "2")
    lines = proc.stdout.splitlines()
    for check in ("manifest", "metrics", "fingerprints", "rerun"):
        assert any(line.startswith(f"PASS {check}") for line in lines), proc.stdout
    from edgebench.submission.archive import read_verification

    assert read_verification(entry)["certified"] is True


def test_a_changed_aggregate_state_fails_the_rerun(entry, tmp_path):
    from test_submission import edit_sample, repack, verify

    def change(record):
        record["pred"] = {"parties": ["Nobody"], "total_amount": 0, "currency": "USD", "flags": [], "status": "open"}

    bad = repack(entry, tmp_path / "bad.tar.gz", edit_sample("edge_aggregate", 0, change))
    proc, lines = verify(bad, "--sample", "2")
    assert proc.returncode == 1, proc.stdout
    assert lines["rerun"].startswith("FAIL rerun: edge_aggregate sample 1"), lines["rerun"]
