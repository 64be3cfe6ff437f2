"""The crash guard: native code that dies on an instruction ends in one error line, never a dead run."""
import json
import platform

import pytest
from click.testing import CliRunner

from edgebench.machine import native_probe
from edgebench.cli import cli
from edgebench.errors import EdgeBenchError
from edgebench.models import cache_root

# A real illegal instruction (x86 ud2) executed from native code, as an AMX tileloadd is in a VM
# that does not grant tiles; elsewhere the same signal, raised.
DIES_ON_AN_INSTRUCTION = """
import ctypes, mmap, os, platform, signal
if platform.machine() in ("x86_64", "AMD64"):
    page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    page.write(b"\\x0f\\x0b")
    ctypes.CFUNCTYPE(None)(ctypes.addressof(ctypes.c_char.from_buffer(page)))()
os.kill(os.getpid(), signal.SIGILL)
"""
COUNTS_ITS_RUNS = "import sys; open(sys.argv[1], 'a').write('x')"


def test_a_backend_whose_probe_dies_is_one_error_line_and_exit_2(monkeypatch, tmp_path):
    from edgebench.backends import llamacpp

    monkeypatch.setattr(llamacpp, "PROBE_CODE", DIES_ON_AN_INSTRUCTION)
    out = tmp_path / "results"
    result = CliRunner().invoke(cli, ["run", "--model", "llamacpp:SmolLM2-135M-Instruct", "--tasks", "edge_spam",
                                      "--limit", "2", "--output-path", str(out)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: llama.cpp (") and "SIGILL" in lines[0]
    assert "rebuild llama-cpp-python" in lines[0] and "Traceback" not in result.output
    assert not (out / "results.json").exists()  # the run never started


def test_a_passing_probe_runs_once_per_key(tmp_path):
    runs = tmp_path / "runs"
    for _ in range(3):
        assert native_probe.ensure_runs("counter", COUNTS_ITS_RUNS, [str(runs)], ["lib-a"], "fix it")
    assert runs.read_text() == "x"
    assert native_probe.ensure_runs("counter", COUNTS_ITS_RUNS, [str(runs)], ["lib-b"], "fix it")  # a rebuild
    assert runs.read_text() == "xx"


def test_a_python_failure_is_not_a_crash_and_is_not_remembered(tmp_path):
    runs = tmp_path / "runs"
    code = COUNTS_ITS_RUNS + "; raise SystemExit(3)"
    for _ in range(2):
        assert native_probe.ensure_runs("fails", code, [str(runs)], ["k"], "fix it") is False
    assert runs.read_text() == "xx"  # probed again: only a clean run is cached


def test_a_corrupted_probe_index_costs_a_probe_not_a_crash(tmp_path):
    index = cache_root() / "native-probes.json"
    saved = index.read_text() if index.exists() else None
    try:
        index.parent.mkdir(parents=True, exist_ok=True)
        index.write_text("{not json")
        runs = tmp_path / "runs"
        assert native_probe.ensure_runs("counter", COUNTS_ITS_RUNS, [str(runs)], ["corrupt"], "fix it")
        assert runs.read_text() == "x" and isinstance(json.loads(index.read_text()), dict)
    finally:
        if saved is not None:
            index.write_text(saved)


def test_the_error_names_the_signal_and_the_fix(tmp_path):
    with pytest.raises(EdgeBenchError) as caught:
        native_probe.ensure_runs("libfoo", DIES_ON_AN_INSTRUCTION, [], [str(tmp_path)], "rebuild libfoo")
    text = str(caught.value)
    assert text.startswith("libfoo dies with SIGILL (an instruction this CPU or VM does not allow")
    assert text.endswith("rebuild libfoo") and "\n" not in text


def test_the_real_llamacpp_build_passes_its_probe_and_is_remembered():
    from edgebench.backends import llamacpp
    from edgebench.models import load_backend

    load_backend("llamacpp:SmolLM2-135M-Instruct", threads=1)
    entries = json.loads((cache_root() / "native-probes.json").read_text()).values()
    assert any(e["what"].startswith("llama.cpp (") for e in entries)
    assert platform.machine() != "x86_64" or "-mno-amx" in llamacpp.REBUILD
