"""Config and CLI inputs that used to end in a traceback or in a quiet lie (issue 12, groups 9 and 10):
each is one ``error:`` line, or the command does what it says."""
import json

import pytest
from click.testing import CliRunner

from edgebench import evaluator
from edgebench.cli import cli

INTENT = """task: tiny_router
family: intent
version: 1
dataset:
  files: {train: rows.jsonl, test: rows.jsonl}
prompt: {template: "{text}", chat: false, continuation_prefix: " "}
"""


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def one_error(result):
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert result.exit_code == 2 and len(errors) == 1 and "Traceback" not in result.output, result.output
    return errors[0]


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps({"text": f"row {i}", "label": "ab"[i % 2]}) + "\n"
                                                 for i in range(6)))
    return tmp_path


@pytest.mark.parametrize("args,needle", [
    (["run", "--no-such-option"], "No such option '--no-such-option'. (see '"),
    (["run", "--model", "sklearn:tfidf-lr", "--seed", "-5"], "Invalid value for '--seed'"),
    (["frobnicate"], "No such command 'frobnicate'"),
])
def test_a_usage_error_is_one_line(args, needle):
    result = invoke(*args)
    assert result.exit_code == 2 and result.stderr.strip().startswith("error: ") and needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_absurd_threads_are_refused_before_the_model_loads(tmp_path):
    line = one_error(invoke("run", "--model", "sklearn:tfidf-lr", "--tasks", "edge_spam", "--threads", "100000",
                            "--output-path", str(tmp_path)))
    assert "--threads 100000 is more than 4x the" in line


@pytest.mark.parametrize("edit,needle", [
    (lambda t: t + "metricz: [top1_acc]\n", "unknown key 'metricz' (did you mean 'metrics'?)"),
    (lambda t: t + "metrics: [json_exact]\n", "metric 'json_exact' scores json, aggregate tasks, not intent; use one of: "),
])
def test_a_config_that_would_fail_mid_run_fails_in_validate(folder, edit, needle):
    (folder / "t.yaml").write_text(edit(INTENT))
    assert needle in one_error(invoke("validate", str(folder / "t.yaml")))


def test_validate_reports_every_file_and_a_folder_is_named_as_one(folder):
    (folder / "good.yaml").write_text(INTENT)
    (folder / "bad.yaml").write_text(INTENT + "metricz: []\n")
    (folder / "binary.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    result = invoke("validate", str(folder / "bad.yaml"), str(folder / "good.yaml"), str(folder), str(folder / "binary.yaml"))
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3 and "unknown key 'metricz'" in errors[0]
    assert "is a folder; name a YAML file" in errors[1] and "is not UTF-8 text" in errors[2]
    assert f"ok: {folder / 'good.yaml'}" in result.stdout


def test_a_binary_yaml_in_an_include_folder_breaks_no_other_command(folder):
    (folder / "t.yaml").write_text(INTENT)
    (folder / "zz_binary.yaml").write_bytes(b"\xff\xfe\x00garbage")
    result = invoke("tasks", "--include-path", str(folder))
    assert result.exit_code == 0 and "tiny_router" in result.stdout and "edge_spam" in result.stdout


def test_a_tag_runs_what_the_backend_can_and_lists_the_rest(tmp_path):
    out = tmp_path / "out"
    result = invoke("run", "--model", "sklearn:tfidf-lr", "--tasks", "filters", "--output-path", str(out),
                    "--no-cache", "--no-progress")
    assert result.exit_code == 0, result.output
    saved = json.loads((out / "results.json").read_text())
    assert set(saved["results"]) == {"edge_spam", "edge_toxicity"} and set(saved["skipped"]) == {"edge_pii"}
    assert "warning: skipped task 'edge_pii': task 'edge_pii' has no labelled train examples" in result.stderr
    named = invoke("run", "--model", "sklearn:tfidf-lr", "--tasks", "edge_pii", "--output-path", str(out), "--no-cache")
    assert "has no labelled train examples" in one_error(named)


def test_samples_files_of_an_earlier_run_are_removed(folder, tmp_path):
    (folder / "t.yaml").write_text(INTENT)
    out = tmp_path / "out"
    out.mkdir()
    (out / "samples_edge_json.jsonl").write_text("{}\n")
    result = invoke("run", "--model", "sklearn:tfidf-lr", "--tasks", str(folder / "t.yaml"), "--output-path", str(out),
                    "--no-cache", "--log-samples", "--no-progress")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("samples_*")) == ["samples_tiny_router.jsonl"]
    assert "removed 1 samples file(s) of an earlier run" in result.stderr


@pytest.mark.parametrize("no_cache,needle", [(True, "nothing was kept (--no-cache)"),
                                             (False, "finished samples are in the response cache")])
def test_ctrl_c_says_what_was_kept(folder, tmp_path, monkeypatch, no_cache, needle):
    (folder / "t.yaml").write_text(INTENT)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(evaluator, "evaluate", interrupted)
    result = invoke("run", "--model", "sklearn:tfidf-lr", "--tasks", str(folder / "t.yaml"), "--output-path",
                    str(tmp_path / "out"), "--cache-path", str(tmp_path / "c.sqlite"), *(["--no-cache"] if no_cache else []))
    assert result.exit_code == 130 and result.stderr.strip() == f"interrupted: {needle}" + (
        "; run without --no-cache to make a run resumable" if no_cache else "; re-run the same command to resume")


def test_generate_takes_a_seed_and_checks_its_output_folder(tmp_path):
    first = invoke("generate", "--task", "edge_spam", "--out", str(tmp_path / "a"), "--seed", "7")
    second = invoke("generate", "--task", "edge_spam", "--out", str(tmp_path / "b"))
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert first.stdout.split("fingerprint")[1].split()[0] != second.stdout.split("fingerprint")[1].split()[0]
    assert "--out '/proc/x' is not a writable folder" in one_error(
        invoke("generate", "--task", "edge_spam", "--out", "/proc/x"))


def test_a_fit_too_large_for_memory_is_refused_with_its_estimate(monkeypatch):
    import psutil

    from edgebench.backends.sklearn_baseline import SklearnBackend
    from edgebench.errors import Unsupported

    monkeypatch.setattr(psutil, "virtual_memory", lambda: type("M", (), {"available": 8 * 2**30})())
    SklearnBackend._check_memory("small", 30_000, 50)  # 50 labels: 0.3 GiB, fine
    with pytest.raises(Unsupported, match=r"5,000 labels x 30,000 features needs about 26.8 GiB, and 8.0 GiB is free"):
        SklearnBackend._check_memory("huge", 30_000, 5000)


def test_an_unwritable_home_is_one_line(tmp_path):
    from conftest import run_cli

    env = {"HOME": "/proc/no-home-here", "EDGEBENCH_CACHE": ""}  # empty: the default under HOME
    proc = run_cli("run", "--model", "sklearn:tfidf-lr", "--tasks", "edge_spam", "--output-path", str(tmp_path / "o"),
                   "--no-cache", env=env, check=False)
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert proc.returncode == 2 and len(errors) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "/proc/no-home-here" in errors[0] and "EDGEBENCH_CACHE" in errors[0]
