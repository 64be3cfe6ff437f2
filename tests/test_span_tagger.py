"""PII by token tagging: BIO tags to and from character spans (hand cases), the hf: backend answering
span requests with a folder's tagger (and only those), request keys unchanged for other requests, and
an nlm smoke run with ``objective.pii: tag`` whose loss falls and whose PII answers are message text."""
from __future__ import annotations

import json

import pytest

from conftest import read_json, read_jsonl, run_cli, tiny_llama
from test_train_nlm import SMOKE

TYPES = ("person", "phone")
TEXT = "Call Ann Lee on 555 12."
# tokens: Call | ' ' | Ann | ' ' | Lee | ' ' | on | ' ' | 555 | ' ' | 12 | .
OFFSETS = [(0, 4), (4, 5), (5, 8), (8, 9), (9, 12), (12, 13), (13, 15), (15, 16), (16, 19), (19, 20), (20, 22),
           (22, 23)]
SPANS = [{"type": "person", "start": 5, "end": 12, "text": "Ann Lee"},
         {"type": "phone", "start": 16, "end": 22, "text": "555 12"}]


def test_gold_tags_by_hand():
    from edgebench.backends.span_tagger import gold_tags, tag_names

    names = tag_names(TYPES)
    assert names == ["O", "B-person", "I-person", "B-phone", "I-phone"]
    got = [names[t] for t in gold_tags(OFFSETS, SPANS, TYPES)]
    assert got == ["O", "O", "B-person", "I-person", "I-person", "O", "O", "O", "B-phone", "I-phone", "I-phone", "O"]
    # a type outside the tagger's types stays O
    assert gold_tags(OFFSETS, [{"type": "email", "start": 0, "end": 4}], TYPES) == [0] * len(OFFSETS)


def test_read_spans_inverts_gold_tags_and_reads_odd_sequences():
    from edgebench.backends.span_tagger import gold_tags, read_spans

    assert read_spans(TEXT, OFFSETS, gold_tags(OFFSETS, SPANS, TYPES), TYPES) == SPANS
    # an I- after O opens a span; a B- or a change of type starts another; a span of only a space is
    # dropped, a trailing space trimmed off
    tags = [0, 0, 2, 1, 3, 0, 0, 0, 4, 4, 0, 0]  # O O I-person B-person B-phone O O O I-phone I-phone O O
    assert read_spans(TEXT, OFFSETS, tags, TYPES) == [
        {"type": "person", "start": 5, "end": 8, "text": "Ann"},
        {"type": "phone", "start": 9, "end": 12, "text": "Lee"},
        {"type": "phone", "start": 16, "end": 19, "text": "555"}]


def test_other_requests_keep_their_key():
    from dataclasses import asdict

    from edgebench.backends.base import GenerateRequest, _stable_hash

    plain = GenerateRequest(prompt="p", max_new_tokens=5)
    old = {k: v for k, v in asdict(plain).items() if k not in ("span_types", "text")}
    assert plain.key() == _stable_hash({"kind": "generate", **old})
    assert GenerateRequest(prompt="p", max_new_tokens=5, span_types=("person",), text="t").key() != plain.key()


@pytest.fixture(scope="module")
def tagger_folder(smollm2_folder, tmp_path_factory):
    import torch

    from edgebench.backends.span_tagger import SpanTagger

    folder = tiny_llama(tmp_path_factory.mktemp("tagged"), smollm2_folder, layers=1)
    torch.manual_seed(1)
    SpanTagger(32, TYPES, width=8).save(folder)
    return folder


def test_hf_backend_tags_span_requests_and_generates_the_rest(tagger_folder):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from edgebench.backends import span_tagger
    from edgebench.backends.base import GenerateRequest
    from edgebench.backends.hf import HFBackend

    backend = HFBackend(f"hf:{tagger_folder}", dtype="float32", threads=1)
    texts = ["Call Ann Lee on 555 12.", "Mail bob@example.com today"]
    span = [GenerateRequest(prompt=f"Find PII: {t}", max_new_tokens=4, span_types=TYPES, text=t) for t in texts]
    other = [GenerateRequest(prompt="Hello", max_new_tokens=4),  # no span types: generated
             GenerateRequest(prompt="x", max_new_tokens=4, span_types=("email",), text="x")]  # a type it lacks
    results = backend.generate([span[0], other[0], span[1], other[1]])

    model = AutoModelForCausalLM.from_pretrained(tagger_folder).eval()
    tokenizer = AutoTokenizer.from_pretrained(tagger_folder)
    expected = span_tagger.tag_texts(model, tokenizer, span_tagger.load(tagger_folder), texts)
    for res, (spans, n) in zip([results[0], results[2]], expected):
        assert json.loads(res.text) == [{"type": s["type"], "text": s["text"]} for s in spans]
        assert res.prompt_tokens == n and res.completion_tokens == 0
    assert results[1].completion_tokens > 0 and results[3].completion_tokens > 0
    assert backend.parameters == sum(p.numel() for p in model.parameters()) + sum(
        p.numel() for p in span_tagger.load(tagger_folder).parameters())


def test_pii_requests_carry_the_text_and_types():
    from edgebench.tasks.config import select

    task = select("edge_pii", [])[0]
    doc = task.docs("test")[0]
    req = task.request(doc)
    assert req.text == doc["text"] and req.span_types == task.types \
        and any(doc["text"] in part for part in (req.prompt, *(c for _, c in req.messages)))


def test_nlm_tagging_smoke_run_learns_and_answers_with_message_text(tmp_path):
    out = tmp_path / "nlm"
    settings = [*SMOKE, "objective.pii=tag", "objective.tagging.width=16", "schedule.max_steps=40"]
    proc = run_cli("train", "nlm-5m-filter-scratch", *[a for s in settings for a in ("--set", s)], "--out", str(out),
                   timeout=400)
    assert f"wrote {out}" in proc.stdout
    log = read_jsonl(out / "training" / "log.jsonl")
    val = [r["val_loss/edge_pii"] for r in log if "val_loss/edge_pii" in r]
    assert val[-1] < 0.7 * val[0], val
    assert (out / "span_tagger.safetensors").is_file() and read_json(out / "span_tagger.json")["scheme"] == "BIO"
    assert not any(k.startswith("span_tagger") for k in _weight_names(out / "model.safetensors"))

    results = tmp_path / "results"
    run_cli("run", "--model", f"hf:{out}", "--tasks", "edge_pii", "--limit", "4", "--threads", "1",
            "--output-path", str(results), "--no-progress", "--log-samples", timeout=300)
    samples = read_jsonl(next(results.glob("samples_edge_pii*.jsonl")))
    assert len(samples) == 4
    for s in samples:
        items = json.loads(s["output"])
        assert all(i["text"] in s["input"] for i in items)


def _weight_names(path) -> list[str]:
    from safetensors import safe_open

    with safe_open(str(path), "pt") as fh:
        return list(fh.keys())


def test_int8_export_quantizes_the_tagger_and_gguf_says_it_cannot(tagger_folder, tmp_path, capsys):
    """The int8 variant holds the tagger as int8 (not the fp32 file), counts it in its bytes, and rebuilds to
    the very tagger ``--dtype int8`` scores with; its tag logits stay close to fp32's."""
    import torch

    from edgebench.backends import span_tagger
    from edgebench.variants.gguf import export_gguf
    from edgebench.variants.int8 import WEIGHTS, export_int8

    out = export_int8(tagger_folder, tmp_path / "int8")
    folder = tmp_path / "int8"
    assert not (folder / span_tagger.WEIGHTS).exists() and (folder / span_tagger.CONFIG).is_file()
    assert out["tagger_bytes"] == (folder / span_tagger.INT8_WEIGHTS).stat().st_size
    assert out["bytes"] == (folder / WEIGHTS).stat().st_size + out["tagger_bytes"]
    assert "span tagger int8" in out["quantization"]
    fp32 = span_tagger.load(tagger_folder)
    rebuilt = span_tagger.load_int8(folder)
    assert rebuilt is not None and rebuilt.types == TYPES and span_tagger.load_int8(tagger_folder) is None
    assert isinstance(rebuilt.rnn, torch.ao.nn.quantized.dynamic.GRU)
    states, mask = torch.randn(3, 7, 32, generator=torch.Generator().manual_seed(2)), torch.ones(3, 7, dtype=torch.long)
    mask[1, 4:] = 0
    with torch.no_grad():
        want, got = fp32(states, mask), rebuilt(states, mask)
        assert torch.equal(got, span_tagger.quantize_int8(fp32)(states, mask))  # the backend's int8, exactly
    assert (got - want).norm() < 0.1 * want.norm() and not torch.equal(got, want)
    export_gguf(tagger_folder, tmp_path / "model.gguf")
    assert "span tagger" in capsys.readouterr().err


def test_hf_backend_int8_tags_with_the_int8_tagger_and_counts_its_bytes(tagger_folder):
    import torch

    from edgebench.backends import hf_int8, span_tagger
    from edgebench.backends.hf import HFBackend

    backend = HFBackend(f"hf:{tagger_folder}", dtype="int8", threads=1)
    assert isinstance(backend._tagger.rnn, torch.ao.nn.quantized.dynamic.GRU)
    assert "span tagger int8" in backend.quantization and backend.cache_namespace().endswith(":int8-tagger")
    info = backend.info()
    assert info["bytes_on_disk"] == hf_int8.saved_bytes(backend.model) + hf_int8.saved_bytes(backend._tagger)
