"""The llamacpp:/gguf: backend on the real embedded SmolLM2-135M-Instruct GGUF (llama.cpp, no mocks)."""
import hashlib
import json

import jsonschema
import llama_cpp  # no skip: make install builds llama-cpp-python, so CI always runs these tests
import numpy as np
import pytest

from conftest import read_json, run_cli
from edgebench.backends.base import GenerateRequest, ScoreRequest
from edgebench.errors import EdgeBenchError
from edgebench.models import embedded_gguf, load_backend

SPEC = "llamacpp:SmolLM2-135M-Instruct"


@pytest.fixture(scope="module")
def backend():
    return load_backend(SPEC, threads=1)  # one thread: llama.cpp's spinning threads crawl on a busy CPU


def test_info_describes_the_gguf_file(backend):
    path = embedded_gguf()
    info = backend.info()
    assert info["source"] == str(path) and info["bytes_on_disk"] == path.stat().st_size
    assert info["quantization"] == "Q4_1" and info["threads"] == 1
    assert 130_000_000 < info["parameters"] < 140_000_000
    assert info["hash"] == hashlib.sha256(path.read_bytes()).hexdigest()
    # The path form is the same model; the namespace keeps llama.cpp's answers apart from hf's.
    same = load_backend(f"gguf:{path}")
    assert same.info()["hash"] == info["hash"] and same.info()["backend"] == "gguf"
    assert backend.cache_namespace() == f"llamacpp:{info['hash']}"


def test_generate_chat_and_prompt_with_stop_and_token_counts(backend):
    chat = GenerateRequest(messages=(("user", "Name three colors."),), max_new_tokens=32)
    counting = GenerateRequest(prompt="1, 2, 3, 4,", max_new_tokens=8, stop=(",",))
    short = GenerateRequest(messages=chat.messages, max_new_tokens=4)
    a, b, c = backend.generate([chat, counting, short])
    assert a.text.strip() and a.completion_tokens == len(backend.tokenize(a.text))  # it ends by itself
    assert c.completion_tokens == 4 and a.text.startswith(c.text)  # cut at max tokens, greedy prefix
    assert a.prompt_tokens == len(backend.tokenize(backend.render("", chat.messages)))
    assert a.prefill_seconds > 0 and a.decode_seconds > 0 and a.prefill_seconds + a.decode_seconds <= a.seconds
    assert b.text == " 5" and 1 <= b.completion_tokens <= 8  # cut before the stop string
    again = backend.generate([chat])[0]  # a fresh context per request: the same answer whatever ran before
    assert again.text == a.text


def test_json_schema_output_parses_and_validates(backend):
    schema = {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"},
                                               "tags": {"type": "array", "items": {"type": "string"}}},
              "required": ["name", "age", "tags"]}
    req = GenerateRequest(messages=(("user", "Describe a person called Ann as JSON."),), max_new_tokens=120,
                          json_schema=json.dumps(schema))
    res = backend.generate([req])[0]
    jsonschema.validate(json.loads(res.text), schema)
    assert res.lock_compile_seconds is not None and res.lock_compile_seconds >= 0


@pytest.fixture(scope="module")
def reference():
    """A separate llama.cpp context that keeps the logits of every position."""
    return llama_cpp.Llama(str(embedded_gguf()), n_ctx=512, n_threads=1, logits_all=True, verbose=False)


def _reference_logprob(ref, context: list[int], continuation: list[int]) -> float:
    """Without KV reuse: the whole sequence in one pass, continuation rows read off its logits."""
    ref.reset()
    ref.eval(context + continuation)
    rows = ref.scores[len(context) - 1:len(context) - 1 + len(continuation)].astype(np.float64)
    peak = rows.max(axis=1, keepdims=True)
    logsm = rows - peak - np.log(np.exp(rows - peak).sum(axis=1, keepdims=True))
    return float(sum(logsm[j, tok] for j, tok in enumerate(continuation)))


def test_score_ranks_and_matches_a_full_pass_without_kv_reuse(backend, reference):
    reqs = [ScoreRequest(continuations=(" Paris", " zxqv blorf", " London"), prompt="The capital of France is"),
            ScoreRequest(continuations=(" alarm_set", " weather_query"),
                         messages=(("system", "Route messages."), ("user", "Message: wake me at 7\nIntent?")))]
    results = backend.score(reqs)
    paris, nonsense, london = results[0].logprobs
    assert paris > london > nonsense
    assert results[0].num_tokens[0] == 1 and results[0].prompt_tokens == 5
    for req, res in zip(reqs, results):
        context = backend.tokenize(backend.render(req.prompt, req.messages))
        for cont, got in zip(req.continuations, res.logprobs):
            assert got == pytest.approx(_reference_logprob(reference, context, backend.tokenize(cont, special=False)), abs=1e-4)


def test_bad_settings_and_paths_fail_with_one_line(tmp_path):
    with pytest.raises(EdgeBenchError, match="--dtype"):
        load_backend(SPEC, dtype="float16")
    with pytest.raises(EdgeBenchError, match="--top-k"):
        load_backend(SPEC, top_k=3)
    with pytest.raises(EdgeBenchError, match="not found"):
        load_backend(f"gguf:{tmp_path / 'missing.gguf'}")
    (tmp_path / "fake.gguf").write_text("not a model")
    with pytest.raises(EdgeBenchError, match="not a GGUF file"):
        load_backend(f"gguf:{tmp_path / 'fake.gguf'}")


def test_missing_llama_cpp_names_the_install_command(tmp_path):
    # A package that fails to import stands in for an environment without llama-cpp-python.
    (tmp_path / "llama_cpp").mkdir()
    (tmp_path / "llama_cpp" / "__init__.py").write_text("raise ImportError('not built here')\n")
    proc = run_cli("run", "--model", SPEC, "--tasks", "edge_intent", "--limit", "1", "--no-cache",
                   "--output-path", str(tmp_path / "out"), env={"PYTHONPATH": str(tmp_path)}, check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "pip install 'edgebench[llamacpp]'" in lines[0]


def test_cli_run_on_edge_intent(tmp_path):
    run_cli("run", "--model", SPEC, "--tasks", "edge_intent", "--limit", "3", "--no-progress", "--threads", "1",
            "--output-path", str(tmp_path))
    results = read_json(next(tmp_path.rglob("results.json")))
    assert results["n-samples"]["edge_intent"]["effective"] == 3
    assert 0.0 <= results["results"]["edge_intent"]["top1_acc"] <= 1.0
    info = results["model"]["info"]
    assert info["backend"] == "llamacpp" and info["quantization"] == "Q4_1" and info["threads"] == 1
