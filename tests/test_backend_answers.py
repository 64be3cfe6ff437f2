"""A backend's unusable answers become typed per-sample errors or one error line, never a number or a
traceback (issue 12, groups 6 and 7), through a junk plugin backend registered in this process."""
import json
import math

import pytest
from click.testing import CliRunner

from edgebench.backends.base import Backend, GenerateResult, ScoreResult
from edgebench.cli import cli
from edgebench.plugins import get_registry


BAD = ("claim", "parking")  # the samples (of edge_spam and edge_json) that get the junk answer


class JunkBackend(Backend):
    """Answers sample ``bad`` (by position in the first call) with ``junk``; the others sensibly."""

    scheme = "junk"
    junk: object = None
    mode = "value"  # "value": junk as the answer; "raise": raise on the bad sample; "count"; "raise_all"
    calls = 0

    def _answer(self, requests, make):
        type(self).calls += len(requests)
        if self.mode == "raise_all":
            raise RuntimeError("the model server went away")
        if self.mode == "count":
            return [make(r) for r in requests][:-1]
        out = []
        for r in requests:
            words = (getattr(r, "text", "") or r.prompt or json.dumps(r.messages)).lower()
            bad = any(w in words for w in BAD)
            if bad and self.mode == "raise" and len(requests) >= 1:
                raise ValueError("cannot answer this one")
            out.append(self.junk_result(r) if bad else make(r))
        return out

    def junk_result(self, request):
        if isinstance(self.junk, dict):
            return GenerateResult(**{"text": "{}", **self.junk})
        return ScoreResult(logprobs=[self.junk] + [-1.0] * (len(request.continuations) - 1))

    def generate(self, requests):
        return self._answer(requests, lambda r: GenerateResult(text="{}", prompt_tokens=3, completion_tokens=1))

    def score(self, requests):
        return self._answer(requests, lambda r: ScoreResult(logprobs=[-1.0 - i for i in range(len(r.continuations))]))

    def info(self):
        return {"backend": "junk", "spec": self.spec, "hash": f"junk-{self.mode}-{self.junk!r}"}


@pytest.fixture
def junk(monkeypatch):
    monkeypatch.setitem(get_registry().backends, "junk", JunkBackend)
    JunkBackend.calls = 0
    return JunkBackend


def run(tmp_path, task="edge_spam", limit="40", extra=()):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", "--model", "junk:x", "--tasks", task, "--limit", limit,
                                      "--output-path", str(out), "--log-samples", *extra])
    samples = ([json.loads(x) for x in (out / f"samples_{task}.jsonl").read_text().splitlines()]
               if (out / f"samples_{task}.jsonl").exists() else [])
    return result, samples


def spam_rows_with(word):
    """Test rows of edge_spam whose text holds ``word``: the ones that get the junk answer."""
    from edgebench.tasks.config import select

    docs = select("edge_spam")[0].docs("test", 40)
    return sum(word in d["text"].lower() for d in docs)


@pytest.mark.parametrize("value", [math.inf, -math.inf, 5.0, -1e308, math.nan, "-3.2", True, None])
def test_an_impossible_logprob_is_a_typed_error_and_not_a_number(junk, tmp_path, value):
    junk.mode, junk.junk = "value", value
    bad = spam_rows_with("claim")
    assert bad > 0
    result, samples = run(tmp_path)
    assert result.exit_code == 0, result.output
    flagged = [s for s in samples if s["error"] in ("invalid_logprob", "invalid_response")]
    assert len(flagged) == bad and all(s["score"] is None for s in flagged)
    scores = json.loads((tmp_path / "out" / "results.json").read_text())["results"]["edge_spam"]
    assert all(isinstance(v, float) and math.isfinite(v) for k, v in scores.items() if k.startswith("auroc"))
    calls = junk.calls
    again, _ = run(tmp_path)  # the unusable answers were not cached: asked again, the others not
    assert again.exit_code == 0 and junk.calls - calls == bad


@pytest.mark.parametrize("junk_fields", [{"text": None}, {"text": b"{}"}, {"text": 42}, {"prompt_tokens": "lots"},
                                         {"completion_tokens": -1}, {"seconds": math.nan}])
def test_generated_junk_is_invalid_response(junk, tmp_path, junk_fields):
    junk.mode, junk.junk = "value", junk_fields
    result, samples = run(tmp_path, "edge_json", "6")
    assert result.exit_code == 0, result.output
    errors = [s["error"] for s in samples]
    assert "invalid_response" in errors and all(e != "invalid_response" for e in errors if e is None)


def test_one_sample_that_raises_is_a_backend_error_the_rest_score(junk, tmp_path):
    junk.mode = "raise"
    result, samples = run(tmp_path)
    assert result.exit_code == 0, result.output
    assert sum(s["error"] == "backend_error" for s in samples) == spam_rows_with("claim")
    assert any(s["error"] is None for s in samples)


@pytest.mark.parametrize("mode,needle", [("raise_all", "backend junk:x failed (RuntimeError: the model server went away)"),
                                         ("count", "backend junk:x answered 7 results for 8 requests")])
def test_a_broken_backend_is_one_error_line(junk, tmp_path, mode, needle):
    junk.mode = mode
    result, _ = run(tmp_path)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and needle in errors[0] and "Traceback" not in result.stderr, result.stderr
