"""Plugins through real entry points: the example package pip-installed, an allowlist, a broken plugin."""
import json
import subprocess
import sys
import textwrap

import pytest

from conftest import REPO, read_json, run_cli

ONLY_EXAMPLE = {"EDGEBENCH_LOAD_PLUGINS": "example"}


@pytest.fixture(scope="session")
def example_plugin_installed():
    """Install plugins/edgebench-example into this environment, as a user would."""
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                    str(REPO / "plugins" / "edgebench-example")], check=True, capture_output=True)


def plugins_json(env):
    return json.loads(run_cli("plugins", "--json", env=env).stdout)


def test_plugins_lists_builtins_and_the_example_with_version_and_hooks(example_plugin_installed):
    data = plugins_json(ONLY_EXAMPLE)
    by_name = {p["name"]: p for p in data["plugins"]}
    example = by_name["example"]
    assert example["version"] == "0.2.0" and not example["builtin"]
    assert set(example["hooks"]) == {"register_backends", "register_tasks", "register_metrics"}
    assert {"backends:keyword", "tasks:example_sentiment", "metrics:error_rate"} <= set(example["registered"])
    assert by_name["edgebench.backends"]["builtin"] and "backends:hf" in by_name["edgebench.backends"]["registered"]
    text = run_cli("plugins", env=ONLY_EXAMPLE).stdout
    assert "example 0.2.0" in text


def test_allowlist_keeps_installed_plugins_out(example_plugin_installed):
    names = {p["name"] for p in plugins_json({"EDGEBENCH_LOAD_PLUGINS": ""})["plugins"]}
    assert "example" not in names and "edgebench.tasks" in names
    proc = run_cli("run", "--model", "keyword:sentiment", "--tasks", "example_sentiment", check=False,
                   env={"EDGEBENCH_LOAD_PLUGINS": ""})
    assert proc.returncode == 2


def test_example_backend_task_and_metric_run_through_the_cli(example_plugin_installed, tmp_path):
    run_cli("run", "--model", "keyword:sentiment", "--tasks", "example_sentiment", "--output-path", str(tmp_path),
            "--no-cache", "--log-samples", "--limit", "all", env=ONLY_EXAMPLE)
    results = read_json(tmp_path / "results.json")
    metrics = results["results"]["example_sentiment"]
    assert metrics["error_rate"] == pytest.approx(1 - metrics["top1_acc"])
    assert metrics["top1_acc"] >= 0.8  # the lexicon knows these reviews
    assert results["tasks"]["example_sentiment"]["origin"] == "example"
    assert results["n-samples"]["example_sentiment"]["effective"] == 10
    # a built-in backend on the plugin's task, and the plugin listed among the models
    run_cli("run", "--model", "sklearn:tfidf-logreg", "--tasks", "example_sentiment", "--output-path",
            str(tmp_path / "sk"), "--no-cache", env=ONLY_EXAMPLE)
    models = run_cli("models", env=ONLY_EXAMPLE).stdout
    assert "keyword:sentiment" in models and "sklearn:tfidf-logreg" in models
    assert "hf:SmolLM2-135M-Instruct" in models and "hf:HuggingFaceTB/SmolLM2-135M-Instruct" in models


def test_a_broken_plugin_is_named_and_skipped(tmp_path):
    dist = tmp_path / "broken_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[edgebench]\nbroken = broken_plugin_mod\n")
    (tmp_path / "broken_plugin_mod.py").write_text(textwrap.dedent("""
        import a_module_that_does_not_exist
    """))
    env = {"PYTHONPATH": str(tmp_path), "EDGEBENCH_LOAD_PLUGINS": "broken"}
    proc = run_cli("plugins", "--json", env=env)
    assert "plugin 'broken'" in proc.stderr and "ModuleNotFoundError" in proc.stderr
    data = json.loads(proc.stdout)
    assert "broken" in data["failed"] and "broken" not in {p["name"] for p in data["plugins"]}
    tasks = run_cli("tasks", env=env)  # the harness still works
    assert "edge_intent" in tasks.stdout
