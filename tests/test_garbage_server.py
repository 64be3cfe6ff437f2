"""An OpenAI-compatible server on 127.0.0.1 that answers garbage (issue 12, groups 3 and 7): every
malformed body is a typed per-sample error or one error line, and a model swapped behind the same URL
and name gets another cache identity. Bounded: each test makes at most a few dozen requests."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from edgebench.cli import cli
from edgebench.models import load_backend

MAX_REQUESTS = 60


class Garbage(BaseHTTPRequestHandler):
    models: object = {"data": [{"id": "m"}]}
    chat: object = {}
    version = "v1"
    seen = 0

    def _send(self, body):
        type(self).seen += 1
        assert type(self).seen <= MAX_REQUESTS, "the client keeps asking a garbage server"
        raw = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self):
        self._send(type(self).models)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        chat = type(self).chat
        self._send(chat(type(self).version) if callable(chat) else chat)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Garbage.models, Garbage.chat, Garbage.version, Garbage.seen = {"data": [{"id": "m"}]}, {}, "v1", 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def answer(text, usage=None):
    return {"choices": [{"message": {"content": text}, "finish_reason": "stop"}],
            "usage": usage or {"prompt_tokens": 5, "completion_tokens": 3}}


INVALID = [{}, [], None, {"choices": []}, {"choices": ["x"]}, {"choices": [{"message": 7}]}, answer(42), answer(["a"]),
           answer({"a": 1}), answer("{}", {"prompt_tokens": "lots"}), {"choices": [{"message": {}}], "usage": 3}]


@pytest.mark.parametrize("body,expected", [*((b, "invalid_response") for b in INVALID),
                                           ({"choices": [{"message": {}}]}, "empty_output")])
def test_a_malformed_completion_is_a_typed_sample_error(server, tmp_path, body, expected):
    Garbage.chat = body
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", "--model", f"openai:m@{server}", "--tasks", "edge_json", "--limit", "2",
                                      "--no-cache", "--output-path", str(out), "--log-samples", "--no-progress"])
    assert result.exit_code == 0, result.output
    samples = [json.loads(x) for x in (out / "samples_edge_json.jsonl").read_text().splitlines()]
    assert {s["error"] for s in samples} == {expected}  # a message with no content is an empty answer


@pytest.mark.parametrize("models", [[], None, "x", {"data": "x"}])
def test_a_malformed_model_list_is_a_line_or_harmless(server, models):
    Garbage.models, Garbage.chat = models, answer("ok")
    if isinstance(models, dict):
        from edgebench.errors import EdgeBenchError

        with pytest.raises(EdgeBenchError, match="not a list of models"):
            load_backend(f"openai:m@{server}", retries=0)
    else:
        assert load_backend(f"openai:m@{server}", retries=0).info()["served_models"] == []


def test_a_model_swapped_behind_the_same_url_and_name_gets_another_identity(server):
    Garbage.chat = lambda version: answer(f"blue, yellow ({version})")
    first = load_backend(f"openai:m@{server}").cache_namespace()
    assert load_backend(f"openai:m@{server}").cache_namespace() == first  # same model: same answers reused
    Garbage.version = "v2"  # the server now runs another model under the same name
    assert load_backend(f"openai:m@{server}").cache_namespace() != first


def test_string_log_probs_are_one_line_not_a_number(server):
    from edgebench.backends.base import ScoreRequest
    from edgebench.errors import EdgeBenchError

    Garbage.chat = {"choices": [{"text": " x", "logprobs": {"token_logprobs": ["-0.5"], "text_offset": [0]}}],
                    "usage": {"prompt_tokens": 1}}
    backend = load_backend(f"openai:m@{server}", chat_template="chatml", retries=0)
    with pytest.raises(EdgeBenchError, match="cannot score continuations \\(it returns no log-probs\\)"):
        backend.score([ScoreRequest(continuations=(" spam", " ham"), prompt="Message: hi\nLabel:")])
