"""Submission entries (issue 16 B): ``edgebench submit`` packs a real run, ``edgebench verify`` certifies it,
and every kind of tampering (a metric, a sample, an input, a fingerprint, a byte, another model) is caught
by the right check, which names the task and metric."""
from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from conftest import read_json, run_cli, tiny_llama
from edgebench.errors import EdgeBenchError
from edgebench.submission.archive import (MANIFEST, entry_from_files, manifest_for, pack, read_entry, read_files,
                                          read_verification, verification_path)
from edgebench.submission.checks import TaskBook, check_fingerprints, check_manifest, check_metrics

TASKS = "edge_spam,edge_intent"


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory) -> Path:
    """A genuine results folder from a fast real backend."""
    out = tmp_path_factory.mktemp("run")
    run_cli("run", "--model", "sklearn:tfidf-lr", "--tasks", TASKS, "--limit", "30", "--output-path", str(out),
            "--log-samples")
    return out


@pytest.fixture(scope="module")
def entry(results_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("entry") / "genuine.tar.gz"
    proc = run_cli("submit", str(results_dir), "--out", str(out))
    assert proc.stdout.splitlines()[0] == str(out)
    assert "2 tasks, 60 samples" in proc.stdout
    return out


@pytest.fixture(scope="module")
def book() -> TaskBook:
    return TaskBook()


def repack(source: Path, out: Path, edit, fresh_manifest: bool = True) -> Path:
    """``source``'s files, changed by ``edit(files)`` (name -> bytes, in place), packed at ``out``; with a
    manifest rebuilt for the changed files, so that only the check under test can see the change."""
    files = read_files(source)
    edit(files)
    if fresh_manifest:
        files[MANIFEST] = (json.dumps(manifest_for(files), indent=2) + "\n").encode()
    return pack(files, out)


def edit_json(name: str, change):
    def edit(files):
        doc = json.loads(files[name])
        change(doc)
        files[name] = (json.dumps(doc, indent=2) + "\n").encode()
    return edit


def edit_sample(task: str, index: int, change):
    def edit(files):
        name = f"samples_{task}.jsonl"
        rows = [json.loads(line) for line in files[name].decode().splitlines()]
        change(rows[index])
        files[name] = "".join(json.dumps(r) + "\n" for r in rows).encode()
    return edit


def verify(path: Path, *args: str):
    proc = run_cli("verify", str(path), *args, check=False)
    lines = {line.split(" ", 2)[1].rstrip(":"): line for line in proc.stdout.splitlines()
             if line.split(" ", 1)[0] in ("PASS", "FAIL", "SKIP")}
    return proc, lines


def test_genuine_entry_verifies_with_every_check_and_is_certified_until_it_changes(entry, results_dir, tmp_path):
    read = read_entry(entry)
    assert set(read.files) == {"manifest.json", "results.json", "hardware.json", "environment.json",
                               "samples_edge_spam.jsonl", "samples_edge_intent.jsonl"}
    assert read.results == read_json(results_dir / "results.json")
    assert len(read.samples["edge_intent"]) == 30
    assert json.loads(read.files["hardware.json"]) == read.results["hardware"]
    env = json.loads(read.files["environment.json"])
    assert {"python", "platform", "edgebench_version", "git_hash"} <= set(env)
    assert "scikit-learn" in env["packages"] and "numpy" in env["packages"]
    assert set(read.manifest["files"]) == set(read.files) - {"manifest.json"}

    proc, lines = verify(entry, "--sample", "5")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert list(lines) == ["manifest", "metrics", "fingerprints", "rerun"]
    assert all(line.startswith("PASS") for line in lines.values()), lines
    assert "10 samples re-run with sklearn:tfidf-lr" in lines["rerun"] and "within 0.0001" in lines["rerun"]
    doc = read_verification(entry)
    assert doc is not None and doc["certified"] is True
    assert [c["name"] for c in doc["checks"]] == ["manifest", "metrics", "fingerprints", "rerun"]
    assert all(c["ran"] and c["ok"] for c in doc["checks"])
    assert verification_path(entry).name == "genuine.verification.json"

    # the same verification beside a copy whose bytes differ (repacked: new mtimes) certifies nothing
    copy = repack(entry, tmp_path / "genuine.tar.gz", lambda files: files.update({"extra.txt": b"x"}))
    verification_path(copy).write_bytes(verification_path(entry).read_bytes())
    assert read_verification(copy) is None
    assert read_verification(tmp_path / "nothing.tar.gz") is None


def test_edited_metric_fails_metrics_and_without_a_new_manifest_also_manifest(entry, book, tmp_path):
    def change(doc):
        doc["results"]["edge_spam"]["f1"] = 0.5

    edited = read_entry(repack(entry, tmp_path / "metric.tar.gz", edit_json("results.json", change)))
    assert check_manifest(edited.files)["ok"]
    result = check_metrics(edited, book)
    assert result["ran"] and not result["ok"]
    assert result["detail"].startswith("edge_spam f1 is 0.5 in results.json but 0.923")
    assert "from samples_edge_spam.jsonl" in result["detail"]

    stale = repack(entry, tmp_path / "stale.tar.gz", edit_json("results.json", change), fresh_manifest=False)
    proc, lines = verify(stale, "--sample", "1")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert lines["manifest"].startswith("FAIL manifest: results.json")
    assert lines["metrics"].startswith("FAIL metrics: edge_spam f1 is 0.5 in results.json")
    assert lines["fingerprints"].startswith("PASS") and lines["rerun"].startswith("PASS")
    doc = read_verification(stale)
    assert doc["certified"] is False and [c["ok"] for c in doc["checks"]] == [False, False, True, True]


def test_edited_stderr_fails_metrics(entry, book, tmp_path):
    edited = read_entry(repack(entry, tmp_path / "e.tar.gz", edit_json(
        "results.json", lambda doc: doc["results"]["edge_intent"].update(macro_f1_stderr=0.01))))
    assert check_metrics(edited, book)["detail"].startswith("edge_intent macro_f1_stderr is 0.01 in results.json")


def test_edited_sample_pred_or_score_fails_metrics(entry, book, tmp_path):
    def flip(row):
        row["pred"] = "ham" if row["pred"] == "spam" else "spam"
        row["scores"]["top1"] = 1 - row["scores"]["top1"]

    edited = read_entry(repack(entry, tmp_path / "pred.tar.gz", edit_sample("edge_spam", 0, flip)))
    detail = check_metrics(edited, book)["detail"]
    assert detail.startswith("edge_spam top1_acc is 0.933") and "from samples_edge_spam.jsonl" in detail

    # a changed confidence moves only the ranking metric
    edited = read_entry(repack(entry, tmp_path / "score.tar.gz", edit_sample(
        "edge_spam", 1, lambda row: row.update(score=0.999))))
    assert check_metrics(edited, book)["detail"].startswith("edge_spam auroc is")

    edited = read_entry(repack(entry, tmp_path / "drop.tar.gz", lambda files: files.update(
        {"samples_edge_intent.jsonl": b"".join(files["samples_edge_intent.jsonl"].splitlines(True)[1:])})))
    assert check_metrics(edited, book)["detail"] == ("edge_intent has 29 samples in samples_edge_intent.jsonl "
                                                     "but n-samples.effective is 30 in results.json")


def test_edited_input_text_fails_fingerprints(entry, book, tmp_path):
    edited = read_entry(repack(entry, tmp_path / "input.tar.gz", edit_sample(
        "edge_intent", 3, lambda row: row.update(input=row["input"] + " please"))))
    assert check_manifest(edited.files)["ok"] and check_metrics(edited, book)["ok"]  # only the data check sees it
    result = check_fingerprints(edited, book)
    assert not result["ok"]
    assert result["detail"].startswith("edge_intent sample 4 (doc_id ")
    assert "its input is not the test row's" in result["detail"]

    # a sample moved onto another row's id is caught too
    def swap(files):
        name = "samples_edge_spam.jsonl"
        rows = [json.loads(line) for line in files[name].decode().splitlines()]
        rows[0]["doc_id"], rows[1]["doc_id"] = rows[1]["doc_id"], rows[0]["doc_id"]
        files[name] = "".join(json.dumps(r) + "\n" for r in rows).encode()

    edited = read_entry(repack(entry, tmp_path / "swap.tar.gz", swap))
    assert check_fingerprints(edited, book)["detail"].startswith("edge_spam sample 1")


def test_swapped_dataset_fingerprint_or_version_fails_fingerprints_naming_the_task(entry, book, tmp_path):
    def swap(doc):
        doc["tasks"]["edge_intent"]["dataset_fingerprint"] = doc["tasks"]["edge_spam"]["dataset_fingerprint"]

    edited = read_entry(repack(entry, tmp_path / "fp.tar.gz", edit_json("results.json", swap)))
    result = check_fingerprints(edited, book)
    assert not result["ok"] and result["detail"].startswith("edge_intent dataset_fingerprint is ")
    edited = read_entry(repack(entry, tmp_path / "v.tar.gz", edit_json(
        "results.json", lambda doc: doc["tasks"]["edge_spam"].update(version=1))))
    assert check_fingerprints(edited, book)["detail"] == "edge_spam version is 1 in results.json but 2 here"


def _tamper(name: str, at: int, byte: bytes):
    def edit(files):
        data = bytearray(files[name])
        data[at:at + 1] = byte if data[at:at + 1] != byte else b"Y"
        files[name] = bytes(data)
    return edit


def test_tampered_byte_fails_manifest(entry, tmp_path):
    # one byte of a hardware figure: still valid JSON, so only the manifest can tell
    at = read_files(entry)["hardware.json"].index(b'"') + 1
    byte = repack(entry, tmp_path / "byte.tar.gz", _tamper("hardware.json", at, b"X"), fresh_manifest=False)
    result = check_manifest(read_files(byte))
    assert not result["ok"] and result["detail"].startswith("hardware.json sha256 is ")
    extra = repack(entry, tmp_path / "extra.tar.gz", lambda f: f.update({"notes.txt": b"hi"}), fresh_manifest=False)
    assert check_manifest(read_files(extra))["detail"] == "notes.txt is in the archive but not in manifest.json"
    gone = repack(entry, tmp_path / "gone.tar.gz", lambda f: f.pop("hardware.json"), fresh_manifest=False)
    assert check_manifest(read_files(gone))["detail"] == ("hardware.json is in manifest.json but missing "
                                                          "from the archive")

    # a byte that breaks a samples file: the manifest names it and the entry fails (exit 1), not a usage error
    broken = repack(entry, tmp_path / "broken.tar.gz", _tamper("samples_edge_spam.jsonl", 10, b"X"),
                    fresh_manifest=False)
    proc, lines = verify(broken)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert lines["manifest"].startswith("FAIL manifest: samples_edge_spam.jsonl sha256 is ")
    assert lines["metrics"].startswith("FAIL metrics: the entry cannot be read") and lines["rerun"].startswith("SKIP")
    assert read_verification(broken)["certified"] is False


def test_another_model_fails_rerun_naming_the_sample(entry, smollm2_folder, tmp_path):
    model = tiny_llama(tmp_path / "tiny", smollm2_folder, layers=1, max_positions=2048)
    proc, lines = verify(entry, "--sample", "2", "--model", f"hf:{model}")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert lines["rerun"].startswith("FAIL rerun: edge_")
    assert " sample " in lines["rerun"] and "in the entry but" in lines["rerun"] and "re-run" in lines["rerun"]
    assert "model hash" in lines["rerun"]
    assert all(lines[c].startswith("PASS") for c in ("manifest", "metrics", "fingerprints"))
    assert read_verification(entry)["certified"] is False


def test_another_spec_with_the_same_predictions_passes_and_says_its_hash_differs(entry):
    # sklearn:tfidf-logreg is the same pipeline under its long name: the same answers, another hash
    proc, lines = verify(entry, "--sample", "3", "--model", "sklearn:tfidf-logreg")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert lines["rerun"].startswith("PASS rerun: 6 samples re-run with sklearn:tfidf-logreg")
    assert "model hash" in lines["rerun"] and "differs from the entry's" in lines["rerun"]


def _one_error_line(proc, *words: str) -> str:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_bad_inputs_exit_2_with_one_error_line(results_dir, tmp_path):
    _one_error_line(run_cli("submit", str(tmp_path / "nope"), "--out", str(tmp_path / "e.tar.gz"), check=False),
                    "nope")
    (tmp_path / "empty").mkdir()
    _one_error_line(run_cli("submit", str(tmp_path / "empty"), "--out", str(tmp_path / "e.tar.gz"), check=False),
                    "results.json")
    partial = tmp_path / "partial"
    partial.mkdir()
    (partial / "results.json").write_bytes((results_dir / "results.json").read_bytes())
    (partial / "samples_edge_spam.jsonl").write_bytes((results_dir / "samples_edge_spam.jsonl").read_bytes())
    _one_error_line(run_cli("submit", str(partial), "--out", str(tmp_path / "e.tar.gz"), check=False),
                    "samples_edge_intent.jsonl", "--log-samples")
    not_archive = tmp_path / "results.tar.gz"
    not_archive.write_text("{}")
    _one_error_line(run_cli("verify", str(not_archive), check=False), str(not_archive))
    _one_error_line(run_cli("verify", str(tmp_path / "missing.tar.gz"), check=False), "missing.tar.gz")
    assert not (tmp_path / "results.verification.json").exists()


def _archive_with(path: Path, member: tarfile.TarInfo, data: bytes = b"") -> Path:
    with tarfile.open(path, "w:gz") as tar:
        tar.addfile(member, io.BytesIO(data) if member.isreg() else None)
    return path


@pytest.mark.parametrize("name,kind", [("../evil.json", tarfile.REGTYPE), ("/etc/evil.json", tarfile.REGTYPE),
                                       ("sub/results.json", tarfile.REGTYPE), ("results.json", tarfile.SYMTYPE),
                                       ("sub", tarfile.DIRTYPE)])
def test_unsafe_members_are_refused(tmp_path, name, kind):
    member = tarfile.TarInfo(name)
    member.type = kind
    if kind == tarfile.SYMTYPE:
        member.linkname = "/etc/passwd"
    else:
        member.size = 2 if kind == tarfile.REGTYPE else 0
    path = _archive_with(tmp_path / "bad.tar.gz", member, b"{}")
    with pytest.raises(EdgeBenchError, match="bad.tar.gz.*not a plain top-level file"):
        read_entry(path)


def test_an_archive_without_results_is_refused(tmp_path):
    with pytest.raises(EdgeBenchError, match="no manifest.json"):
        entry_from_files(tmp_path / "x.tar.gz", {"results.json": b"{}"})


def test_rerun_tolerance_is_tight_in_full_precision_and_wider_where_batching_moves_scores():
    from types import SimpleNamespace

    from edgebench.submission.rerun import DEFAULT_TOLERANCE, REDUCED_PRECISION_TOLERANCE, default_tolerance

    def entry_of(dtype):
        return SimpleNamespace(results={"edge_cost": {"dtype": dtype}, "model": {"info": {"dtype": dtype}}})

    assert default_tolerance(entry_of("float32")) == DEFAULT_TOLERANCE == 1e-4
    assert default_tolerance(entry_of("float64")) == DEFAULT_TOLERANCE  # sklearn
    for dtype in ("bfloat16", "float16", "int8", "Q4_1"):
        assert default_tolerance(entry_of(dtype)) == REDUCED_PRECISION_TOLERANCE > DEFAULT_TOLERANCE
