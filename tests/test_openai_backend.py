"""The openai: backend against a real llama-cpp-python server on loopback, serving the embedded GGUF."""
import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import jsonschema
import pytest

from conftest import read_json, run_cli
from edgebench.backends.base import GenerateRequest, ScoreRequest
from edgebench.errors import EdgeBenchError
from edgebench.models import embedded_gguf, load_backend


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    """``python -m llama_cpp.server`` on a free loopback port, up until /v1/models answers."""
    port = free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(embedded_gguf()), "--model_alias", "smollm2",
           "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--n_threads", "1",
           "--n_threads_batch", "1"]  # one thread: llama.cpp's spinning threads crawl on a busy CPU
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited {proc.returncode}:\n{log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server did not answer within 180 s:\n{log.read_text()[-2000:]}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def backend(server_url):
    return load_backend(f"openai:smollm2@{server_url}")


def test_info_and_namespace(backend, server_url):
    info = backend.info()
    assert info["served_models"] == ["smollm2"] and server_url in info["source"]
    assert info["parameters"] is None and info["bytes_on_disk"] is None
    assert info["hash"] == load_backend(f"openai:smollm2@{server_url}/").info()["hash"]  # stable across calls
    assert backend.cache_namespace() == f"openai:{info['hash']}"


def test_generate_matches_llamacpp_in_process(backend):
    """Same GGUF, same engine, greedy: the server's text and counts equal the in-process backend's."""
    reqs = [GenerateRequest(messages=(("user", "Name three colors."),), max_new_tokens=24),
            GenerateRequest(prompt="1, 2, 3, 4,", max_new_tokens=8, stop=(",",))]
    served = backend.generate(reqs)
    local = load_backend("llamacpp:SmolLM2-135M-Instruct", threads=1).generate(reqs)
    assert served[1].text == " 5"
    for s, loc in zip(served, local):
        assert s.text.strip() and s.text == loc.text
        assert (s.prompt_tokens, s.completion_tokens) == (loc.prompt_tokens, loc.completion_tokens)


def test_json_schema_output_parses_and_validates(backend):
    schema = {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
              "required": ["name", "age"]}
    req = GenerateRequest(messages=(("user", "Extract as JSON: Ann is 31."),), max_new_tokens=80,
                          json_schema=json.dumps(schema))
    res = backend.generate([req])[0]
    jsonschema.validate(json.loads(res.text), schema)
    assert backend.schema_format == "json_object"  # llama-cpp-python refuses OpenAI's json_schema variant


def test_score_refuses_a_server_with_shifted_prompt_logprobs(backend):
    # llama-cpp-python's echoed log-probs are one position off (abetlen/llama-cpp-python#1983):
    # the backend's check finds that and says so instead of returning wrong scores.
    with pytest.raises(EdgeBenchError, match="cannot score continuations.*disagree.*edge_intent_gen"):
        backend.score([ScoreRequest(continuations=(" Paris", " London"), prompt="The capital of France is")])
    with pytest.raises(EdgeBenchError, match="chat_template"):
        backend.score([ScoreRequest(continuations=(" yes",), messages=(("user", "Is the sky blue?"),))])


def test_cli_generative_task_through_the_server(server_url, tmp_path):
    run_cli("run", "--model", f"openai:smollm2@{server_url}", "--tasks", "edge_intent_gen", "--limit", "2",
            "--no-progress", "--no-cache", "--output-path", str(tmp_path))
    results = read_json(next(tmp_path.rglob("results.json")))
    assert results["n-samples"]["edge_intent_gen"]["effective"] == 2
    assert results["model"]["info"]["backend"] == "openai"


def test_down_server_is_one_line_after_retries(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    proc = run_cli("run", "--model", f"openai:smollm2@{url}", "--tasks", "edge_intent_gen", "--limit", "1",
                   "--output-path", str(tmp_path), check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:")
    assert url in lines[0] and "4 tries" in lines[0] and "start the server" in lines[0]
    with pytest.raises(EdgeBenchError, match="failed 2 tries"):
        load_backend(f"openai:smollm2@{url}", retries=1, backoff=0.01, timeout=2)


class _Flaky(BaseHTTPRequestHandler):
    """Answers 503 to the first ``failures`` requests, then an empty model list."""

    failures = 2
    seen = 0

    def do_GET(self):
        type(self).seen += 1
        ok = type(self).seen > type(self).failures
        body = json.dumps({"data": []} if ok else {"error": "busy"}).encode()
        self.send_response(200 if ok else 503)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_retries_a_busy_server_then_gives_up_with_the_status():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    try:
        load_backend(f"openai:m@{url}", retries=2, backoff=0.01)
        assert _Flaky.seen == 3  # two 503s, then the answer
        _Flaky.seen, _Flaky.failures = 0, 5
        with pytest.raises(EdgeBenchError, match=r"failed 3 tries \(HTTP 503\)"):
            load_backend(f"openai:m@{url}", retries=2, backoff=0.01)
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_bad_specs_and_settings(server_url):
    with pytest.raises(EdgeBenchError, match="openai:MODEL@URL"):
        load_backend("openai:smollm2")
    with pytest.raises(EdgeBenchError, match="--dtype"):
        load_backend(f"openai:smollm2@{server_url}", dtype="float32")
