"""A user's rows in JSONL, CSV, Parquet or a save_to_disk folder load to the same docs in every family;
``split_from`` draws a seeded test split with clusters kept whole; every bad input is one error line.
No model runs here: the files are written by the tests."""
import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner
from datasets import Dataset, DatasetDict

from edgebench.cli import cli
from edgebench.errors import EdgeBenchError
from edgebench.tasks.config import ConfigSource, build_task

PROMPTS = {
    "intent": {"template": "Ticket: {text}\nRoute:", "chat": False},
    "binary_filter": {"template": "Message: {text}\nSpam?", "chat": False},
    "pii": {"template": "Find {types} in: {text}"},
    "json": {"template": "Schema: {schema}\nText: {text}\nJSON:"},
    "funccall": {"template": "Functions: {functions}\nRequest: {text}"},
}
RECEIPT_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["merchant", "total"],
                  "properties": {"merchant": {"type": "string"}, "total": {"type": "number"}}}
WEATHER = {"name": "get_weather", "description": "Weather for a city",
           "parameters": {"type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}}}
ROWS = {
    "intent": [{"id": "a1", "text": "my invoice is wrong", "label": "billing", "words": 4},
               {"id": "a2", "text": "app crashes on start", "label": "tech", "words": 4},
               {"id": "a3", "text": "where is my parcel", "label": "shipping", "words": 4}],
    "binary_filter": [{"id": "s1", "text": "WIN a free cruise now", "label": "spam"},
                      {"id": "s2", "text": "lunch at noon?", "label": "ham"},
                      {"id": "s3", "text": "cheap pills, click here", "label": "spam"}],
    "pii": [{"id": "p1", "text": "Call Ann on 555-0101", "spans": [
                {"type": "person", "text": "Ann", "start": 5, "end": 8},
                {"type": "phone", "text": "555-0101", "start": 12, "end": 20}]},
            {"id": "p2", "text": "No personal data here", "spans": []},
            {"id": "p3", "text": "Mail bo@example.com", "spans": [
                {"type": "email", "text": "bo@example.com", "start": 5, "end": 19}]}],
    "json": [{"id": "r1", "text": "Otter Books total 12.50", "gold": {"merchant": "Otter Books", "total": 12.5}},
             {"id": "r2", "text": "Fernhill Grocer due 42", "gold": {"merchant": "Fernhill Grocer", "total": 42}},
             {"id": "r3", "text": "Kettle & Co, 7.25 paid", "gold": {"merchant": "Kettle & Co", "total": 7.25}}],
    "funccall": [{"id": "f1", "text": "Weather in Oslo?", "functions": [WEATHER],
                  "gold": [{"name": "get_weather", "arguments": {"city": ["Oslo"]}}]},
                 {"id": "f2", "text": [{"role": "user", "content": "Is it raining in Lima?"}], "functions": [WEATHER],
                  "gold": [{"get_weather": {"city": ["Lima"]}}]},
                 {"id": "f3", "text": "Tell me a joke", "functions": [WEATHER], "gold": []}],
}
JSON_VALUED = {"intent": (), "binary_filter": (), "pii": ("spans",), "json": ("gold",),
               "funccall": ("text", "functions", "gold")}


def config(family: str, dataset: dict, **extra) -> str:
    body = {"task": f"my_{family}", "family": family, "version": 1, "dataset": dataset, "prompt": PROMPTS[family],
            **({"positive_label": "spam"} if family == "binary_filter" else {}), **extra}
    if family == "json":
        body["dataset"] = {**dataset, "schema": "receipt.json"}
    return yaml.safe_dump(body, sort_keys=False)


def as_text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def write_csv(path: Path, rows: list[dict]) -> None:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([[as_text(row.get(c, "")) for c in columns] for row in rows])
    path.write_text(out.getvalue())


def write_parquet(path: Path, rows: list[dict], json_valued=()) -> None:
    """JSON-valued fields as their JSON text (Arrow gives a column one type; these differ row to row)."""
    pq.write_table(pa.Table.from_pylist([{k: as_text(v) if k in json_valued else v for k, v in row.items()}
                                         for row in rows]), path)


def write(folder: Path, name: str, rows: list[dict], json_valued=()) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if name.endswith(".csv"):
        write_csv(path, rows)
    elif name.endswith(".parquet"):
        write_parquet(path, rows, json_valued)
    else:
        path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return name


def task_at(folder: Path, family: str, dataset: dict, **extra):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "receipt.json").write_text(json.dumps(RECEIPT_SCHEMA))
    (folder / "task.yaml").write_text(config(family, dataset, **extra))
    return build_task(ConfigSource(folder / "task.yaml", "path"))


def error_of(folder: Path, family: str, dataset: dict, **extra) -> str:
    with pytest.raises(EdgeBenchError) as info:
        task_at(folder, family, dataset, **extra).docs("test")
    message = str(info.value)
    assert "\n" not in message
    return message


# -- one set of rows, three files, the same docs ---------------------------------------------------
@pytest.mark.parametrize("family", list(ROWS))
def test_jsonl_csv_and_parquet_load_to_identical_docs(tmp_path, family):
    docs = {}
    for ext in ("jsonl", "csv", "parquet"):
        folder = tmp_path / ext
        name = write(folder, f"data/test.{ext}", ROWS[family], JSON_VALUED[family])
        docs[ext] = task_at(folder, family, {"files": {"test": name}}).docs("test").to_list()
    assert docs["csv"] == docs["jsonl"] and docs["parquet"] == docs["jsonl"]
    assert [d["id"] for d in docs["jsonl"]] == [r["id"] for r in ROWS[family]]
    first = docs["jsonl"][0]
    if family in ("intent", "binary_filter"):
        assert (first["text"], first["label"]) == (ROWS[family][0]["text"], ROWS[family][0]["label"])
    if family == "intent":
        assert first["words"] == "4"  # an extra number is kept as text, whatever the container
    if family == "pii":
        assert json.loads(first["spans"])[1] == {"type": "phone", "text": "555-0101", "start": 12, "end": 20}
        assert json.loads(docs["jsonl"][1]["spans"]) == []
    if family == "json":
        assert [json.loads(d["gold"])["total"] for d in docs["jsonl"]] == [12.5, 42, 7.25]
    if family == "funccall":
        assert docs["jsonl"][1]["text"] == "Is it raining in Lima?"  # the chat turn, read from JSON text in CSV
        assert json.loads(docs["jsonl"][1]["gold"]) == [{"name": "get_weather", "arguments": {"city": ["Lima"]}}]
        assert docs["jsonl"][2]["category"] == "irrelevance"


def test_parquet_with_nested_columns_loads_like_jsonl(tmp_path):
    """Spans as a list<struct> column (every span has the same keys, so Arrow keeps them as they are)."""
    rows = ROWS["pii"]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "test.parquet")
    nested = task_at(tmp_path, "pii", {"files": {"test": "test.parquet"}}).docs("test").to_list()
    write(tmp_path / "j", "test.jsonl", rows)
    plain = task_at(tmp_path / "j", "pii", {"files": {"test": "test.jsonl"}}).docs("test").to_list()
    assert nested == plain


def test_rows_without_ids_are_named_by_their_position(tmp_path):
    rows = [{k: v for k, v in r.items() if k != "id"} for r in ROWS["intent"]]
    ids = {}
    for ext in ("jsonl", "csv", "parquet"):
        name = write(tmp_path / ext, f"test.{ext}", rows)
        ids[ext] = task_at(tmp_path / ext, "intent", {"files": {"test": name}}).docs("test")["id"]
    assert ids["jsonl"] == ["test/1", "test/2", "test/3"]  # lines
    assert ids["csv"] == ["test/2", "test/3", "test/4"]  # lines: the header is line 1
    assert ids["parquet"] == ["test/0", "test/1", "test/2"]  # row indexes


def test_a_quoted_csv_cell_over_two_lines_keeps_later_line_numbers(tmp_path):
    (tmp_path / "test.csv").write_text('text,label\n"two\nlines",billing\nok then,\n')
    message = error_of(tmp_path, "intent", {"files": {"test": "test.csv"}})
    assert "test.csv line 4: 'label' is an empty string" in message


# -- a save_to_disk folder ---------------------------------------------------------------------------
def test_a_saved_dataset_dict_gives_its_splits(tmp_path):
    rows = ROWS["intent"]
    DatasetDict({"train": Dataset.from_list(rows[:2]), "test": Dataset.from_list(rows[2:])}).save_to_disk(
        str(tmp_path / "saved"))
    task = task_at(tmp_path, "intent", {"path": "saved"})
    assert {s: len(d) for s, d in task.dataset.items()} == {"train": 2, "test": 1}
    assert task.docs("test")[0]["text"] == "where is my parcel" and task.docs("test")[0]["id"] == "a3"
    before = task.fingerprint
    DatasetDict({"train": Dataset.from_list(rows[:1]), "test": Dataset.from_list(rows[1:])}).save_to_disk(
        str(tmp_path / "saved"))
    assert task_at(tmp_path, "intent", {"path": "saved"}).fingerprint != before  # the folder's bytes count


@pytest.mark.parametrize("family", ["json", "funccall"])
def test_a_saved_single_dataset_is_the_test_split(tmp_path, family):
    rows = [{k: as_text(v) if k in JSON_VALUED[family] else v for k, v in r.items()} for r in ROWS[family]]
    Dataset.from_list(rows).save_to_disk(str(tmp_path / "one"))
    task = task_at(tmp_path, family, {"path": "one"})
    assert list(task.dataset) == ["test"] and task.docs("test")["id"] == [r["id"] for r in ROWS[family]]
    write(tmp_path / "j", "test.jsonl", ROWS[family])
    assert task.docs("test").to_list() == task_at(tmp_path / "j", family, {"files": {"test": "test.jsonl"}}
                                                  ).docs("test").to_list()


def test_a_bad_row_in_a_saved_folder_names_the_split_and_row(tmp_path):
    rows = [dict(r) for r in ROWS["intent"]]
    rows[1]["label"] = ""
    DatasetDict({"test": Dataset.from_list(rows)}).save_to_disk(str(tmp_path / "saved"))
    assert "saved/test row 1: 'label' is an empty string" in error_of(tmp_path, "intent", {"path": "saved"})


def test_a_folder_not_written_by_save_to_disk_is_one_error(tmp_path):
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "rows.jsonl").write_text("{}\n")
    message = error_of(tmp_path, "intent", {"path": "plain"})
    assert "dataset.path 'plain' is not a folder written by datasets' save_to_disk" in message
    assert "is not a folder" in error_of(tmp_path, "intent", {"path": "missing"})


# -- split_from ----------------------------------------------------------------------------------
def clustered_rows(clusters=4, per=2) -> list[dict]:
    return [{"id": f"t{c}-{i}", "text": f"message {c} {i}", "label": "billing" if c % 2 else "tech",
             "template": f"tpl{c}"} for c in range(clusters) for i in range(per)]


def test_split_from_keeps_clusters_whole_and_is_deterministic(tmp_path):
    rows = clustered_rows()
    write(tmp_path, "all.csv", rows)
    spec = {"files": {"train": "all.csv"}, "split_from": "train", "test_share": 0.25, "seed": 7}
    task = task_at(tmp_path, "intent", spec)
    train, test = task.dataset["train"].to_dict(), task.docs("test").to_dict()
    assert (len(train["id"]), len(test["id"])) == (6, 2)  # round(0.25 * 8) rows: one cluster of two
    assert len(set(test["template"])) == 1 and not set(test["template"]) & set(train["template"])
    assert sorted(train["id"] + test["id"]) == sorted(r["id"] for r in rows)
    assert train["id"] == [r["id"] for r in rows if r["id"] in train["id"]]  # file order kept
    again = task_at(tmp_path / "again", "intent",
                    {**spec, "files": {"train": write(tmp_path / "again", "all.csv", rows)}})
    assert again.docs("test")["id"] == test["id"]
    picked = {tuple(task_at(tmp_path / f"s{seed}", "intent", {**spec, "seed": seed, "files": {
        "train": write(tmp_path / f"s{seed}", "all.csv", rows)}}).docs("test")["template"]) for seed in range(12)}
    assert len(picked) > 1  # the seed chooses the held-out cluster


def test_split_from_defaults_and_frames(tmp_path):
    """share 0.2 by default; ``frame`` is the cluster where rows have one, over their templates."""
    rows = [{"text": f"row {i}", "label": "a" if i % 2 else "b", "frame": f"f{i // 4}", "template": f"t{i // 2}"}
            for i in range(10)]
    write(tmp_path, "all.jsonl", rows)
    task = task_at(tmp_path, "intent", {"files": {"train": "all.jsonl"}, "split_from": "train"})
    test = task.docs("test")
    assert len(test) in (2, 4) and len(set(test["frame"])) == 1  # frames f0, f1 hold 4 rows, f2 holds 2
    assert not set(test["frame"]) & set(task.dataset["train"]["frame"])
    assert all(i.startswith("train/") for i in test["id"])  # named where they are in the file
    alone = [{"text": f"row {i}", "label": "a" if i % 2 else "b"} for i in range(5)]
    write(tmp_path / "alone", "all.parquet", alone)
    task = task_at(tmp_path / "alone", "intent", {"files": {"data": "all.parquet"}, "split_from": "data"})
    assert {s: len(d) for s, d in task.dataset.items()} == {"data": 4, "test": 1}  # each row its own cluster


def test_split_from_a_saved_single_dataset(tmp_path):
    Dataset.from_list(clustered_rows()).save_to_disk(str(tmp_path / "one"))
    task = task_at(tmp_path, "intent", {"path": "one", "split_from": "train", "test_share": 0.5})
    assert {s: len(d) for s, d in task.dataset.items()} == {"train": 4, "test": 4}


@pytest.mark.parametrize("family", ["pii", "json", "funccall"])
def test_split_from_in_the_other_families(tmp_path, family):
    rows = [{**r, "template": f"t{i}"} for i, r in enumerate(ROWS[family] * 2)]
    rows = [{**r, "id": f"{r['id']}-{i}"} for i, r in enumerate(rows)]
    write(tmp_path, "all.jsonl", rows)
    task = task_at(tmp_path, family, {"files": {"train": "all.jsonl"}, "split_from": "train", "test_share": 0.5})
    assert (len(task.dataset["train"]), len(task.docs("test"))) == (3, 3)
    assert sorted(list(task.dataset["train"]["id"]) + list(task.docs("test")["id"])) == sorted(r["id"] for r in rows)


# -- errors ----------------------------------------------------------------------------------------
def test_bad_csv_cells_name_the_line_and_field(tmp_path):
    rows = [dict(r) for r in ROWS["intent"]]
    rows[1]["label"] = ""
    write(tmp_path, "test.csv", rows)
    message = error_of(tmp_path, "intent", {"files": {"test": "test.csv"}})
    assert message == ("task 'my_intent': test.csv line 3: 'label' is an empty string, not a non-empty string; "
                       "give it a value or drop the row")
    rows = [dict(r) for r in ROWS["json"]]
    rows[2]["gold"] = [1, 2]
    write(tmp_path / "j", "test.csv", rows)
    assert "test.csv line 4: 'gold' is [1, 2], not a JSON object" in error_of(tmp_path / "j", "json",
                                                                             {"files": {"test": "test.csv"}})
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "test.csv").write_text('text,spans\nCall Ann,"[{""type"": ""person"""\n')
    assert "test.csv line 2: 'spans' starts like JSON but is not valid JSON" in error_of(
        tmp_path / "p", "pii", {"files": {"test": "test.csv"}})
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "test.csv").write_text("text,label\nhello,billing,extra\n")
    assert "test.csv line 2 has 3 cells, the header 2" in error_of(tmp_path / "c", "intent",
                                                                   {"files": {"test": "test.csv"}})


def test_parquet_errors_name_the_row(tmp_path):
    pq.write_table(pa.Table.from_pylist([{"text": "hi", "intent": "billing"}]), tmp_path / "test.parquet")
    message = error_of(tmp_path, "intent", {"files": {"test": "test.parquet"}})
    assert "test.parquet row 0 has no 'label' field" in message
    pq.write_table(pa.Table.from_pylist([{"text": "hi", "label": "a"}, {"text": "yo", "label": None}]),
                   tmp_path / "test.parquet")
    assert "test.parquet row 1: 'label' is null" in error_of(tmp_path, "intent", {"files": {"test": "test.parquet"}})
    pq.write_table(pa.Table.from_pylist([{"text": "hi", "label": 3}]), tmp_path / "test.parquet")
    assert ("test.parquet row 0: 'label' is an integer (3), not a non-empty string; store the column as strings "
            '("3")') in error_of(tmp_path, "intent", {"files": {"test": "test.parquet"}})
    (tmp_path / "test.parquet").write_text("text,label\n")
    assert "test.parquet is not a readable Parquet file" in error_of(tmp_path, "intent",
                                                                     {"files": {"test": "test.parquet"}})


def test_an_unknown_extension_is_one_error(tmp_path):
    (tmp_path / "test.txt").write_text("hello\tbilling\n")
    message = error_of(tmp_path, "intent", {"files": {"test": "test.txt"}})
    assert ("data file 'test.txt' has an unknown format ('.txt'); name it .jsonl (JSON lines), .csv or .parquet"
            in message)


def test_split_from_errors(tmp_path):
    write(tmp_path, "all.csv", clustered_rows())
    assert "split_from names split 'dev', which the data does not have (it has: train)" in error_of(
        tmp_path, "intent", {"files": {"train": "all.csv"}, "split_from": "dev"})
    assert "the data has a 'test' split already" in error_of(
        tmp_path, "intent", {"files": {"train": "all.csv", "test": "all.csv"}, "split_from": "train"})
    assert "no 'test' split (it has: train)" in error_of(tmp_path, "intent", {"files": {"train": "all.csv"}})
    assert "test_share apply to a test split drawn with dataset.split_from" in error_of(
        tmp_path, "intent", {"files": {"test": "all.csv"}, "test_share": 0.3})
    assert "exclude each other" in error_of(tmp_path, "intent", {"files": {"test": "all.csv"}, "path": "x"})


def test_split_from_that_leaves_a_side_empty_is_an_error(tmp_path):
    write(tmp_path, "two.csv", clustered_rows(clusters=2, per=1))
    assert "test_share 0.2 of the 2 rows of split 'train' leaves the test split empty" in error_of(
        tmp_path, "intent", {"files": {"train": "two.csv"}, "split_from": "train"})
    write(tmp_path / "one", "one.csv", clustered_rows(clusters=1, per=6))
    message = error_of(tmp_path / "one", "intent", {"files": {"train": "one.csv"}, "split_from": "train"})
    assert "split 'train' has 1 'template' cluster(s)" in message and "leaves 'train' empty" in message


def test_validate_reports_container_problems_before_a_model_loads(tmp_path):
    write(tmp_path / "ok", "all.csv", clustered_rows())
    task_at(tmp_path / "ok", "intent", {"files": {"train": "all.csv"}, "split_from": "train", "test_share": 0.25})
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "ok" / "task.yaml")])
    assert result.exit_code == 0 and "(intent, v1): train 6, test 2" in result.output, result.output
    bad = [dict(r) for r in ROWS["funccall"]]
    bad[0]["functions"] = "[{\"name\": "
    write(tmp_path / "bad", "test.csv", bad)
    (tmp_path / "bad" / "task.yaml").write_text(config("funccall", {"files": {"test": "test.csv"}}))
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "bad" / "task.yaml")])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert lines[0].startswith("error: task 'my_funccall': test.csv line 2: 'functions' starts like JSON")
