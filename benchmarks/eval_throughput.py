"""EdgeBench's default evaluation path against a plain batch-1 fp32 loop, on the same samples.

Both paths see the same task requests and the same rendered prompts; only the compute differs:
- plain: transformers, float32, one request at a time: ``generate`` for generative tasks, one full
  forward of context + label per candidate label for scored tasks (what a naive harness does);
- edgebench: ``edgebench.evaluator.evaluate`` with the backend's default settings (dtype auto,
  the CLI's default batch size unless --batch-size says otherwise), no response cache.

Prints samples/s of each, the speed-up, and whether every task's scores are equal (metrics and
per-sample predictions). Target (issue 4): >= 5x at equal scores on a 2-core CPU.

    python benchmarks/eval_throughput.py [--tasks edge_intent,edge_json,...] [--per-task 8]
"""
from __future__ import annotations

import argparse
import json
import time
from typing import Any

import torch

from edgebench.backends.base import GenerateRequest, GenerateResult, ScoreRequest, ScoreResult
from edgebench.backends.hf import HFBackend
from edgebench.evaluator import RunSettings, evaluate
from edgebench.machine.hardware import profile
from edgebench.models import load_backend
from edgebench.plugins import get_registry
from edgebench.tasks.config import select

DEFAULT_TASKS = "edge_intent,edge_spam,edge_toxicity,edge_pii,edge_json,edge_funccall"


@torch.inference_mode()
def plain_generate(hf: HFBackend, req: GenerateRequest) -> GenerateResult:
    started = time.perf_counter()
    enc = hf.tokenizer(hf.render(req.prompt, req.messages), return_tensors="pt", add_special_tokens=False)
    kwargs: dict[str, Any] = {"stop_strings": list(req.stop), "tokenizer": hf.tokenizer} if req.stop else {}
    out = hf.model.generate(**enc, max_new_tokens=req.max_new_tokens, do_sample=False,
                            pad_token_id=hf.tokenizer.pad_token_id, **kwargs)
    new = out[0, enc["input_ids"].shape[1]:]
    text = hf.tokenizer.decode(new, skip_special_tokens=True)
    cut = min((text.find(s) for s in req.stop if s in text), default=-1)
    return GenerateResult(text=text[:cut] if cut >= 0 else text, prompt_tokens=enc["input_ids"].shape[1],
                          completion_tokens=len(new), seconds=time.perf_counter() - started)


@torch.inference_mode()
def plain_score(hf: HFBackend, req: ScoreRequest) -> ScoreResult:
    started = time.perf_counter()
    context = hf._encode(hf.render(req.prompt, req.messages))
    logprobs, lengths = [], []
    for continuation in req.continuations:
        cont = hf._encode(continuation)
        ids = torch.tensor([context + cont])
        logp = torch.log_softmax(hf.model(input_ids=ids).logits[0, len(context) - 1:-1].float(), dim=-1)
        logprobs.append(float(logp.gather(-1, torch.tensor(cont).unsqueeze(-1)).sum()))
        lengths.append(len(cont))
    return ScoreResult(logprobs=logprobs, num_tokens=lengths, seconds=time.perf_counter() - started)


def run_plain(hf: HFBackend, tasks: list, per_task: int) -> tuple[dict[str, dict], dict[str, list], dict[str, float]]:
    """Every task's metrics, records and wall seconds through the plain loop."""
    metrics, records, seconds = {}, {}, {}
    for task in tasks:
        started = time.perf_counter()
        docs = task.docs("test", per_task)
        task_records = []
        for doc in docs:
            req = task.request(doc)
            res = plain_generate(hf, req) if isinstance(req, GenerateRequest) else plain_score(hf, req)
            task_records.append(task.process(doc, res))
        seconds[task.name] = time.perf_counter() - started
        records[task.name] = task_records
        metrics[task.name] = task.aggregate(task_records, get_registry().metrics, bootstrap_iters=0, seed=0)
    return metrics, records, seconds


def prediction(record: dict) -> str:
    return json.dumps(record.get("pred", record.get("output")), sort_keys=True, default=str)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="hf:SmolLM2-135M-Instruct")
    parser.add_argument("--tasks", default=DEFAULT_TASKS)
    parser.add_argument("--per-task", type=int, default=8, help="test samples per task (the first N)")
    parser.add_argument("--batch-size", default="8", help="EdgeBench path's batch size (an integer or auto)")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch threads for both paths (1 keeps a shared CPU from stalling the threads)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    batch = args.batch_size if args.batch_size == "auto" else int(args.batch_size)

    tasks = select(args.tasks)
    plain_backend = HFBackend(args.model, dtype="float32")
    fast_backend = load_backend(args.model, batch_size=8 if batch == "auto" else batch)
    hw = profile()
    print(f"# {hw['cpu']}, {hw['cpu_affinity']} cores, torch threads {hw['torch_threads']}, "
          f"{', '.join(hw['instruction_sets'])}; {args.model}; {args.per_task} samples per task")
    print(f"# plain: float32, batch 1 | edgebench: dtype {fast_backend.settings.get('dtype')}, batch {batch}")

    # Warm both models once so neither path pays the first-call setup inside its timing.
    warm = GenerateRequest(prompt="Hello", max_new_tokens=2)
    plain_generate(plain_backend, warm)
    fast_backend.generate([warm])

    plain_metrics, plain_records, plain_seconds = run_plain(plain_backend, tasks, args.per_task)
    started = time.perf_counter()
    fast, fast_records = evaluate(fast_backend, tasks, RunSettings(limit=args.per_task, batch_size=batch,
                                                                   bootstrap_iters=0, progress=False))
    fast_wall = time.perf_counter() - started

    print(f"\n{'task':<16} {'n':>3} {'plain s/sample':>15} {'edgebench s/sample':>19} {'speed-up':>9} "
          f"{'same preds':>11} {'same metrics':>13}")
    total_plain = total_fast = 0.0
    all_equal = True
    for task in tasks:
        n = len(plain_records[task.name])
        plain_s = plain_seconds[task.name]
        fast_s = fast["cost"][task.name]["wall_s"]
        same = sum(prediction(a) == prediction(b) for a, b in zip(plain_records[task.name], fast_records[task.name]))
        fast_metrics = {k: v for k, v in fast["results"][task.name].items() if k != "alias" and not k.endswith("_stderr")}
        slow_metrics = {k: v for k, v in plain_metrics[task.name].items() if not k.endswith("_stderr")}
        metrics_equal = all(abs((fast_metrics[k] or 0) - (slow_metrics.get(k) or 0)) < 1e-9 for k in fast_metrics)
        all_equal &= metrics_equal and same == n
        total_plain += plain_s
        total_fast += fast_s
        print(f"{task.name:<16} {n:>3} {plain_s / n:>15.3f} {fast_s / n:>19.3f} {plain_s / fast_s:>8.1f}x "
              f"{same:>5}/{n:<5} {'yes' if metrics_equal else 'NO':>13}")
    n_all = sum(len(v) for v in plain_records.values())
    print(f"\nplain:     {n_all / total_plain:.3f} samples/s ({total_plain:.1f} s)")
    print(f"edgebench: {n_all / total_fast:.3f} samples/s ({total_fast:.1f} s; evaluate() wall {fast_wall:.1f} s)")
    print(f"speed-up:  {total_plain / total_fast:.2f}x; scores equal: {'yes' if all_equal else 'no (see table)'}")


if __name__ == "__main__":
    main()
