"""Work is never lost to the last step, and a damaged cache is one line with advice or is recomputed
(issue 12, groups 5, 8 and 9), with the junk backend of test_backend_answers registered in-process."""
import json
import sqlite3

import pytest
from click.testing import CliRunner

from edgebench.cli import cli
from edgebench.plugins import get_registry
from test_backend_answers import JunkBackend


@pytest.fixture
def junk(monkeypatch):
    monkeypatch.setitem(get_registry().backends, "junk", JunkBackend)
    JunkBackend.calls, JunkBackend.mode, JunkBackend.junk = 0, "value", -0.5  # a valid answer by default
    return JunkBackend


def invoke(*args, env=None):
    return CliRunner(env=env).invoke(cli, list(args))


def one_error(result):
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert result.exit_code == 2 and len(errors) == 1 and "Traceback" not in result.output, result.output
    return errors[0]


@pytest.mark.parametrize("where", ["file", "proc"])
def test_an_unwritable_output_path_fails_before_any_work(junk, tmp_path, where):
    (tmp_path / "a_file").write_text("x")
    out = tmp_path / "a_file" / "results" if where == "file" else "/proc/edgebench-results"
    line = one_error(invoke("run", "--model", "junk:x", "--tasks", "edge_spam", "--output-path", str(out),
                            "--cache-path", str(tmp_path / "c.sqlite")))
    assert f"--output-path '{out}' is not a writable folder" in line
    assert junk.calls == 0  # nothing computed, so nothing lost


def test_a_lone_surrogate_in_an_answer_is_written_and_read_back(junk, tmp_path):
    junk.junk = {"text": "caf\ud800 {\"a\": 1}", "prompt_tokens": 3, "completion_tokens": 2}
    for attempt in range(2):  # the second run serves the answer from the cache and writes it again
        result = invoke("run", "--model", "junk:x", "--tasks", "edge_json", "--limit", "6", "--log-samples",
                        "--output-path", str(tmp_path / "out"), "--cache-path", str(tmp_path / "c.sqlite"))
        assert result.exit_code == 0, result.output
        samples = [json.loads(x) for x in (tmp_path / "out" / "samples_edge_json.jsonl").read_text().splitlines()]
        assert any(s["output"] == junk.junk["text"] for s in samples)


def test_a_file_that_is_not_a_database_is_one_line_naming_it(junk, tmp_path):
    cache = tmp_path / "c.sqlite"
    cache.write_bytes(b"this is not sqlite at all" * 100)
    line = one_error(invoke("run", "--model", "junk:x", "--tasks", "edge_spam", "--cache-path", str(cache),
                            "--output-path", str(tmp_path / "out")))
    assert f"response cache '{cache}' is damaged" in line and "move it aside" in line


def test_a_foreign_sqlite_file_is_refused_and_left_alone(junk, tmp_path):
    cache = tmp_path / "theirs.sqlite"
    with sqlite3.connect(cache) as db:
        db.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    line = one_error(invoke("run", "--model", "junk:x", "--tasks", "edge_spam", "--cache-path", str(cache),
                            "--output-path", str(tmp_path / "out")))
    assert "is a SQLite file of something else (tables: customers)" in line
    with sqlite3.connect(cache) as db:
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["customers"]


def test_tampered_cache_rows_are_recomputed_with_a_warning(junk, tmp_path):
    cache, out = tmp_path / "c.sqlite", tmp_path / "out"
    args = ("run", "--model", "junk:x", "--tasks", "edge_spam", "--limit", "10", "--cache-path", str(cache),
            "--output-path", str(out))
    assert invoke(*args).exit_code == 0
    first = json.loads((out / "results.json").read_text())["results"]
    with sqlite3.connect(cache) as db:
        keys = [k for (k,) in db.execute("SELECT key FROM responses ORDER BY key LIMIT 3")]
        db.execute("UPDATE responses SET value = '{not json' WHERE key = ?", (keys[0],))
        db.execute("UPDATE responses SET value = '{\"logprobs\": [1.0], \"bogus\": 2}' WHERE key = ?", (keys[1],))
        db.execute("UPDATE responses SET value = '{\"logprobs\": [\"x\", \"y\"]}' WHERE key = ?", (keys[2],))
    calls = junk.calls
    again = invoke(*args)
    assert again.exit_code == 0, again.output
    assert junk.calls - calls == 3 and "warning: 3 answer(s) in the response cache" in again.stderr
    assert json.loads((out / "results.json").read_text())["results"] == first


def test_a_cache_root_that_is_a_file_is_one_line(junk, tmp_path):
    (tmp_path / "cachefile").write_text("x")
    line = one_error(invoke("run", "--model", "junk:x", "--tasks", "edge_spam", "--no-cache",
                            "--output-path", str(tmp_path / "out"), env={"EDGEBENCH_CACHE": str(tmp_path / "cachefile")}))
    assert "is a file, not a folder; point EDGEBENCH_CACHE at a folder" in line


def test_a_cache_path_that_cannot_be_created_is_one_line(junk, tmp_path):
    line = one_error(invoke("run", "--model", "junk:x", "--tasks", "edge_spam", "--cache-path", "/proc/x/c.sqlite",
                            "--output-path", str(tmp_path / "out")))
    assert "/proc/x" in line
