"""NLM filter tasks: binary and span metrics against hand-computed cases, the three generators against
their invariants, and the two task families' per-sample processing."""
import json
import math
from collections import Counter
from pathlib import Path

import pytest

from edgebench.backends.base import GenerateResult, ScoreResult
from edgebench.data.filters import v1 as filters, spam_v2
from edgebench.data.store import fingerprint_rows
from edgebench.data.validation import LEVELS, validate
from edgebench.errors import EdgeBenchError
from edgebench.metrics import binary, spans
from edgebench.metrics.classification import top1_acc
from edgebench.tasks.config import ConfigSource, read_config, validate_schema
from edgebench.tasks.edge_intent import IntentTask
from edgebench.tasks.filters import BinaryFilterTask, PIITask, locate, read_items

CONFIGS = Path(__file__).resolve().parent.parent / "task_configs"


def config(name):
    source = ConfigSource((CONFIGS / f"{name}.yaml").resolve(), "builtin")
    return read_config(source), source


def rec(gold, pred, score, positive="spam"):
    return {"gold": gold, "pred": pred, "score": score, "positive": positive}


def span(start, end, type_="person", text=""):
    return {"start": start, "end": end, "type": type_, "text": text}


# -- binary metrics ----------------------------------------------------------------------------------
def test_binary_metrics_hand_computed():
    # tp: r1, fn: r2, fp: r3, tn: r4 -> P 1/2, R 1/2, F1 1/2.
    # AUROC: positive scores {.9, .4} vs negative {.6, .1}: pairs won 3 of 4 (.4 < .6 lost) -> 0.75.
    records = [rec("spam", "spam", 0.9), rec("spam", "ham", 0.4), rec("ham", "spam", 0.6), rec("ham", "ham", 0.1)]
    assert binary.precision(records) == 0.5
    assert binary.recall(records) == 0.5
    assert binary.f1(records) == 0.5
    assert binary.auroc(records) == pytest.approx(0.75)
    assert top1_acc(records) == 0.5


def test_binary_metrics_unparsed_prediction_missing_scores_and_one_class():
    # r2 could not be read (pred None): a missed positive. tp 2, fp 1, fn 1 -> P 2/3, R 2/3, F1 2/3.
    records = [rec("toxic", "toxic", None, "toxic"), rec("toxic", None, None, "toxic"),
               rec("ok", "toxic", None, "toxic"), rec("toxic", "toxic", None, "toxic")]
    assert binary.precision(records) == pytest.approx(2 / 3)
    assert binary.recall(records) == pytest.approx(2 / 3)
    assert binary.f1(records) == pytest.approx(2 / 3)
    assert binary.auroc(records) == 0.5                               # no scores at all
    assert binary.auroc([rec("spam", "spam", 0.9), rec("spam", "ham", 0.2)]) == 0.5   # one class only
    # unscored records are left out: the two scored ones rank perfectly
    assert binary.auroc([rec("spam", "spam", 0.8), rec("ham", "ham", 0.3), rec("spam", "ham", None)]) == 1.0


def test_prf_zero_denominators():
    assert binary.prf(0, 0, 0) == (1.0, 1.0, 1.0)      # nothing to find, nothing found
    assert binary.prf(0, 0, 2) == (0.0, 0.0, 0.0)      # found nothing of two
    assert binary.prf(0, 3, 0) == (0.0, 1.0, 0.0)      # only false alarms
    assert binary.prf(2, 1, 1) == pytest.approx((2 / 3, 2 / 3, 2 / 3))


# -- span metrics ------------------------------------------------------------------------------------
def test_exact_versus_partial_matching():
    gold = [span(0, 10), span(15, 30, "email")]
    pred = [span(0, 4), span(15, 30, "email")]                  # a truncated name, an exact email
    assert spans.span_counts(pred, gold, "exact") == (1, 1, 1)
    assert spans.span_counts(pred, gold, "partial") == (2, 0, 0)
    assert spans.span_prf(pred, gold, "exact") == pytest.approx((0.5, 0.5, 0.5))
    # overlap with the wrong type matches in neither mode
    assert spans.span_counts([span(0, 10, "phone")], gold[:1], "partial") == (0, 1, 1)
    # touching is not overlapping (end is exclusive)
    assert spans.span_counts([span(10, 12)], gold[:1], "partial") == (0, 1, 1)
    with pytest.raises(ValueError):
        spans.span_counts(pred, gold, "fuzzy")


def test_partial_matching_uses_each_span_once_and_finds_the_best_matching():
    gold = [span(0, 10)]
    assert spans.span_counts([span(0, 4), span(5, 10)], gold, "partial") == (1, 1, 0)   # gold matched once
    assert spans.span_counts([span(0, 10), span(0, 10)], gold, "exact") == (1, 1, 0)    # a duplicate is a fp
    # pred 8-14 overlaps both golds, pred 0-5 only the first: a greedy pass would score 1, the best is 2
    assert spans.span_counts([span(8, 14), span(0, 5)], [span(0, 10), span(12, 20)], "partial") == (2, 0, 0)
    # an unlocated prediction (-1, -1) never matches
    assert spans.span_counts([span(-1, -1)], gold, "partial") == (0, 1, 1)


def test_span_metrics_are_micro_averaged_over_records():
    # record 1: 1 gold, found exactly; record 2: 3 golds, none found.
    # micro: tp 1, fp 0, fn 3 -> P 1, R 1/4, F1 2/5 (a macro mean of recalls would say 1/2).
    r1 = {"input": "Ann Lee", "gold": [span(0, 7)], "pred": [span(0, 7)]}
    r2 = {"input": "x" * 40, "gold": [span(0, 5), span(10, 15, "email"), span(20, 30, "phone")], "pred": []}
    assert spans.span_precision([r1, r2]) == 1.0
    assert spans.span_recall([r1, r2]) == 0.25
    assert spans.span_f1([r1, r2]) == pytest.approx(0.4)
    # partial F1 forgives a boundary: pred 0-3 inside gold 0-7 -> exact F1 0, partial F1 1
    r3 = {"input": "Ann Lee", "gold": [span(0, 7)], "pred": [span(0, 3)]}
    assert spans.span_f1([r3]) == 0.0 and spans.span_f1_partial([r3]) == 1.0


def test_redaction():
    text = "Call Jo Park at 555-0100 today."
    gold = [span(5, 12), span(16, 24, "phone")]
    assert spans.redact(text, gold) == "Call [PERSON] at [PHONE] today."
    assert spans.redact(text, [span(-1, -1), *gold]) == "Call [PERSON] at [PHONE] today."  # unlocated: skipped
    assert spans.redact(text, [span(5, 12), span(8, 12)]) == "Call [PERSON] at 555-0100 today."  # overlap skipped
    assert spans.redact(text, []) == text
    records = [{"input": text, "gold": gold, "pred": list(reversed(gold))},          # order does not matter
               {"input": text, "gold": gold, "pred": [span(5, 7), span(8, 12), gold[1]]}]  # split name: differs
    assert spans.redaction_exact(records) == 0.5


# -- generators --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def data():
    return {kind: filters.generate(kind) for kind in filters.KINDS}


MINIMUM = {"spam": (1000, 250), "pii": (800, 200), "toxicity": (800, 200)}


@pytest.mark.parametrize("kind", filters.KINDS)
def test_generator_is_deterministic(kind, data):
    again = filters.generate(kind)
    assert again == data[kind] and fingerprint_rows(again) == fingerprint_rows(data[kind])
    assert fingerprint_rows(filters.generate(kind, seed=7)) != fingerprint_rows(data[kind])


@pytest.mark.parametrize("kind", filters.KINDS)
def test_generator_split_sizes_and_template_family_split(kind, data):
    train, test = data[kind]["train"], data[kind]["test"]
    assert len(train) >= MINIMUM[kind][0] and len(test) >= MINIMUM[kind][1]
    family = lambda rows: {r["template"].split("/")[0] for r in rows}  # noqa: E731
    assert not family(train) & family(test)                      # whole families held out
    assert not {r["template"] for r in train} & {r["template"] for r in test}
    assert not {r["text"] for r in train} & {r["text"] for r in test}
    ids = [r["id"] for r in train + test]
    assert len(ids) == len(set(ids))
    assert all("{" not in r["text"] for r in train + test)        # every slot filled


@pytest.mark.parametrize("kind,labels", [("spam", {"spam", "ham"}), ("toxicity", {"toxic", "ok"})])
def test_binary_generators_have_both_labels_in_both_splits(kind, labels, data):
    for split in ("train", "test"):
        counts = Counter(r["label"] for r in data[kind][split])
        assert set(counts) == labels
        assert min(counts.values()) / max(counts.values()) > 0.6   # balanced-ish
    rows = data[kind]["train"] + data[kind]["test"]
    if kind == "spam":
        assert {r["channel"] for r in rows} == {"sms", "email"}
        assert any(".test/" in r["text"] for r in rows)
    else:
        assert all((r["severity"] == "none") == (r["label"] == "ok") for r in rows)
        assert {r["severity"] for r in data[kind]["test"]} == {"none", "mild", "moderate"}


def test_pii_spans_are_exact_typed_and_cover_every_type_in_both_splits(data):
    for split in ("train", "test"):
        rows = data["pii"][split]
        types = Counter()
        for row in rows:
            for s in json.loads(row["spans"]):
                assert row["text"][s["start"]:s["end"]] == s["text"] and s["type"] in filters.PII_TYPES
                types[s["type"]] += 1
        assert set(types) == set(filters.PII_TYPES)
        assert any(row["spans"] == "[]" for row in rows)             # messages with no PII at all


@pytest.mark.parametrize("kind", filters.KINDS)
def test_validator_passes_every_generated_row(kind, data):
    rows = data[kind]["train"] + data[kind]["test"]
    kept, report = validate(rows, filters.checks(kind))
    assert len(kept) == len(rows) and report.rates() == {level: 1.0 for level in LEVELS}


def test_validator_checks_catch_bad_rows():
    leak, _ = validate([{"text": "this is obviously spam", "label": "spam"}], filters.checks("spam"))
    assert not leak
    assert filters.spans_valid({"text": "Call Ann", "spans": json.dumps([span(5, 8, "person", "Ann")])})
    bad = {"text": "Call Ann", "spans": json.dumps([span(4, 7, "person", "Ann")])}   # off by one
    assert not filters.spans_valid(bad)
    assert filters.spans_valid({**bad, "spans": "[]"})
    assert not filters.spans_valid({"text": "Ann", "spans": json.dumps([span(0, 3, "name", "Ann")])})  # type


# -- BinaryFilterTask --------------------------------------------------------------------------------
def test_binary_filter_schema_extends_the_intent_schema_without_changing_it():
    assert "positive_label" in BinaryFilterTask.config_schema["required"]
    assert "positive_label" not in IntentTask.config_schema["required"]
    cfg, source = config("edge_spam")
    validate_schema(cfg, BinaryFilterTask.config_schema, source)
    with pytest.raises(EdgeBenchError, match="positive_label"):
        validate_schema({k: v for k, v in cfg.items() if k != "positive_label"}, BinaryFilterTask.config_schema, source)
    with pytest.raises(EdgeBenchError, match="not one of"):
        BinaryFilterTask({**cfg, "positive_label": "junk"}, source)


def test_binary_filter_process_gives_the_positive_probability():
    cfg, source = config("edge_toxicity")                    # labels [toxic, ok], normalize: mean
    task = BinaryFilterTask(cfg, source)
    doc = {"id": "x/0/0", "text": "you are useless", "label": "toxic", "severity": "mild"}
    # mean per token: toxic -1.0 / 2 tokens = -0.5, ok -2.0 / 1 token = -2.0
    record = task.process(doc, ScoreResult(logprobs=[-1.0, -2.0], num_tokens=[2, 1]))
    p_toxic = math.exp(-0.5) / (math.exp(-0.5) + math.exp(-2.0))
    assert record["score"] == pytest.approx(p_toxic) and 0 <= record["score"] <= 1
    assert record["ranking"] == ["toxic", "ok"] and record["pred"] == "toxic" and record["positive"] == "toxic"
    assert record["severity"] == "mild"
    flipped = task.process(doc, ScoreResult(logprobs=[-4.0, -1.0], num_tokens=[2, 1]))
    assert flipped["ranking"] == ["ok", "toxic"] and flipped["score"] < 0.5      # agrees with the ranking
    assert flipped["score"] == pytest.approx(1 - 1 / (1 + math.exp(-2.0 + 1.0)))  # the two probabilities sum to 1
    generated = task.process(doc, GenerateResult(text="toxic"))
    assert generated["score"] is None and generated["pred"] == "toxic"


def test_binary_filter_builds_its_generated_data_and_reads_files(tmp_path, monkeypatch):
    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path / "cache"))
    cfg, source = config("edge_spam")
    task = BinaryFilterTask(cfg, source)
    made = spam_v2.generate(seed=1234, rows=3000, test_templates=6, test_rows=2)  # edge_spam's dataset: data v2
    assert {s: len(d) for s, d in task.dataset.items()} == {s: len(r) for s, r in made.items()}
    assert task.fingerprint == fingerprint_rows(made)
    assert task.checks() is not None
    (tmp_path / "test.jsonl").write_text('{"message": "WIN a prize now", "y": "spam"}\n{"message": "hi", "y": "ham"}\n')
    own = {**cfg, "dataset": {"files": {"test": "test.jsonl"}, "text_field": "message", "label_field": "y"}}
    task = BinaryFilterTask(own, ConfigSource(tmp_path / "mine.yaml", "include-path"))
    assert task.docs("test")["label"] == ["spam", "ham"] and task.checks() is None


def test_sklearn_baseline_catches_spam_from_unseen_families(tmp_path, monkeypatch):
    from edgebench.backends.sklearn_baseline import SklearnBackend

    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path))
    task = BinaryFilterTask(*config("edge_spam"))
    backend = SklearnBackend("sklearn:tfidf-lr")
    backend.prepare(task)
    docs = task.docs("test")
    records = [task.process(d, r) for d, r in zip(docs, backend.score([task.request(d) for d in docs]))]
    assert binary.f1(records) > 0.65 and binary.auroc(records) > 0.7    # chance: about 0.5 for both


# -- PIITask -----------------------------------------------------------------------------------------
TEXT = "Hotel guest Oscar Perez, 760-583-7952, card 4111 1111 1111 1111."
GOLD = [span(12, 23, "person", "Oscar Perez"), span(25, 37, "phone", "760-583-7952"),
        span(44, 63, "card_number", "4111 1111 1111 1111")]
DOC = {"id": "hotel/0/0", "template": "hotel/0", "text": TEXT, "spans": json.dumps(GOLD)}


@pytest.fixture
def pii_task():
    return PIITask(*config("edge_pii"))


@pytest.mark.parametrize("output,error", [("", "empty_output"), ("I found nothing.", "no_json"),
                                          ('[{"type": "person", "text": "Osc', "invalid_json"),
                                          ("[1, 2]", "invalid_items"), ('"Oscar"', "no_json")])
def test_pii_process_never_raises_on_garbage(pii_task, output, error):
    record = pii_task.process(DOC, GenerateResult(text=output))
    assert record["error"] == error and record["pred"] == [] and record["gold"] == GOLD
    assert record["scores"]["fn"] == 3 and record["scores"]["f1"] == 0.0
    assert record["redacted_pred"] == TEXT and record["redacted_gold"] != TEXT


def test_pii_process_reads_fenced_json_with_aliases_and_any_case(pii_task):
    output = ('Sure! Here is the PII:\n```json\n[{"type": "Name", "text": "oscar perez"},\n'
              ' {"type": "phone_number", "text": "760-583-7952"},\n {"type": "credit card", "text": "4111 1111 1111 1111"}]\n```')
    record = pii_task.process(DOC, GenerateResult(text=output))
    assert record["error"] is None
    assert [(s["start"], s["end"], s["type"]) for s in record["pred"]] == [(s["start"], s["end"], s["type"]) for s in GOLD]
    assert record["pred"][0]["text"] == "Oscar Perez"               # the input's characters, not the model's
    assert record["scores"]["f1"] == 1.0 and record["scores"]["redaction_exact"] == 1
    assert record["redacted_pred"] == "Hotel guest [PERSON], [PHONE], card [CARD_NUMBER]."
    assert set(record) == {"doc_id", "input", "output", "gold", "pred", "error", "scores", "redacted_pred", "redacted_gold"}


def test_pii_locating_and_object_shapes():
    text = "Ann called Ann about ann@x.test"
    spans_ = locate(text, [{"type": "person", "text": "Ann"}, {"type": "person", "text": "Ann"},
                           {"type": "person", "text": "Bob"}])
    assert [(s["start"], s["end"]) for s in spans_] == [(0, 3), (11, 14), (-1, -1)]   # first unused occurrence
    assert read_items('{"pii": [{"type": "email", "text": "a@b.test"}]}') == ([{"type": "email", "text": "a@b.test"}], None)
    assert read_items('{"email": "a@b.test", "name": ["Ann", "Bo"]}')[0] == [
        {"type": "email", "text": "a@b.test"}, {"type": "person", "text": "Ann"}, {"type": "person", "text": "Bo"}]
    assert read_items("[]") == ([], None)


def test_pii_request_and_user_files(pii_task, tmp_path):
    assert pii_task.paraphrasable is False                          # a teacher would break the offsets
    request = pii_task.request(DOC)
    assert request.max_new_tokens <= 192 and request.messages[-1][1].endswith(TEXT)
    assert "card_number" in request.messages[-1][1]
    rows = [{"text": "Ann here", "spans": [span(0, 3, "person", "Ann")]}, {"text": "no pii", "spans": []}]
    (tmp_path / "test.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    cfg, _ = config("edge_pii")
    task = PIITask({**cfg, "dataset": {"files": {"test": "test.jsonl"}}}, ConfigSource(tmp_path / "t.yaml", "include-path"))
    assert json.loads(task.docs("test")[0]["spans"]) == rows[0]["spans"]
    (tmp_path / "test.jsonl").write_text(json.dumps({"text": "Ann here", "spans": [span(0, 4, "person", "Ann")]}))
    with pytest.raises(EdgeBenchError, match="line 1"):
        PIITask({**cfg, "dataset": {"files": {"test": "test.jsonl"}}}, ConfigSource(tmp_path / "t.yaml", "x")).dataset


def test_single_class_groups_report_accuracy_only():
    from edgebench.metrics import binary
    from edgebench.metrics.classification import top1_acc

    task = BinaryFilterTask({"task": "t", "family": "binary_filter", "version": 1, "positive_label": "toxic",
                             "breakdown": ["severity"], "metrics": ["top1_acc", "f1", "auroc"],
                             "dataset": {"generator": "toxicity"}, "prompt": {"template": "{text}"}},
                            ConfigSource(Path("task_configs/edge_toxicity.yaml").resolve(), "builtin"))
    rec = lambda gold, pred, sev, score: {"gold": gold, "pred": pred, "positive": "toxic", "severity": sev,  # noqa: E731
                                          "score": score, "ranking": [pred]}
    records = [rec("toxic", "toxic", "mild", 0.9), rec("toxic", "ok", "mild", 0.4), rec("ok", "ok", "none", 0.1)]
    out = task.aggregate(records, {"top1_acc": top1_acc, "f1": binary.f1, "auroc": binary.auroc},
                         bootstrap_iters=0, seed=0)
    assert out["f1"] == pytest.approx(2 / 3) and out["auroc"] == 1.0   # tp 1, fn 1, fp 0
    assert out["top1_acc/mild"] == 0.5 and out["top1_acc/none"] == 1.0
    assert "f1/mild" not in out and "auroc/none" not in out
