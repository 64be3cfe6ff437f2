"""Built-in names cannot be silently replaced, and a junk plugin never takes the harness down
(issue 12, groups 2, 9 and 10): junk plugins as fake installed distributions on PYTHONPATH."""
import json
import textwrap

import pytest

from conftest import read_json, run_cli


def junk_plugin(tmp_path, name, body):
    """An installed-looking plugin ``name`` whose module is ``body``."""
    dist = tmp_path / f"{name}_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[edgebench]\n{name} = {name}_mod\n")
    (tmp_path / f"{name}_mod.py").write_text(textwrap.dedent(body))
    return {"PYTHONPATH": str(tmp_path), "EDGEBENCH_LOAD_PLUGINS": name}


TAKES_HF = """
    import edgebench
    from edgebench.backends.sklearn_baseline import SklearnBackend

    @edgebench.hookimpl
    def register_backends(register):
        register("hf", SklearnBackend)
"""
TAKES_METRIC = """
    import edgebench

    @edgebench.hookimpl
    def register_metrics(register):
        register("top1_acc", lambda records: 1.0)
"""
TAKES_TASK = """
    import edgebench, pathlib

    @edgebench.hookimpl
    def register_tasks(register):
        register("edge_spam", pathlib.Path(__file__).with_name("mine.yaml"))
"""


def single_error(proc):
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert proc.returncode == 2 and len(errors) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return errors[0]


@pytest.mark.parametrize("body,kind,name", [(TAKES_HF, "backend", "hf"), (TAKES_METRIC, "metric", "top1_acc"),
                                            (TAKES_TASK, "task", "edge_spam")])
def test_a_plugin_that_takes_a_builtin_name_is_an_error_naming_it(tmp_path, body, kind, name):
    env = junk_plugin(tmp_path, "taker", body)
    line = single_error(run_cli("tasks", env=env, check=False))
    assert f"plugin 'taker' registers {kind} '{name}', which is built in" in line
    assert "EDGEBENCH_PLUGIN_OVERRIDES=taker" in line


def test_an_explicit_override_lets_the_plugin_replace_the_builtin(tmp_path):
    env = junk_plugin(tmp_path, "taker", TAKES_HF) | {"EDGEBENCH_PLUGIN_OVERRIDES": "taker"}
    proc = run_cli("plugins", "--json", env=env)
    assert "replaces the built-in one" in proc.stderr
    taker = next(p for p in json.loads(proc.stdout)["plugins"] if p["name"] == "taker")
    assert "backends:hf" in taker["registered"]


@pytest.mark.parametrize("body,needle", [
    ("import sys\nsys.exit(3)\n", "plugin 'junk'"),
    ("import edgebench\n@edgebench.hookimpl\ndef register_backends(register):\n    register(42, object)\n",
     "name must be a non-empty string, not 42"),
])
def test_a_junk_plugin_is_named_and_skipped_and_the_harness_works(tmp_path, body, needle):
    env = junk_plugin(tmp_path, "junk", body)
    proc = run_cli("tasks", env=env, check=False)
    assert proc.returncode == 0 and "edge_spam" in proc.stdout
    assert needle in proc.stderr and "skipped" in proc.stderr


def test_an_unknown_name_in_the_allowlist_is_said(tmp_path):
    proc = run_cli("tasks", env={"EDGEBENCH_LOAD_PLUGINS": "no_such_plugin"})
    assert "EDGEBENCH_LOAD_PLUGINS names 'no_such_plugin', which is not an installed edgebench plugin" in proc.stderr


MY_SPAM = """task: edge_spam
family: intent
version: 1
dataset:
  files: {test: rows.jsonl, train: rows.jsonl}
prompt: {template: "{text}", chat: false, continuation_prefix: " "}
"""


def test_a_user_config_shadowing_a_builtin_is_said_and_recorded(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "spam.yaml").write_text(MY_SPAM)
    (folder / "rows.jsonl").write_text("".join(json.dumps({"text": f"msg {i}", "label": "ab"[i % 2]}) + "\n"
                                               for i in range(6)))
    proc = run_cli("run", "--model", "sklearn:tfidf-logreg", "--tasks", "edge_spam", "--include-path", str(folder),
                   "--no-cache", "--output-path", str(tmp_path / "out"))
    warning = [line for line in proc.stderr.splitlines() if line.startswith("warning: task 'edge_spam'")]
    assert len(warning) == 1 and str(folder / "spam.yaml") in warning[0] and "edge_spam.yaml" in warning[0]
    described = read_json(tmp_path / "out" / "results.json")["tasks"]["edge_spam"]
    assert described["source"] == str(folder / "spam.yaml") and described["shadows"].endswith("edge_spam.yaml")


def test_two_user_configs_of_one_name_are_an_error(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "t.yaml").write_text(MY_SPAM.replace("edge_spam", "my_task"))
    line = single_error(run_cli("tasks", "--include-path", str(tmp_path / "a"), "--include-path", str(tmp_path / "b"),
                                check=False))
    assert "task 'my_task' is declared by two configs" in line
