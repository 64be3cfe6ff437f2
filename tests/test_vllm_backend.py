"""``vllm:`` backend without vLLM: the pure pieces, the wiring against a stand-in vLLM module, and
the one-line error where vLLM is missing."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import types
from dataclasses import dataclass

import numpy as np
import pytest

from edgebench.backends import vllm as vb
from edgebench.backends.base import GenerateRequest, ScoreRequest
from edgebench.errors import EdgeBenchError
from conftest import run_cli

HAS_VLLM = importlib.util.find_spec("vllm") is not None


class Params:
    """Stand-in for SamplingParams / StructuredOutputsParams: keeps its keywords as attributes."""

    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)


@dataclass
class Logprob:
    logprob: float


def test_generate_kwargs_recent_vllm_structured_outputs():
    module = types.SimpleNamespace(StructuredOutputsParams=Params, GuidedDecodingParams=Params)
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    kwargs = vb.generate_kwargs(GenerateRequest(prompt="p", max_new_tokens=12, stop=("\n", "END"),
                                                json_schema=json.dumps(schema)), module)
    assert set(kwargs) == {"temperature", "max_tokens", "stop", "structured_outputs"}
    assert (kwargs["temperature"], kwargs["max_tokens"], kwargs["stop"]) == (0.0, 12, ["\n", "END"])
    assert kwargs["structured_outputs"].json == schema


def test_generate_kwargs_older_vllm_guided_decoding_and_plain():
    module = types.SimpleNamespace(GuidedDecodingParams=Params)
    kwargs = vb.generate_kwargs(GenerateRequest(prompt="p", json_schema='{"type": "array"}'), module)
    assert kwargs["guided_decoding"].json == {"type": "array"} and "structured_outputs" not in kwargs
    assert vb.generate_kwargs(GenerateRequest(prompt="p", max_new_tokens=5), module) == {
        "temperature": 0.0, "max_tokens": 5}
    with pytest.raises(EdgeBenchError, match="upgrade vLLM"):
        vb.generate_kwargs(GenerateRequest(prompt="p", json_schema="{}"), types.SimpleNamespace())


def test_continuation_logprob_sums_only_the_continuation():
    # prompt = context [1, 5] + continuation [7, 3]; position 0 has no log-prob in vLLM's output
    prompt_logprobs = [None, {5: Logprob(-1.0)}, {7: Logprob(-0.5), 9: Logprob(-2.0)}, {3: Logprob(-0.25)}]
    assert vb.continuation_logprob(prompt_logprobs, [1, 5, 7, 3], 2) == pytest.approx(-0.75)
    assert vb.continuation_logprob(prompt_logprobs, [1, 5, 7, 3], 1) == pytest.approx(-1.75)
    assert vb.continuation_logprob([None, {4: -0.125}], [2, 4], 1) == pytest.approx(-0.125)  # plain floats
    with pytest.raises(ValueError):
        vb.continuation_logprob(prompt_logprobs, [1, 5, 7, 3], 0)


def test_render_uses_chat_template_when_there_is_one():
    class Templated:
        chat_template = "x"

        def apply_chat_template(self, chat, tokenize, add_generation_prompt):
            return "|".join(f"{m['role']}:{m['content']}" for m in chat) + ("|assistant:" if add_generation_prompt else "")

    messages = (("system", "S"), ("user", "U"))
    assert vb.render(Templated(), "ignored", messages) == "system:S|user:U|assistant:"
    assert vb.render(types.SimpleNamespace(chat_template=None), "ignored", messages) == "S\n\nU\n"
    assert vb.render(Templated(), "plain prompt", ()) == "plain prompt"


def test_safetensors_parameters(tmp_path):
    from safetensors.numpy import save_file

    assert vb.safetensors_parameters(tmp_path) is None
    save_file({"w": np.zeros((3, 4), np.float32), "b": np.zeros(5, np.float32)}, str(tmp_path / "model.safetensors"))
    assert vb.safetensors_parameters(tmp_path) == 3 * 4 + 5


# -- the backend against a stand-in vLLM ----------------------------------------------------------
class CharTokenizer:
    """One token per character (its code point); no chat template."""

    chat_template = None
    eos_token_id = 0

    def encode(self, text, add_special_tokens=False):
        return [ord(c) for c in text]


class FakeLLM:
    """Scores every prompt token t at -t/100 and 'generates' the prompt's length."""

    instances: list = []

    def __init__(self, **engine):
        self.engine, self.calls = engine, []
        FakeLLM.instances.append(self)

    def get_tokenizer(self):
        return CharTokenizer()

    def generate(self, prompts, params, use_tqdm=True):
        self.calls.append((prompts, params))
        outputs = []
        for i, prompt in enumerate(prompts):
            ids = prompt["prompt_token_ids"]
            p = params[i] if isinstance(params, list) else params
            logprobs = [None] + [{t: Logprob(-t / 100)} for t in ids[1:]] if p.prompt_logprobs is not None else None
            completion = types.SimpleNamespace(text=f"n={len(ids)}", token_ids=[1, 2, 3])
            outputs.append(types.SimpleNamespace(outputs=[completion], prompt_logprobs=logprobs))
        return outputs


@pytest.fixture
def fake_vllm(monkeypatch, tmp_path):
    from safetensors.numpy import save_file

    params = types.ModuleType("vllm.sampling_params")
    params.SamplingParams = lambda **kw: Params(**{"prompt_logprobs": None, **kw})
    params.StructuredOutputsParams = Params
    module = types.ModuleType("vllm")
    module.LLM, module.sampling_params, module.__version__ = FakeLLM, params, "0.0-fake"
    monkeypatch.setitem(sys.modules, "vllm", module)
    monkeypatch.setitem(sys.modules, "vllm.sampling_params", params)
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    save_file({"w": np.zeros((2, 3), np.float32)}, str(folder / "model.safetensors"))
    FakeLLM.instances.clear()
    return folder


def test_backend_scores_and_generates_through_vllm(fake_vllm):
    backend = vb.VLLMBackend(f"vllm:{fake_vllm}", dtype="bfloat16", seed=7)
    llm = FakeLLM.instances[0]
    assert llm.engine["model"] == str(fake_vllm) and llm.engine["dtype"] == "bfloat16" and llm.engine["seed"] == 7
    # context "ab" = [97, 98]; continuations " c" = [32, 99] and "d" = [100]: -(32+99)/100 and -100/100
    results = backend.score([ScoreRequest(continuations=(" c", "d"), prompt="ab"),
                             ScoreRequest(continuations=("e",), prompt="")])  # empty context -> [eos]
    assert results[0].logprobs == pytest.approx([-1.31, -1.0])
    assert results[0].num_tokens == [2, 1] and results[0].prompt_tokens == 2
    assert results[1].logprobs == pytest.approx([-1.01]) and results[1].prompt_tokens == 1
    prompts, params = llm.calls[-1]
    assert [p["prompt_token_ids"] for p in prompts] == [[97, 98, 32, 99], [97, 98, 100], [0, 101]]  # one call
    assert params.prompt_logprobs == 0 and params.max_tokens == 1

    out = backend.generate([GenerateRequest(prompt="hi", max_new_tokens=4, stop=("\n",)),
                            GenerateRequest(prompt="abc", json_schema='{"type": "object"}')])
    assert [(r.text, r.prompt_tokens, r.completion_tokens) for r in out] == [("n=2", 2, 3), ("n=3", 3, 3)]
    prompts, params = llm.calls[-1]
    assert params[0].stop == ["\n"] and params[0].max_tokens == 4 and not hasattr(params[0], "structured_outputs")
    assert params[1].structured_outputs.json == {"type": "object"}

    info = backend.info()
    assert info["parameters"] == 6 and info["backend"] == "vllm" and info["vllm_version"] == "0.0-fake"
    assert info["bytes_on_disk"] == sum(p.stat().st_size for p in fake_vllm.iterdir())
    assert backend.cache_namespace() == f"{info['hash']}:vllm:bfloat16"


def test_backend_refuses_bad_inputs(fake_vllm, tmp_path):
    with pytest.raises(EdgeBenchError, match="unknown --dtype 'int3'"):
        vb.VLLMBackend(f"vllm:{fake_vllm}", dtype="int3")
    with pytest.raises(EdgeBenchError, match="has no threads setting; drop --threads"):
        vb.VLLMBackend(f"vllm:{fake_vllm}", threads=2)
    with pytest.raises(EdgeBenchError, match="unknown model 'vllm:no-such-model'"):
        vb.VLLMBackend("vllm:no-such-model")
    with pytest.raises(EdgeBenchError, match="empty continuation"):
        vb.VLLMBackend(f"vllm:{fake_vllm}").score([ScoreRequest(continuations=("",), prompt="x")])


# -- where vLLM is missing ------------------------------------------------------------------------
def test_registration_does_not_import_vllm():
    code = ("import sys; from edgebench.plugins import get_registry; "
            "from edgebench.backends.vllm import VLLMBackend; "
            "assert get_registry().backends['vllm'] is VLLMBackend; assert 'vllm' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(HAS_VLLM, reason="vLLM is installed here")
def test_missing_vllm_is_one_line_through_the_cli():
    assert vb.VLLMBackend.offline_models() == []  # not offered where it cannot run
    proc = run_cli("run", "--model", "vllm:SmolLM2-135M-Instruct", "--tasks", "edge_intent", "--limit", "1",
                   "--no-progress", "--no-cache", check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines == ["error: vllm:SmolLM2-135M-Instruct needs vLLM (GPU machines): pip install 'edgebench[vllm]'"]
