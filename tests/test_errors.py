"""Every bad input ends in one clear line naming it, exit code 2, and no traceback."""
import json

import pytest

from conftest import run_cli

GOOD = """task: {name}
family: intent
version: 1
dataset:
  files: {{test: data.jsonl, train: data.jsonl}}
prompt:
  template: "Message: {{text}}"
{extra}
"""


def write(folder, name="mine", extra="", rows=({"text": "hi", "label": "a"}, {"text": "yo", "label": "b"}),
          body=None):
    folder.mkdir(exist_ok=True)
    (folder / "data.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (folder / f"{name}.yaml").write_text(body if body is not None else GOOD.format(name=name, extra=extra))
    return folder


def assert_one_line_error(proc, *needles):
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert "Traceback" not in proc.stderr
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1, proc.stderr
    for needle in needles:
        assert needle in errors[0], errors[0]


CASES = {
    "broken_yaml": (dict(body="task: x\n  family: [unclosed\n"), "mine", ["mine.yaml", "not valid YAML", "line"]),
    "unknown_family": (dict(body=GOOD.format(name="mine", extra="").replace("family: intent", "family: nope")),
                       "mine", ["unknown family 'nope'", "intent"]),
    "unknown_metric": (dict(extra="metrics: [top1_acc, bogus_metric]"), "mine", ["unknown metric 'bogus_metric'", "top1_acc"]),
    "missing_key": (dict(body="task: mine\nfamily: intent\nversion: 1\n"), "mine", ["'dataset' is a required property"]),
    "missing_data_file": (dict(body=GOOD.format(name="mine", extra="").replace("data.jsonl", "gone.jsonl")),
                          "mine", ["gone.jsonl", "not found"]),
    "empty_dataset": (dict(rows=()), "mine", ["mine", "empty"]),
    "bad_placeholder": (dict(body=GOOD.format(name="mine", extra="").replace("{text}", "{txt}")),
                        "mine", ["prompt.template", "{text}"]),
    "unknown_task": (dict(), "nonexistent_task", ["unknown task 'nonexistent_task'", "edge_intent"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_task_inputs(tmp_path, case):
    kwargs, task, needles = CASES[case]
    folder = write(tmp_path / "cfg", **kwargs)
    proc = run_cli("run", "--model", "sklearn:tfidf-logreg", "--tasks", task, "--include-path", str(folder),
                   "--output-path", str(tmp_path / "out"), "--no-cache", check=False)
    assert_one_line_error(proc, *needles)
    assert not (tmp_path / "out" / "results.json").exists()


@pytest.mark.parametrize("spec,needles", [
    ("hf:some-org/not-a-local-model", ["hf:some-org/not-a-local-model", "hf:SmolLM2-135M-Instruct"]),
    ("nosuchscheme:model", ["unknown model scheme 'nosuchscheme'", "sklearn:tfidf-logreg"]),
    ("no-colon-here", ["no-colon-here", "SCHEME:NAME"]),
    ("sklearn:random-forest", ["sklearn:random-forest", "sklearn:tfidf-logreg"]),
])
def test_unknown_model_spec(tmp_path, spec, needles):
    proc = run_cli("run", "--model", spec, "--tasks", "edge_intent", "--limit", "2", "--output-path",
                   str(tmp_path), check=False)
    assert_one_line_error(proc, *needles)


def test_validate_reports_ok_and_errors(tmp_path):
    folder = write(tmp_path / "cfg")
    ok = run_cli("validate", str(folder / "mine.yaml"))
    assert "ok:" in ok.stdout and "test 2" in ok.stdout
    (folder / "bad.yaml").write_text("task: bad\nfamily: intent\nversion: [1\n")
    assert_one_line_error(run_cli("validate", str(folder / "bad.yaml"), check=False), "bad.yaml", "YAML")


def test_include_path_must_be_a_folder(tmp_path):
    proc = run_cli("tasks", "--include-path", str(tmp_path / "missing"), check=False)
    assert_one_line_error(proc, "--include-path", "missing")


def test_a_setting_the_backend_does_not_have(tmp_path):
    proc = run_cli("run", "--model", "sklearn:tfidf-logreg", "--tasks", "edge_intent", "--limit", "2",
                   "--dtype", "float16", "--output-path", str(tmp_path), check=False)
    assert_one_line_error(proc, "sklearn:tfidf-logreg", "--dtype")
