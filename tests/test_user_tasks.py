"""A user's own JSONL data through a config alone, and the sklearn baseline that fits on train splits."""
import json

import pytest

from conftest import read_json, read_jsonl, run_cli

CONFIG = """task: my_support_router
family: intent
version: 3
dataset:
  files: {train: train.jsonl, test: test.jsonl}
  text_field: utterance
  label_field: route
prompt:
  template: "Ticket: {text}\\nRoute:"
  chat: false
  continuation_prefix: " "
metrics: [top1_acc, macro_f1]
"""
TRAIN = [("my invoice is wrong", "billing"), ("charged twice this month", "billing"), ("refund my payment", "billing"),
         ("app crashes on start", "tech"), ("cannot log in to the app", "tech"), ("the screen freezes", "tech"),
         ("where is my parcel", "shipping"), ("package not delivered", "shipping"), ("track my delivery", "shipping")]
TEST = [("I was charged twice", "billing"), ("the app freezes when I log in", "tech"),
        ("my parcel was not delivered", "shipping"), ("wrong amount on my invoice", "billing")]


@pytest.fixture
def user_folder(tmp_path):
    folder = tmp_path / "mytasks"
    folder.mkdir()
    (folder / "router.yaml").write_text(CONFIG)
    for name, rows in (("train", TRAIN), ("test", TEST)):
        (folder / f"{name}.jsonl").write_text("".join(json.dumps({"utterance": t, "route": r}) + "\n" for t, r in rows))
    return folder


def test_user_config_runs_with_no_python(user_folder, tmp_path):
    listing = run_cli("tasks", "--include-path", str(user_folder)).stdout
    assert "my_support_router" in listing and "include-path" in listing
    run_cli("run", "--model", "sklearn:tfidf-logreg", "--tasks", "my_support_router", "--include-path",
            str(user_folder), "--output-path", str(tmp_path / "out"), "--log-samples", "--no-cache")
    results = read_json(tmp_path / "out" / "results.json")
    assert results["tasks"]["my_support_router"]["version"] == 3
    assert results["tasks"]["my_support_router"]["splits"] == {"train": 9, "test": 4}
    samples = read_jsonl(tmp_path / "out" / "samples_my_support_router.jsonl")
    assert [s["input"] for s in samples] == [t for t, _ in TEST] and [s["gold"] for s in samples] == [r for _, r in TEST]
    assert results["results"]["my_support_router"]["top1_acc"] >= 0.75


def test_fingerprint_follows_the_data_file(user_folder):
    first = run_cli("validate", str(user_folder / "router.yaml")).stdout
    with (user_folder / "test.jsonl").open("a") as fh:
        fh.write(json.dumps({"utterance": "reset my password", "route": "tech"}) + "\n")
    second = run_cli("validate", str(user_folder / "router.yaml")).stdout
    assert "test 5" in second and first.split("fingerprint")[1] != second.split("fingerprint")[1]


def test_sklearn_baseline_learns_edge_intent_beyond_chance(tmp_path):
    run_cli("run", "--model", "sklearn:tfidf-logreg", "--tasks", "edge_intent", "--output-path", str(tmp_path),
            "--no-cache", "--limit", "all")
    results = read_json(tmp_path / "results.json")
    metrics = results["results"]["edge_intent"]
    # 24 intents: chance is about 0.04; the test templates were never seen in training
    assert metrics["top1_acc"] > 0.4 and metrics["top5_acc"] > metrics["top1_acc"]
    assert results["model"]["info"]["parameters"] > 1000


def test_a_tag_selects_its_group_of_tasks(user_folder, tmp_path):
    config = (user_folder / "router.yaml").read_text()
    (user_folder / "router.yaml").write_text(config + "tags: [support_suite]\n")
    (user_folder / "router2.yaml").write_text(config.replace("my_support_router", "my_second_router")
                                              + "tags: [support_suite]\n")
    run_cli("run", "--model", "sklearn:tfidf-lr", "--tasks", "support_suite", "--include-path", str(user_folder),
            "--output-path", str(tmp_path / "out"), "--no-cache")
    assert set(read_json(tmp_path / "out" / "results.json")["results"]) == {"my_support_router", "my_second_router"}
