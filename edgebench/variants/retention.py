"""Retention of a variant: the same EdgeBench tasks on the full-precision model and on the variant,
compared by ``edgebench.reporting.compare`` (quality kept, bytes saved). int8 is scored as ``hf:MODEL --dtype
int8`` (the quantization the int8 variant stores), GGUF through the ``gguf:`` (llama.cpp) backend.
ONNX has no EdgeBench backend: its check is the logit parity the export asserts."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from edgebench.errors import EdgeBenchError

SPECS = {"int8": lambda folder, path: (f"hf:{folder}", {"dtype": "int8"}),
         "gguf": lambda folder, path: (f"gguf:{path}", {}),
         **{kind: (lambda folder, path: (f"gguf:{path}", {})) for kind in ("gguf-f16", "gguf-q8_0", "gguf-q4_0")}}


def score(spec: str, settings: dict[str, Any], tasks: str, limit: int | None, out: Path,
          json_lock: str = "off") -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """``edgebench run`` in process (same response cache, same ``--json-lock`` modes): (results, each task's
    samples), both written to ``out`` (results.json, samples_<task>.jsonl) as ``--log-samples`` writes them."""
    from edgebench.cache import ResponseCache
    from edgebench.evaluator import RunSettings, evaluate
    from edgebench.models import cache_root, load_backend
    from edgebench.results import remove_stale_samples, write_results, write_samples
    from edgebench.tasks.config import select
    from edgebench.tasks.locking import apply_json_lock

    backend = load_backend(spec, batch_size=16, **settings)
    cache = ResponseCache(cache_root() / "responses.sqlite")
    try:
        results, samples = evaluate(backend, apply_json_lock(select(tasks, []), json_lock),
                                    RunSettings(limit=limit, batch_size=16, progress=False), cache)
    finally:
        cache.close()
    write_results(out, results)
    for task, records in samples.items():
        write_samples(out, task, records)
    remove_stale_samples(out, samples)  # an earlier --eval's other tasks would sit beside results they do not describe
    return results, samples


def retention(folder: Path, kind: str, variant: Path, tasks: str, limit: int | None,
              threads: int | None = None, json_lock: str = "off") -> dict[str, Any]:
    """``edgebench.reporting.compare`` of the variant (B) against the fp32 model (A); results under ``variant``'s eval folder."""
    from edgebench.reporting.compare import compare

    if kind not in SPECS:
        raise EdgeBenchError(f"--eval: a {kind} variant has no EdgeBench backend to score it; "
                             f"its export check (max |Δ logits|) is its evidence; use --eval with --int8 or --gguf")
    extra = {"threads": threads} if threads else {}
    evals = variant.parent / f"{variant.name}.eval" if variant.is_file() else variant / "eval"
    a = score(f"hf:{folder}", {"dtype": "float32", **extra}, tasks, limit, evals / "fp32", json_lock)
    spec, settings = SPECS[kind](folder, variant)
    b = score(spec, {**settings, **extra}, tasks, limit, evals / kind, json_lock)
    # the same rows on both sides: the paired cluster bootstrap of B - A, far tighter than two stderrs combined
    return compare(a[0], b[0], a[1], b[1])
