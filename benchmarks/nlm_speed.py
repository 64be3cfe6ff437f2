"""Inferences/s of an NLM filter on ONE CPU core: fp32 torch, int8 torch, onnxruntime fp32 and int8, side by side.

One inference = one short message classified as EdgeBench asks it: the task's prompt rendered through
the model's chat template (as the ``hf:`` backend renders it), one forward pass, and the label read
from the next-token log-probs of the label words (each a single token in the NLM's own vocabulary,
so this is exactly the hf backend's label score). Short message = at most 160 characters (an SMS).
Messages are sorted by length before batching (a filter queue can bucket by length).

    python benchmarks/nlm_speed.py --model /work/models/nlm-5m-filter [--task edge_spam] [--batch 1,32]

The ONNX variant is read from MODEL-onnx/ (``edgebench export MODEL --onnx``), exported there first if missing.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Callable

import numpy as np
import torch

SHORT = 160  # characters: an SMS


def messages(task_name: str, tokenizer, limit: int) -> tuple[list[list[int]], list[str], list[int]]:
    """Token ids of the rendered prompts of the task's short test messages, the label words, and the gold label index."""
    from edgebench.tasks.config import select
    from trainers.corpus.data import render

    task = select(task_name, [])[0]
    docs = [d for d in task.docs("test") if len(d["text"]) <= SHORT][:limit]
    prompts = [render(tokenizer, task.request(d).prompt, task.request(d).messages) for d in docs]
    ids = [tokenizer(p, add_special_tokens=False)["input_ids"] for p in prompts]
    gold = [task.labels.index(d["label"]) if "label" in d else -1 for d in docs]
    return ids, list(task.labels), gold


def batches(ids: list[list[int]], size: int, pad: int) -> list[tuple[np.ndarray, np.ndarray]]:
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = []
    for start in range(0, len(order), size):
        rows = [ids[i] for i in order[start:start + size]]
        width = max(map(len, rows))
        out.append((np.array([[pad] * (width - len(r)) + r for r in rows], dtype=np.int64),
                    np.array([[0] * (width - len(r)) + [1] * len(r) for r in rows], dtype=np.int64)))
    return out


def torch_runner(model: torch.nn.Module) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    @torch.inference_mode()
    def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        m = torch.from_numpy(mask)
        out = model(input_ids=torch.from_numpy(ids), attention_mask=m, position_ids=(m.cumsum(-1) - 1).clamp(min=0),
                    use_cache=False, logits_to_keep=1)
        return out.logits[:, -1].float().numpy()
    return run


def ort_runner(path: Path) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    return lambda ids, mask: session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0][:, -1]


def measure(run, data, label_ids: list[int], repeats: int) -> tuple[float, np.ndarray]:
    """(inferences/s over ``repeats`` passes after one warm-up pass, predicted label per message in sorted order)."""
    preds = np.concatenate([run(i, m)[:, label_ids].argmax(-1) for i, m in data])  # warm-up, and the answers
    n = sum(len(i) for i, _ in data)
    began = time.perf_counter()
    for _ in range(repeats):
        for ids, mask in data:
            run(ids, mask)
    return n * repeats / (time.perf_counter() - began), preds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, help="the trained model folder (edgebench train ... --out)")
    parser.add_argument("--task", default="edge_spam")
    parser.add_argument("--limit", type=int, default=256, help="short test messages to classify")
    parser.add_argument("--batch", default="1,32", help="batch sizes, comma-separated")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--card", action="store_true", help="also write the table into the model card (section Speed)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)

    from transformers import AutoModelForCausalLM, AutoTokenizer

    from edgebench.backends.hf_int8 import quantize_int8
    from edgebench.variants import export_variant, variant_path
    from edgebench.variants.onnx import GRAPH, GRAPH_INT8

    folder = Path(args.model)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    ids, labels, gold = messages(args.task, tokenizer, args.limit)
    label_ids = [tokenizer(w, add_special_tokens=False)["input_ids"] for w in labels]
    if any(len(t) != 1 for t in label_ids):
        raise SystemExit(f"error: labels {labels} are not single tokens of {folder}'s vocabulary; this benchmark "
                         f"reads one next-token distribution")
    label_ids = [t[0] for t in label_ids]
    onnx_dir = variant_path(folder, "onnx")
    if not (onnx_dir / GRAPH_INT8).is_file():
        export_variant(str(folder), "onnx")
    runners = {
        "fp32 torch": torch_runner(AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()),
        "int8 torch": torch_runner(quantize_int8(AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval())),
        "onnxruntime fp32": ort_runner(onnx_dir / GRAPH),
        "onnxruntime int8": ort_runner(onnx_dir / GRAPH_INT8),
    }
    sizes = {"fp32 safetensors": sum(f.stat().st_size for f in folder.glob("*.safetensors")),
             "int8 torch (model_int8.pt)": (variant_path(folder, "int8") / "model_int8.pt"),
             "onnx fp32": onnx_dir / GRAPH, "onnx int8": onnx_dir / GRAPH_INT8}
    print("weights on disk: " + ", ".join(
        f"{name} {(v if isinstance(v, int) else v.stat().st_size) / 1e6:.3f} MB" for name, v in sizes.items()
        if isinstance(v, int) or v.is_file()) + " (decimal MB)")
    lengths = [len(i) for i in ids]
    print(f"{args.task}: {len(ids)} short test messages (<= {SHORT} chars), prompt tokens mean {np.mean(lengths):.1f}, "
          f"max {max(lengths)}; 1 CPU thread ({torch.__version__}); {folder}")
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    sorted_gold = np.array([gold[i] for i in order])
    rows = []
    for size in [int(b) for b in args.batch.split(",")]:
        data = batches(ids, size, tokenizer.pad_token_id)
        rates: dict[str, float] = {}
        for name, run in runners.items():
            rates[name], preds = measure(run, data, label_ids, args.repeats)
            acc = float((preds == sorted_gold).mean()) if (sorted_gold >= 0).all() else float("nan")
            print(f"  batch {size:>3}  {name:<17} {rates[name]:>8.0f} inferences/s  x{rates[name] / rates['fp32 torch']:.2f} "
                  f"vs fp32  (accuracy on these messages {acc:.3f})")
            rows.append(f"| {size} | {name} | {rates[name]:.0f} | x{rates[name] / rates['fp32 torch']:.2f} | {acc:.3f} |")
    if args.card:
        from edgebench.machine.hardware import profile
        from edgebench.reporting.model_card import set_section

        hw = profile()
        body = "\n".join([f"`python benchmarks/nlm_speed.py --model {folder} --card`: {len(ids)} short {args.task} test "
                          f"messages (<= {SHORT} characters, prompt {np.mean(lengths):.1f} tokens on average), one forward "
                          f"pass each, the label read from the next-token logits; 1 thread of a {hw.get('cpu')} "
                          f"({', '.join(hw.get('instruction_sets') or [])}).", "",
                          "| batch | path | inferences/s | vs fp32 torch | accuracy on these messages |",
                          "|---|---|---|---|---|", *rows])
        if set_section(folder, "Speed", body):
            print(f"recorded in {folder / 'README.md'} (section Speed)")


if __name__ == "__main__":
    main()
