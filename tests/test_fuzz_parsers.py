"""Seeded fuzzing of everything that reads untrusted model or server output (issue 12, group 7): the
JSON answer parser, the task parsers built on it, the OpenAI response reader and the answer checks.
None may raise; each returns a typed result. A fixed number of cases, so the budget is fixed too."""
import json
import math
import random

from edgebench import answer_checks
from edgebench.backends.base import GenerateRequest, GenerateResult, ScoreRequest, ScoreResult
from edgebench.backends.openai_api import read_completion
from edgebench.parsing import EMPTY, INVALID_JSON, NO_JSON, WRONG_TYPE, extract_json, json_settled
from edgebench.tasks.edge_funccall import parse_calls
from edgebench.tasks.filters import read_items

CASES = 1500
FRAGMENTS = ["{", "}", "[", "]", '"', "\\", ":", ",", '"a":', '{"a": ', "[[[[", "{{{{", "null", "true", "-Infinity",
             "NaN", "1e999", "9" * 5000, "-", ".", "\ud800", "\udfff", "\x00", "\x1b[31m", "\n", "```json\n", "```",
             "é", "漢字", "💥", " ", '{"name": "get_weather", "arguments": {"city": "Oslo"}}',
             '[{"type": "email", "text": "a@b.c"}]', '{"person": ["Ann"]}', "\\u0000", "\\ud800", '"\\', "Infinity"]
SPANS_OK = {None, EMPTY, NO_JSON, INVALID_JSON, WRONG_TYPE}


def nasty_text(rng: random.Random) -> str:
    parts = [rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 30))]
    if rng.random() < 0.05:
        parts.append(rng.choice("[{") * rng.randint(500, 3000))  # deep, unclosed nesting
    return "".join(parts)


def nasty_value(rng: random.Random, depth: int = 0):
    kinds = ["str", "int", "float", "none", "bool", "list", "dict"] if depth < 4 else ["str", "int", "none"]
    kind = rng.choice(kinds)
    if kind == "str":
        return nasty_text(rng)
    if kind == "int":
        return rng.choice([0, -1, 7, 2 ** 70, -(10 ** 30)])
    if kind == "float":
        return rng.choice([math.inf, -math.inf, math.nan, -1e308, 0.5, 5.0])
    if kind == "none":
        return None
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "list":
        return [nasty_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    keys = ["choices", "message", "content", "text", "usage", "prompt_tokens", "completion_tokens", "x"]
    return {rng.choice(keys): nasty_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def nasty_body(rng: random.Random):
    """Mostly completion-shaped bodies with garbage inside, some garbage outright."""
    if rng.random() < 0.3:
        return nasty_value(rng)
    choice = {"message": {"content": nasty_value(rng)}} if rng.random() < 0.5 else {"text": nasty_value(rng)}
    body = {"choices": rng.choice([[choice], [nasty_value(rng)], []])}
    if rng.random() < 0.7:
        body["usage"] = rng.choice([{"prompt_tokens": nasty_value(rng), "completion_tokens": 3}, nasty_value(rng)])
    return body


def test_the_answer_parsers_never_raise_and_always_type_their_failures():
    rng = random.Random(20261201)
    for _ in range(CASES):
        text = nasty_text(rng)
        for want in ((dict,), (list,), (list, dict)):
            value, error = extract_json(text, want)
            assert (error is None and isinstance(value, want)) or (value is None and error in SPANS_OK), (text[:80], error)
            assert isinstance(json_settled(text, want), bool)
        calls, error = parse_calls(text)
        assert calls is None or isinstance(calls, list)
        items, error = read_items(text)
        assert isinstance(items, list) and all(isinstance(i, dict) for i in items)


def test_the_openai_reader_never_raises_on_garbage_bodies():
    rng = random.Random(7)
    read = 0
    for _ in range(CASES):
        body = nasty_body(rng)
        json.dumps(body)  # every body is one a server could send
        for chat in (True, False):
            out = read_completion(body, chat=chat)
            if out is not None:
                text, choice, prompt, completion = out
                assert isinstance(text, str) and isinstance(choice, dict)
                assert all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (prompt, completion))
                read += 1
    assert read > 50  # the generator does make well-formed bodies too


def test_the_answer_checks_never_raise_and_never_pass_an_impossible_value():
    rng = random.Random(11)
    request = ScoreRequest(continuations=("a", "b"))
    for _ in range(CASES):
        fields = {"logprobs": nasty_value(rng), "num_tokens": rng.choice([[], [1, 2], nasty_value(rng)]),
                  "seconds": rng.choice([0.1, math.nan, "x"]), "prompt_tokens": rng.choice([3, -1, None])}
        checked = answer_checks.check_one("score", request, ScoreResult(**fields))
        if checked.error is None:
            assert len(checked.logprobs) == 2
            assert all(math.isfinite(v) and v <= answer_checks.LOGPROB_TOLERANCE for v in checked.logprobs)
        text = nasty_value(rng)
        gen = answer_checks.check_one("generate", GenerateRequest(), GenerateResult(text=text, prompt_tokens=3))
        assert (gen.error is None) == isinstance(text, str)
