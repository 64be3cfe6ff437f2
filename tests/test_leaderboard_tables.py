"""Leaderboard rules on hand-made inputs: Pareto front, headline, badges, rows, tables, bad inputs, the site files."""
from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import run_cli
from leaderboard_fakes import XSS, results_doc, sample_records, write_folder

from edgebench.leaderboard.badges import badges
from edgebench.leaderboard.inputs import read_inputs
from edgebench.leaderboard.pareto import dominates, pareto_front
from edgebench.leaderboard.provenance import command
from edgebench.leaderboard.rows import build_rows, headline, retention
from edgebench.leaderboard.samples_pages import is_right
from edgebench.leaderboard.tables import build_table, latex_escape, render_table


def rows_of(tmp_path, *docs):
    folders = [write_folder(tmp_path / f"r{i}", doc) for i, doc in enumerate(docs)]
    return build_rows(read_inputs([str(f) for f in folders]))


# -- Pareto front -------------------------------------------------------------------------------------

def test_pareto_front_on_hand_made_points():
    points = [(1.0, 0.5), (2.0, 0.7), (3.0, 0.6), (2.0, 0.7), (0.5, 0.2), (4.0, 0.9), (4.0, 0.85)]
    # (3, 0.6) loses to (2, 0.7); (4, 0.85) loses to (4, 0.9) on quality at equal cost; the twins both stay
    assert pareto_front(points) == [4, 0, 1, 3, 5]
    assert dominates((1, 0.5), (2, 0.5)) and dominates((1, 0.6), (1, 0.5))
    assert not dominates((1, 0.5), (1, 0.5)) and not dominates((1, 0.4), (2, 0.5))
    assert pareto_front([]) == [] and pareto_front([(3.0, 0.1)]) == [0]


# -- headline, badges, rows -----------------------------------------------------------------------------

def test_headline_is_the_configs_first_metric_else_the_first_reported():
    doc = results_doc("hf:m", {"edge_spam": {"f1": 0.7, "top1_acc": 0.9, "top1_acc/mild": 0.5}},
                      metrics={"edge_spam": ["top1_acc", "f1"]})
    assert headline(doc, "edge_spam") == "top1_acc"
    doc["tasks"]["edge_spam"]["config"]["metrics"] = ["not_reported", "f1"]
    assert headline(doc, "edge_spam") == "f1"  # first reported, breakdown keys ("metric/group") skipped
    del doc["tasks"]["edge_spam"]
    assert headline(doc, "edge_spam") == "f1"


@pytest.mark.parametrize("parameters,bytes_on_disk,expected", [
    (10_000_000, 40_000_000, ["MLM"]), (9_999_999, 40_000_000, []), (250_000_000, 10**9, ["MLM"]),
    (250_000_001, 10**9, []), (5_000_000, 9_999_999, ["NLM"]), (5_000_000, 10_000_000, []),
    (20_000_000, 8_000_000, ["MLM", "NLM"]), (None, None, []),
])
def test_size_badges_follow_the_measured_figures(tmp_path, parameters, bytes_on_disk, expected):
    (row,) = rows_of(tmp_path, results_doc("hf:m", {"edge_spam": 0.9}, parameters=parameters,
                                           bytes_on_disk=bytes_on_disk))
    assert [b["name"] for b in row.badges] == expected


def test_a_baseline_that_is_no_language_model_gets_no_size_category(tmp_path):
    # a 2 MB TF-IDF pipeline is under the NLM bound, but it is no language model
    doc = results_doc("sklearn:tfidf-lr", {"edge_spam": 0.9}, parameters=73_000, bytes_on_disk=2_000_000)
    doc["model"]["info"]["backend"] = "sklearn"
    (row,) = rows_of(tmp_path, doc)
    assert [b["name"] for b in row.badges] == ["baseline"]
    plugin = results_doc("keyword:x", {"edge_spam": 0.9}, parameters=20_000_000, bytes_on_disk=0)
    plugin["model"]["info"]["language_model"] = False
    (row,) = rows_of(tmp_path / "p", plugin)
    assert [b["name"] for b in row.badges] == ["baseline"]


def test_certified_badge_needs_certified_and_lists_the_checks():
    checks = [{"name": "manifest", "ran": True, "ok": True, "detail": "3 files"},
              {"name": "rerun", "ran": False, "ok": False, "detail": "no model"}]
    got = badges(None, None, {"certified": True, "checks": checks, "verified_at": "2026-12-01"})
    assert [b["name"] for b in got] == ["certified"]
    assert "manifest (ok): 3 files" in got[0]["title"] and "rerun (not run)" in got[0]["title"]
    assert badges(None, None, {"certified": False, "checks": checks}) == []
    assert badges(None, None, None) == []


def test_rows_group_by_spec_variant_and_hardware_and_average_families(tmp_path):
    rows = rows_of(tmp_path,
                   results_doc("hf:a", {"edge_spam": 0.8, "probe_spam": 0.6}, latency=0.1),
                   results_doc("hf:a", {"edge_intent": 0.5}, latency=0.3),           # same row: merged
                   results_doc("hf:a", {"edge_spam": 0.7}, threads=1),                 # other hardware
                   results_doc("hf:a", {"edge_spam": 0.6}, dtype="int8", quantization="int8-dynamic (x)"))
    assert [(r.variant, r.hardware) for r in rows] == [
        ("bfloat16", "Test CPU · 2 threads"), ("bfloat16", "Test CPU · 1 thread"),
        ("int8 / int8-dynamic", "Test CPU · 2 threads")]
    first = rows[0]
    assert sorted(first.task_source) == ["edge_intent", "edge_spam", "probe_spam"]
    fam = first.families["binary_filter"]
    assert fam["value"] == pytest.approx(0.7)
    assert fam["stderr"] == pytest.approx(((0.8 / 20) ** 2 + (0.6 / 20) ** 2) ** 0.5 / 2)
    assert first.latency_p50_s == pytest.approx(0.1)  # median of 0.1, 0.1, 0.3
    assert len({r.id for r in rows}) == 3


def test_retention_is_against_the_float32_row_of_the_same_spec(tmp_path):
    rows = rows_of(tmp_path, results_doc("hf:m", {"edge_spam": 0.6}, dtype="int8", quantization="int8-dynamic"),
                   results_doc("hf:m", {"edge_spam": 0.8}, dtype="float32"),
                   results_doc("hf:other", {"edge_spam": 0.9}))
    int8, fp32, other = rows
    assert retention(int8, rows) == {"edge_spam": pytest.approx(0.75)}
    assert retention(fp32, rows) == {"edge_spam": pytest.approx(1.0)}
    assert retention(other, rows) == {"edge_spam": pytest.approx(1.0)}


def test_right_uses_the_headline_score_then_pred_equals_gold():
    assert is_right({"scores": {"top1": 1}, "pred": "a", "gold": "b"}, "top1_acc") is True
    assert is_right({"scores": {"top1": 0}, "pred": "a", "gold": "a"}, "top1_acc") is False
    assert is_right({"scores": {"json_exact": 1.0, "field_f1": 0.5}}, "json_exact") is True
    assert is_right({"scores": {"field_f1": 0.8}}, "field_f1") is False  # partial credit is not right
    assert is_right({"scores": {"f1": 1.0}, "pred": [1], "gold": [2]}, "span_precision") is False
    assert is_right({"scores": {}, "pred": [1], "gold": [1]}, "span_precision") is True
    assert is_right({"scores": {}}, "span_precision") is None


def test_command_is_shown_when_recorded_else_reconstructed():
    doc = results_doc("hf:m", {"edge_spam": 0.9, "probe_spam": 0.8}, threads=2)
    text, rebuilt = command(doc)
    assert rebuilt and text.startswith("edgebench run --model hf:m --tasks edge_spam,probe_spam --limit all")
    assert "--threads 2" in text
    doc["command"] = ["edgebench", "run", "--model", "hf:m", "--limit", "5"]
    assert command(doc) == ("edgebench run --model hf:m --limit 5", False)


# -- tables ---------------------------------------------------------------------------------------------

def table_docs():
    return (results_doc("hf:/x/alpha_m%&", {"edge_spam": 0.91, "probe_spam": 0.5}),
            results_doc("hf:beta", {"edge_spam": 0.8, "probe_spam": 0.75}),
            results_doc("hf:gamma", {"edge_spam": 0.91234, "edge_intent": 0.4}))


def test_markdown_table_bolds_the_best_cell_of_each_column(tmp_path):
    rows = rows_of(tmp_path, *table_docs())
    md = render_table(rows, "md").splitlines()
    # columns by task family, then name
    assert md[0] == "| model | variant | edge_spam (top1_acc) | probe_spam (top1_acc) | edge_intent (top1_acc) |"
    alpha, beta, gamma = ([c.strip() for c in line.split("|")[1:-1]] for line in md[2:])
    # edge_spam: 0.910 and 0.912 differ as printed, so only gamma is best; probe_spam: beta
    assert gamma[2] == "**0.912** ± 0.046" and alpha[2] == "0.910 ± 0.045" and beta[2] == "0.800 ± 0.040"
    assert beta[3] == "**0.750** ± 0.037" and alpha[3] == "0.500 ± 0.025" and gamma[3] == "–"
    assert gamma[4] == "0.400 ± 0.020"  # a column with one value marks nothing
    assert alpha[0] == "alpha_m%&" and beta[4] == "–"


def test_ties_as_printed_are_all_best_and_lower_is_better_for_invalid_rate(tmp_path):
    rows = rows_of(tmp_path,
                   results_doc("hf:a", {"edge_spam": 0.9001, "edge_json": {"invalid_rate": 0.2}}),
                   results_doc("hf:b", {"edge_spam": 0.9004, "edge_json": {"invalid_rate": 0.05}}),
                   results_doc("hf:c", {"edge_spam": 0.8, "edge_json": {"invalid_rate": 0.3}}))
    table = build_table(rows, ["edge_spam", "edge_json"])
    assert [[c["best"] for c in line] for line in table.cells] == [[True, False], [True, True], [False, False]]


def test_a_column_where_every_row_scores_the_same_has_no_best(tmp_path):
    rows = rows_of(tmp_path, results_doc("hf:a", {"edge_spam": 0.0, "probe_spam": 0.5}),
                   results_doc("hf:b", {"edge_spam": 0.0, "probe_spam": 0.7}))
    table = build_table(rows, ["edge_spam", "probe_spam"])
    assert [[c["best"] for c in line] for line in table.cells] == [[False, False], [False, True]]


def test_latex_escapes_and_marks_best(tmp_path):
    rows = rows_of(tmp_path, *table_docs())
    tex = render_table(rows, "latex", ["probe_spam", "edge_spam"])
    assert "alpha\\_m\\%\\&" in tex and "edge\\_spam" in tex and "top1\\_acc" in tex
    assert "\\textbf{0.750} $\\pm$ 0.037" in tex and "\\textbf{0.912}" in tex
    assert tex.index("probe\\_spam") < tex.index("edge\\_spam")  # --tasks order
    assert latex_escape("a_b%c&d#e$f") == "a\\_b\\%c\\&d\\#e\\$f"
    assert tex.startswith("\\begin{tabular}{llrr}")


def test_csv_table_has_value_stderr_and_best_columns(tmp_path):
    rows = rows_of(tmp_path, *table_docs())
    got = list(csv.DictReader(io.StringIO(render_table(rows, "csv"))))
    assert [r["edge_spam:top1_acc_best"] for r in got] == ["0", "0", "1"]
    assert [r["probe_spam:top1_acc_best"] for r in got] == ["0", "1", ""]
    assert float(got[2]["edge_spam:top1_acc"]) == pytest.approx(0.91234)
    assert float(got[1]["probe_spam:top1_acc_stderr"]) == pytest.approx(0.75 / 20)


def test_table_cli_prints_to_stdout(tmp_path):
    folders = [str(write_folder(tmp_path / f"r{i}", d)) for i, d in enumerate(table_docs())]
    proc = run_cli("leaderboard", "table", *folders, "--format", "md", "--tasks", "probe_spam")
    assert proc.stdout.splitlines()[0] == "| model | variant | probe_spam (top1_acc) |"
    assert "**0.750**" in proc.stdout


# -- bad inputs -----------------------------------------------------------------------------------------

def bad_inputs(tmp_path):
    (tmp_path / "notjson.json").write_text("{oops")
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "empty").mkdir()
    (tmp_path / "broken.tar.gz").write_bytes(b"not a tar")
    return {"missing": str(tmp_path / "nope"), "notjson": str(tmp_path / "notjson.json"),
            "list": str(tmp_path / "list.json"), "empty": str(tmp_path / "empty"),
            "broken": str(tmp_path / "broken.tar.gz")}


@pytest.mark.parametrize("case", ["missing", "notjson", "list", "empty", "broken"])
@pytest.mark.parametrize("command", ["build", "table"])
def test_bad_input_is_one_error_line_and_exit_2(tmp_path, case, command):
    good = str(write_folder(tmp_path / "good", results_doc("hf:m", {"edge_spam": 0.9})))
    bad = bad_inputs(tmp_path)[case]
    extra = ["--out", str(tmp_path / "site")] if command == "build" else []
    proc = run_cli("leaderboard", command, good, bad, *extra, check=False)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in proc.stderr
    assert bad.rsplit("/", 1)[-1] in lines[0]
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.parametrize("args", [["table"], ["table", "GOOD", "--tasks", "no_such_task"],
                                  ["table", "GOOD", "--tasks", ","], ["build", "--out", "SITE"],
                                  ["build", "GOOD", "--out", "FILE"]])
def test_other_bad_usage_is_one_error_line(tmp_path, args):
    good = str(write_folder(tmp_path / "good", results_doc("hf:m", {"edge_spam": 0.9})))
    (tmp_path / "file").write_text("x")
    args = [{"GOOD": good, "SITE": str(tmp_path / "site"), "FILE": str(tmp_path / "file")}.get(a, a) for a in args]
    proc = run_cli("leaderboard", *args, check=False)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), proc.stderr


# -- the site's machine-readable files and escaping --------------------------------------------------------

def test_build_writes_rows_json_csv_and_escapes_what_results_hold(tmp_path):
    evil = 'hf:/m/<b>bold</b>"'
    a = write_folder(tmp_path / "a", results_doc(evil, {"edge_spam": 0.9}), {"edge_spam": sample_records(12)})
    b = write_folder(tmp_path / "b", results_doc("hf:beta", {"edge_spam": 0.8, "edge_intent": 0.4}))
    out = tmp_path / "site"
    run_cli("leaderboard", "build", str(a), str(b / "results.json"), "--out", str(out))
    board = json.loads((out / "leaderboard.json").read_text())
    assert [r["model"] for r in board["rows"]] == [evil, "hf:beta"]
    assert board["rows"][1]["tasks"]["edge_intent"]["value"] == pytest.approx(0.4)
    table = list(csv.DictReader(io.StringIO((out / "leaderboard.csv").read_text())))
    assert [r["task:edge_spam"] for r in table] == ["0.9", "0.8"] and table[0]["task:edge_intent"] == ""
    index = (out / "index.html").read_text()
    assert "<b>bold</b>" not in index and "&lt;b&gt;bold&lt;/b&gt;" in index
    data = next((out / "data").glob("*.js")).read_text()
    assert "</script" not in data.lower() and "<" not in data  # every "<" is written as \u003c
    payload = json.loads(data[data.index("{"):data.rindex("}") + 1])
    assert payload["rows"][5]["input"] == XSS and len(payload["rows"]) == 12
    assert all("PWNED" not in p.read_text() for p in out.glob("*.html"))  # the payload lives in the data file only


def test_entry_archive_input_with_certified_verification(tmp_path):
    archive = pytest.importorskip("edgebench.submission.archive")
    folder = write_folder(tmp_path / "run", results_doc("hf:tiny", {"edge_spam": 0.9}, parameters=20_000_000,
                                                        bytes_on_disk=5_000_000),
                          {"edge_spam": sample_records(30)})
    entry = tmp_path / "entry.tar.gz"
    run_cli("submit", str(folder), "--out", str(entry))
    checks = [{"name": "manifest", "ran": True, "ok": True, "detail": "sha256 match"}]
    archive.write_verification(entry, checks, certified=True)
    (row,) = build_rows(read_inputs([str(entry)]))
    assert [b["name"] for b in row.badges] == ["MLM", "NLM", "certified"]
    assert "manifest (ok)" in row.badges[2]["title"] and len(row.samples("edge_spam")) == 30
    unverified = tmp_path / "copy.tar.gz"
    unverified.write_bytes(entry.read_bytes())  # the same bytes without a verification file beside them
    (row,) = build_rows(read_inputs([str(unverified)]))
    assert [b["name"] for b in row.badges] == ["MLM", "NLM"]


def test_a_family_plot_compares_only_rows_on_the_same_tasks(tmp_path):
    from edgebench.leaderboard.plots import AXES, comparable_tasks, pareto_svg

    rows = rows_of(tmp_path, results_doc("hf:a", {"edge_intent": 0.6}), results_doc("hf:b", {"edge_intent": 0.7}),
                   results_doc("keyword:c", {"example_sentiment": 1.0}))
    # the plugin's sentiment task is also 'intent', but its 1.0 is not a score on edge_intent
    assert comparable_tasks(rows, "intent") == ("edge_intent",)
    svg = pareto_svg(rows, "intent", next(a for a in AXES if a.key == "disk"))
    assert svg.count('id="pareto-intent-disk-point-') == 2
    assert "keyword:c" not in svg and "edge_intent" in svg


def test_a_model_card_renders_its_markdown_and_keeps_its_html_as_text():
    from edgebench.leaderboard.card_markdown import render

    card = ("---\nlicense: apache-2.0\n---\n# CycleCore\n\n| metric | value |\n|---|---|\n| f1 | **0.91** |\n\n"
            "<script>window.PWNED=1</script> [x](javascript:alert(1))\n")
    html = str(render(card))
    assert '<pre class="front-matter">license: apache-2.0</pre>' in html
    assert "<h1>CycleCore</h1>" in html and "<td><strong>0.91</strong></td>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html and 'href="javascript' not in html
