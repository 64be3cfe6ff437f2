"""One odd value in a user's JSONL is an error naming the file, line and field, never a silent re-typing
of the whole column (issue 12, group 1). ``validate`` and ``run`` read the rows the same way."""
import json

import pytest
from click.testing import CliRunner

from edgebench.cli import cli

CONFIG = """task: typed_router
family: intent
version: 1
dataset:
  files: {train: train.jsonl, test: test.jsonl}
  text_field: utterance
  label_field: route
{labels}prompt:
  template: "Ticket: {text}\\nRoute:"
  chat: false
  continuation_prefix: " "
metrics: [top1_acc]
breakdown: [channel]
"""
ROWS = [{"utterance": f"my invoice number {i} is wrong", "route": "billing"} for i in range(5)] + \
       [{"utterance": f"the app crashes on screen {i}", "route": "tech"} for i in range(5)]


def write(folder, test_rows, labels=""):
    folder.mkdir(exist_ok=True)
    (folder / "task.yaml").write_text(CONFIG.replace("{labels}", labels))
    (folder / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    (folder / "test.jsonl").write_bytes(b"".join(
        r if isinstance(r, bytes) else (json.dumps(r) + "\n").encode() for r in test_rows))
    return folder / "task.yaml"


def one_error(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("bad,needle", [
    ({"utterance": "refund please", "route": 5}, "test.jsonl line 8: 'route' is an integer (5), not a non-empty string; "
                                                 "write it as a JSON string (\"5\")"),
    ({"utterance": 42, "route": "billing"}, "test.jsonl line 8: 'utterance' is an integer (42)"),
    ({"utterance": "refund please"}, "test.jsonl line 8 has no 'route' field"),
    ({"utterance": "refund please", "route": None}, "'route' is null"),
    ({"utterance": "  ", "route": "tech"}, "'utterance' is an empty string"),
    ({"utterance": ["a"], "route": "tech"}, "'utterance' is a list"),
    (b"[1, 2]\n", "test.jsonl line 8 is a list, not a JSON object"),
    (b"{\"utterance\": \"x\", \n", "test.jsonl line 8 is not valid JSON"),
    (b"{\"utterance\": \"caf\xe9\", \"route\": \"tech\"}\n", "test.jsonl line 8 is not UTF-8"),
])
def test_an_odd_value_is_one_error_in_validate_and_run(tmp_path, bad, needle):
    config = write(tmp_path / "t", [*ROWS[:7], bad, *ROWS[7:]])
    assert needle in one_error(["validate", str(config)])
    line = one_error(["run", "--model", "sklearn:tfidf-logreg", "--tasks", str(config), "--no-cache",
                      "--output-path", str(tmp_path / "out")])
    assert needle in line and not (tmp_path / "out" / "results.json").exists()


def test_a_gold_label_outside_the_configs_labels_is_an_error(tmp_path):
    config = write(tmp_path / "t", [*ROWS, {"utterance": "where is my parcel", "route": "shipping"}],
                   labels="labels: [billing, tech]\n")
    line = one_error(["validate", str(config)])
    assert "test.jsonl line 11: label 'shipping' is not in the config's labels (billing, tech)" in line


def test_clean_rows_with_mixed_extra_fields_score_every_label_as_written(tmp_path):
    rows = [dict(r, channel=("email" if i % 2 else 7)) for i, r in enumerate(ROWS)]
    rows[3].pop("channel")  # a field some rows lack
    config = write(tmp_path / "t", rows)
    result = CliRunner().invoke(cli, ["run", "--model", "sklearn:tfidf-logreg", "--tasks", str(config), "--no-cache",
                                      "--output-path", str(tmp_path / "out"), "--log-samples", "--limit", "all"])
    assert result.exit_code == 0, result.output
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    scores = results["results"]["typed_router"]
    assert scores["top1_acc"] == 1.0  # the test rows are the train rows: a re-typed label would score 0
    assert {"top1_acc/email", "top1_acc/7", "top1_acc/(missing)"} <= set(scores) and "top1_acc/None" not in scores
    assert results["tasks"]["typed_router"]["breakdown_missing"] == {"channel": 1}  # row 4 has no channel
    samples = [json.loads(x) for x in (tmp_path / "out" / "samples_typed_router.jsonl").read_text().splitlines()]
    assert sorted({s["gold"] for s in samples}) == ["billing", "tech"]


def test_a_field_in_one_split_only_loads(tmp_path):
    """Issue 14, friction 2: a field only the train file has used to fail the whole read (datasets'
    DatasetGenerationError, no line, no field); each split is now read on its own and given the same columns."""
    from edgebench.tasks.config import select

    folder = tmp_path / "t"
    write(folder, ROWS)
    config = (folder / "task.yaml").read_text().replace("breakdown: [channel]\n", "")
    (folder / "task.yaml").write_text(config)
    (folder / "train.jsonl").write_text("".join(json.dumps(dict(r, source="crm", score=i)) + "\n"
                                                for i, r in enumerate(ROWS)))
    task = select("typed_router", include_paths=[folder])[0]
    train, test = task.docs("train"), task.docs("test")
    assert train["source"] == ["crm"] * 10 and test["source"] == [None] * 10
    assert train["score"][:3] == ["0", "1", "2"]  # an extra column is text in every split: one Arrow type
    assert test["label"] == [r["route"] for r in ROWS]
