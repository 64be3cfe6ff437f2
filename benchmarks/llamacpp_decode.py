"""llama.cpp decode and prompt speed of one or more llama-cpp-python builds, side by side, one run.

Each build runs in its own child process (its ``llama_cpp`` first on the path), on the embedded
SmolLM2-135M-Instruct Q4_1 GGUF, greedy, the same chat prompt, at each thread count. A build is a
folder holding a ``llama_cpp`` package (``pip install --no-deps --target DIR WHEEL``) or ``installed``
(the one in this environment). Figures are medians over ``--repeats``; ratios are against the first build.

    python benchmarks/llamacpp_decode.py [--build installed] [--build avx2=/tmp/llama-avx2] [--threads 1,2]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

from edgebench.machine.hardware import cpu_flags, default_threads, profile
from edgebench.models import embedded_gguf

PROMPT = "Write a short note to a colleague about moving tomorrow's meeting to 3 pm, and why."


def measure(threads: int, tokens: int, repeats: int) -> dict:
    """In the child: decode and prompt tokens/s from llama.cpp's own timers."""
    import llama_cpp

    llm = llama_cpp.Llama(model_path=str(embedded_gguf()), n_ctx=512, n_threads=threads,
                          n_threads_batch=threads, verbose=False)
    decode, prompt = [], []
    for _ in range(repeats + 1):  # the first pass warms caches and is dropped
        llm.reset()
        llama_cpp.llama_perf_context_reset(llm.ctx)
        out = llm.create_chat_completion([{"role": "user", "content": PROMPT}], max_tokens=tokens,
                                         temperature=0.0, repeat_penalty=1.0)
        perf = llama_cpp.llama_perf_context(llm.ctx)
        decode.append(perf.n_eval / (perf.t_eval_ms / 1000))
        prompt.append(perf.n_p_eval / (perf.t_p_eval_ms / 1000))
    system_info = llama_cpp.llama_print_system_info().decode()
    return {"decode": statistics.median(decode[1:]), "prompt": statistics.median(prompt[1:]),
            "completion_tokens": out["usage"]["completion_tokens"], "version": llama_cpp.__version__,
            "system_info": system_info}


def run_build(path: str | None, threads: int, tokens: int, repeats: int) -> dict:
    env = dict(os.environ)
    if path:
        env["PYTHONPATH"] = os.pathsep.join([path, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    proc = subprocess.run([sys.executable, __file__, "--worker", str(threads), str(tokens), str(repeats)],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        return {"error": f"exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1:] or ''}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        print(json.dumps(measure(*map(int, sys.argv[2:]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="append", default=None, help="NAME=DIR, or 'installed' (repeatable)")
    parser.add_argument("--threads", default=None, help="comma-separated thread counts (default: 1 and the default)")
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    builds = [(b.partition("=")[0], b.partition("=")[2] or None) for b in (args.build or ["installed"])]
    threads = sorted({int(t) for t in args.threads.split(",")} if args.threads else {1, default_threads()})
    model, _ = cpu_flags()
    hw = profile()
    print(f"CPU: {model}; instruction sets: {' '.join(hw['instruction_sets'])}; AMX usable: {hw['amx_usable']}; "
          f"affinity {hw['cpu_affinity']} CPUs, default threads {hw['default_threads']}")
    rows = {(name, t): run_build(path, t, args.tokens, args.repeats) for name, path in builds for t in threads}
    for name, _ in builds:
        info = next((r for (n, _), r in rows.items() if n == name and "system_info" in r), {})
        print(f"build {name}: llama-cpp-python {info.get('version', '?')}; {info.get('system_info', '').strip()}")
    print(f"\n{'build':<16} {'threads':>7} {'decode tok/s':>13} {'x first':>8} {'prompt tok/s':>13} {'x first':>8}")
    for t in threads:
        first = rows[(builds[0][0], t)]
        for name, _ in builds:
            r = rows[(name, t)]
            if "error" in r:
                print(f"{name:<16} {t:>7} {r['error']}")
                continue
            ratio = (lambda k: f"{r[k] / first[k]:.2f}" if "error" not in first else "-")
            print(f"{name:<16} {t:>7} {r['decode']:>13.1f} {ratio('decode'):>8} {r['prompt']:>13.1f} {ratio('prompt'):>8}")


if __name__ == "__main__":
    main()
