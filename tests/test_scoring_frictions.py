"""The scoring side of a user's own data (issue 14, frictions 3, 6, 7 and json per-field F1): breakdown on a
field the rows lack, out-of-scope metrics, ids from the row's place, and which json field fails."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from edgebench.backends.sklearn_baseline import SklearnBackend
from edgebench.cli import cli
from edgebench.reporting.compare_paired import paired
from edgebench.evaluator import RunSettings, evaluate
from edgebench.metrics import classification, json_fields
from edgebench.metrics.classification import in_scope_acc, oos_precision, oos_recall, top1_acc
from edgebench.reporting.run_tables import format_table
from edgebench.tasks.config import ConfigSource, build_task, select

CONFIG = """task: router
family: intent
version: 1
dataset:
  files: {{train: train.jsonl, test: test.jsonl}}
prompt:
  template: "{{text}}"
  chat: false
  continuation_prefix: " "
{extra}"""
TRAIN = [("refund my invoice", "billing"), ("charged twice on my card", "billing"), ("wrong amount billed", "billing"),
         ("app crashes at login", "tech"), ("screen freezes on start", "tech"), ("cannot open the app", "tech"),
         ("what is the meaning of life", "oos"), ("tell me a joke about cats", "oos"), ("who won the game", "oos")]


def write(folder: Path, extra: str, test_rows: list[dict], train_rows: list[dict] | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "router.yaml").write_text(CONFIG.format(extra=extra))
    train_rows = train_rows if train_rows is not None else [{"text": t, "label": y} for t, y in TRAIN]
    (folder / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in train_rows))
    (folder / "test.jsonl").write_text("".join(("\n" if r is None else json.dumps(r) + "\n") for r in test_rows))
    return folder / "router.yaml"


def one_error(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def run(folder: Path, names: str = "router") -> tuple[dict, dict]:
    tasks = select(names, [str(folder)])
    return evaluate(SklearnBackend("sklearn:tfidf-lr"), tasks, RunSettings(progress=False, bootstrap_iters=0))


# -- friction 3: breakdown on a field the rows do not have ------------------------------------------------

@pytest.mark.parametrize("train_has_it", [False, True])
def test_a_breakdown_field_no_test_row_has_fails_before_the_run(tmp_path, train_has_it):
    train = [{"text": t, "label": y, **({"channel": "email"} if train_has_it else {})} for t, y in TRAIN]
    config = write(tmp_path / "t", "metrics: [top1_acc]\nbreakdown: [channel]\n",
                   [{"text": "refund my invoice", "label": "billing"}], train)
    # a field only the train file has still reaches the test rows as an empty column: the same error
    needle = ("task 'router': breakdown field 'channel' is in none of the test rows (they have: id, label, text); "
              "name one of those in 'breakdown' or add the field to the rows")
    assert needle in one_error(["validate", str(config)])
    line = one_error(["run", "--model", "sklearn:tfidf-lr", "--tasks", str(config), "--no-cache",
                      "--output-path", str(tmp_path / "out")])
    assert needle in line and not (tmp_path / "out" / "results.json").exists()


def test_rows_without_the_field_form_a_missing_group_said_in_results(tmp_path):
    rows = [{"text": "refund my invoice", "label": "billing", "channel": "email"},
            {"text": "app crashes at login", "label": "tech", "channel": "chat"},
            {"text": "screen freezes on start", "label": "tech"},
            {"text": "charged twice on my card", "label": "billing", "channel": ""}]
    write(tmp_path / "t", "metrics: [top1_acc]\nbreakdown: [channel]\n", rows)
    results, _ = run(tmp_path / "t")
    scores = results["results"]["router"]
    assert scores["top1_acc"] == 1.0  # the test texts are train texts
    assert {k for k in scores if k.startswith("top1_acc/") and not k.endswith("_stderr")} == \
        {"top1_acc/chat", "top1_acc/email", "top1_acc/(missing)"}
    assert results["tasks"]["router"]["breakdown_missing"] == {"channel": 2}  # rows 3 (no field) and 4 ("")


def test_a_field_only_later_rows_have_passes_the_check_under_a_limit(tmp_path):
    """The check reads every test row, not the --limit ones: the first rows may all lack the field."""
    rows = [{"text": "refund my invoice", "label": "billing"}, {"text": "app crashes at login", "label": "tech"},
            {"text": "screen freezes on start", "label": "tech", "channel": "chat"}]
    write(tmp_path / "t", "metrics: [top1_acc]\nbreakdown: [channel]\n", rows)
    tasks = select("router", [str(tmp_path / "t")])
    results, _ = evaluate(SklearnBackend("sklearn:tfidf-lr"), tasks, RunSettings(progress=False, bootstrap_iters=0,
                                                                                   limit=2))
    assert results["n-samples"]["router"]["effective"] == 2
    assert results["tasks"]["router"]["breakdown_missing"] == {"channel": 2}


def test_aggregate_groups_missing_values_last_and_by_hand(tmp_path):
    write(tmp_path / "t", "metrics: [top1_acc]\nbreakdown: [kind]\n", [{"text": "refund my invoice", "label": "billing"}])
    task = select("router", [str(tmp_path / "t")])[0]
    records = [{"gold": "a", "pred": "a", "kind": "x"}, {"gold": "a", "pred": "b", "kind": "x"},
               {"gold": "a", "pred": "a", "kind": None}, {"gold": "b", "pred": "a"}]
    out = task.aggregate(records, {"top1_acc": top1_acc}, bootstrap_iters=0, seed=0)
    assert [k for k in out if not k.endswith("_stderr")] == ["top1_acc", "top1_acc/x", "top1_acc/(missing)"]
    assert out["top1_acc/x"] == 0.5 and out["top1_acc/(missing)"] == 0.5 and out["top1_acc"] == 0.5


# -- friction 6: out-of-scope metrics -------------------------------------------------------------------

OOS_RECORDS = [  # (gold, pred): tp, fn, fn (unreadable), fp, right, wrong, right
    ("oos", "oos"), ("oos", "billing"), ("oos", None), ("billing", "oos"), ("billing", "billing"),
    ("tech", "billing"), ("tech", "tech")]


def oos_records():
    return [{"gold": g, "pred": p, "oos_label": "oos"} for g, p in OOS_RECORDS]


def test_oos_metrics_by_hand():
    records = oos_records()
    assert oos_recall(records) == pytest.approx(1 / 3)       # 1 of the 3 gold-oos rows caught
    assert oos_precision(records) == pytest.approx(1 / 2)    # 1 of the 2 oos predictions right
    assert in_scope_acc(records) == pytest.approx(2 / 4)     # rows 5 and 7 of the 4 in-scope rows
    in_scope_only = records[3:]
    assert not oos_recall.applies(in_scope_only) and not oos_precision.applies(in_scope_only)
    assert in_scope_acc.applies(in_scope_only) and not in_scope_acc.applies(records[:3])
    assert not in_scope_acc.applies([{"gold": "a", "pred": "a"}])  # a task without oos_label


def test_oos_metrics_are_on_by_default_with_oos_label_and_computed_from_the_run(tmp_path):
    rows = [{"text": "refund my invoice", "label": "billing"}, {"text": "app crashes at login", "label": "tech"},
            {"text": "tell me a joke about cats", "label": "oos"}, {"text": "who won the game", "label": "oos"}]
    write(tmp_path / "t", "oos_label: oos\n", rows)
    task = select("router", [str(tmp_path / "t")])[0]
    assert task.metric_names[-3:] == list(classification.OOS_METRICS)
    results, samples = run(tmp_path / "t")
    scores, recs = results["results"]["router"], samples["router"]
    assert all(r["oos_label"] == "oos" for r in recs)
    gold_oos = [r for r in recs if r["gold"] == "oos"]
    assert scores["oos_recall"] == sum(r["pred"] == "oos" for r in gold_oos) / 2
    assert scores["in_scope_acc"] == sum(r["pred"] == r["gold"] for r in recs if r["gold"] != "oos") / 2
    assert "oos_precision" in scores


def test_oos_label_must_be_a_label_and_oos_metrics_need_it(tmp_path):
    config = write(tmp_path / "a", "oos_label: out_of_scope\n", [{"text": "refund my invoice", "label": "billing"}])
    assert ("task 'router': oos_label 'out_of_scope' is not among the labels (billing, oos, tech); name one of them"
            in one_error(["validate", str(config)]))
    config = write(tmp_path / "b", "metrics: [top1_acc, oos_recall]\n", [{"text": "refund my invoice", "label": "billing"}])
    assert "metric 'oos_recall' needs 'oos_label: <label>'" in one_error(["validate", str(config)])
    config = write(tmp_path / "c", "oos_label: oos\nmetrics: [top1_acc]\n", [{"text": "refund my invoice", "label": "billing"}])
    assert select("router", [str(tmp_path / "c")])[0].metric_names == ["top1_acc"]  # a metrics list is the user's


def test_the_builtin_oos_task_names_its_oos_label():
    task = build_task(ConfigSource(Path("task_configs/edge_intent_50_oos.yaml").resolve(), "builtin"))
    assert task.oos_label == "out_of_scope" and set(classification.OOS_METRICS) <= set(task.metric_names)


# -- friction 7: ids from the row's place ---------------------------------------------------------------

def test_rows_without_an_id_are_named_by_split_and_line(tmp_path):
    rows = [{"text": "refund my invoice", "label": "billing"}, None,  # a blank line 2 still counts as a line
            {"text": "app crashes at login", "label": "tech", "id": "ticket-9"},
            {"text": "who won the game", "label": "oos"}]
    write(tmp_path / "t", "metrics: [top1_acc]\n", rows)
    task = select("router", [str(tmp_path / "t")])[0]
    assert task.docs("test")["id"] == ["test/1", "ticket-9", "test/4"]
    assert task.docs("train")["id"][:2] == ["train/1", "train/2"]
    _, samples = run(tmp_path / "t")
    assert [r["doc_id"] for r in samples["router"]] == ["test/1", "ticket-9", "test/4"]
    _, again = run(tmp_path / "t")
    assert [r["doc_id"] for r in again["router"]] == ["test/1", "ticket-9", "test/4"]  # stable across runs


def test_a_record_without_a_doc_id_gets_its_row_number(tmp_path, monkeypatch):
    write(tmp_path / "t", "metrics: [top1_acc]\n", [{"text": "refund my invoice", "label": "billing"},
                                                    {"text": "who won the game", "label": "oos"}])
    tasks = select("router", [str(tmp_path / "t")])
    made = tasks[0].process
    monkeypatch.setattr(tasks[0], "process", lambda doc, result: {**made(doc, result), "doc_id": None})
    _, samples = evaluate(SklearnBackend("sklearn:tfidf-lr"), tasks, RunSettings(progress=False, bootstrap_iters=0))
    assert [r["doc_id"] for r in samples["router"]] == ["test/1", "test/2"]


def test_ids_let_compare_pair_rows_with_the_same_text():
    # two rows with the same text and gold: without ids they cannot be told apart, so no paired test
    a = [{"doc_id": None, "input": "hi", "gold": "x", "pred": "x"}, {"doc_id": None, "input": "hi", "gold": "x", "pred": "y"}]
    assert paired(a, a) is None
    a = [dict(r, doc_id=f"test/{i + 1}") for i, r in enumerate(a)]
    b = [dict(a[1], pred="x"), dict(a[0], pred="y")]  # run B's samples in another order
    pa, pb = paired(a, b)
    assert [r["doc_id"] for r in pb] == ["test/1", "test/2"] and [r["pred"] for r in pb] == ["y", "x"]


# -- json: which field fails ----------------------------------------------------------------------------

def test_per_field_f1_by_hand():
    records = [{"gold": {"merchant": "Kettle", "total": 7.25}, "pred": {"merchant": "kettle ", "total": 7.25}},
               {"gold": {"merchant": "Fern", "total": 42}, "pred": {"merchant": "Fern", "total": 40}}]
    assert json_fields.per_field(records) == {"total": {"f1": 0.5, "n": 2}, "merchant": {"f1": 1.0, "n": 2}}
    # an unparsed answer scores 0 on every gold field; a field neither side has is not counted;
    # a key only the prediction has is left out of the list
    records += [{"gold": {"merchant": "Ann", "total": 1}, "pred": None},
                {"gold": {"merchant": "Bo"}, "pred": {"merchant": "Bo", "invented": 1}}]
    fields = json_fields.per_field(records)
    assert fields == {"total": {"f1": pytest.approx(1 / 3), "n": 3}, "merchant": {"f1": 0.75, "n": 4}}
    assert list(fields) == ["total", "merchant"]  # worst first


def test_per_field_f1_gives_a_nested_field_partial_credit():
    gold = {"items": [{"name": "tea", "price": 2}, {"name": "cake", "price": 3}]}
    pred = {"items": [{"name": "tea", "price": 2}, {"name": "cake", "price": 4}]}
    # 4 leaf pairs each side, 3 shared: P = R = F1 = 3/4
    assert json_fields.per_field([{"gold": gold, "pred": pred}]) == {"items": {"f1": 0.75, "n": 1}}


def _table_results(fields: dict) -> dict:
    return {"model": {"spec": "m", "hash": "0" * 12}, "results": {"j": {"alias": "j", "field_f1": 0.9}},
            "tasks": {"j": {"version": 1, "fields": fields}}, "n-samples": {"j": {"effective": 4}}}


def test_the_table_shows_at_most_the_five_worst_fields():
    fields = {f"f{i}": {"f1": i / 10, "n": 4} for i in range(8)} | {"always": {"f1": 1.0, "n": 4}}
    table = format_table(_table_results(fields))
    shown = [f"f{i}" for i in range(8) if f"field_f1[f{i}]" in table]
    assert shown == ["f0", "f1", "f2", "f3", "f4"] and "always" not in table
    assert "field_f1[" not in format_table(_table_results({"a": {"f1": 1.0, "n": 2}}))  # none wrong: none shown


JSON_CONFIG = """task: receipts
family: json
version: 1
dataset:
  files: {test: test.jsonl}
  schema: receipt.json
prompt:
  template: "{schema}\\n{text}"
"""


def test_a_json_run_writes_every_field_into_results(tmp_path):
    from edgebench.backends.base import GenerateResult

    schema = {"type": "object", "properties": {"merchant": {"type": "string"}, "total": {"type": "number"}},
              "required": ["merchant", "total"]}
    (tmp_path / "receipt.json").write_text(json.dumps(schema))
    (tmp_path / "receipts.yaml").write_text(JSON_CONFIG)
    gold = [{"merchant": "Kettle", "total": 7.25}, {"merchant": "Fern", "total": 42}]
    (tmp_path / "test.jsonl").write_text("".join(json.dumps({"text": f"{g['merchant']} {g['total']}", "gold": g}) + "\n"
                                                 for g in gold))
    task = select("receipts", [str(tmp_path)])[0]
    answers = {"Kettle": '{"merchant": "Kettle", "total": 7.25}', "Fern": '{"merchant": "Fern", "total": 40}'}

    class Scripted(SklearnBackend):  # the answers of a model that gets Fern's total wrong (requests come sorted by size)
        def prepare(self, task):
            pass

        def generate(self, requests):
            return [GenerateResult(text=next(a for k, a in answers.items() if k in r.prompt + str(r.messages)))
                    for r in requests]

    results, _ = evaluate(Scripted("sklearn:tfidf-lr"), [task], RunSettings(progress=False, bootstrap_iters=0))
    assert results["tasks"]["receipts"]["fields"] == {"total": {"f1": 0.5, "n": 2}, "merchant": {"f1": 1.0, "n": 2}}
    table = format_table(results)
    assert "field_f1[total]" in table and "field_f1[merchant]" not in table
