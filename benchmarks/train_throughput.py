"""Training throughput of each recipe's model at its full size: tokens/s and MFU side by side.

For every recipe: the model the recipe builds (full architecture; a LoRA recipe gets its adapter on
its base model), trained for a few optimizer steps (AdamW, next-token loss on every token of random
ids) at a small batch, in the precision the recipe asks for where the hardware runs it natively
(bf16 autocast), else fp32. The first ``--warmup`` steps are not timed. MFU = 6 x parameters x
tokens/s / peak (``trainers.fitting.mfu``: a GPU's bf16 peak from its table; on a CPU the peak, and so the
MFU, is an estimate). Issue 5's target: >= 500k tokens/s for pretrain-112m in bf16 on one H100.

    python benchmarks/train_throughput.py [--recipes pretrain-112m,...] [--batch 1] [--seq 256] [--steps 3] [--threads 1]
"""
from __future__ import annotations

import argparse
import contextlib
import time
from typing import Any

import torch

from edgebench.machine.hardware import profile
from trainers.fitting.loop import resolve_precision
from trainers.fitting.mfu import mfu, peak_flops
from trainers.modeling import load_model, load_tokenizer
from trainers.recipe import load_recipe

DEFAULT_RECIPES = "mlm-60m-intent-scratch,mlm-60m-intent,mlm-120m-balanced,pretrain-112m,mlm-135m-json"


def build(recipe: Any, tokenizer: Any) -> torch.nn.Module:
    model = load_model(recipe["model"], tokenizer)
    if recipe["trainer"] == "lora_sft":
        from peft import LoraConfig, get_peft_model

        from trainers.kinds.lora_sft import LORA_DEFAULTS

        lora = {**LORA_DEFAULTS, **recipe["objective"].get("lora", {})}
        model = get_peft_model(model, LoraConfig(r=lora["r"], lora_alpha=lora["alpha"], lora_dropout=lora["dropout"],
                                                 target_modules=list(lora["target_modules"]), task_type="CAUSAL_LM"))
    return model


def measure(name: str, args: argparse.Namespace, device: str) -> dict[str, Any]:
    recipe = load_recipe(name)
    tokenizer = load_tokenizer(recipe["model"])
    torch.manual_seed(0)
    model = build(recipe, tokenizer).to(device).train()
    if args.compile and recipe["objective"].get("compile"):
        model.compile()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=1e-4)
    precision = resolve_precision(recipe["precision"])
    autocast = (torch.autocast(device_type=device, dtype=torch.bfloat16) if precision == "bf16"
                else contextlib.nullcontext())
    seq = min(args.seq, recipe["model"]["max_length"])
    ids = torch.randint(0, len(tokenizer), (args.batch, seq), device=device)
    elapsed = 0.0
    for step in range(args.warmup + args.steps):
        if device == "cuda":
            torch.cuda.synchronize()
        started = time.perf_counter()
        with autocast:
            loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        if device == "cuda":
            torch.cuda.synchronize()
        if step >= args.warmup:
            elapsed += time.perf_counter() - started
    total = sum(p.numel() for p in model.parameters())
    rate = args.batch * seq * args.steps / elapsed
    peak, origin = peak_flops(args.peak_flops)
    return {"recipe": name, "trainer": recipe["trainer"], "parameters": total, "trainable": sum(p.numel() for p in params),
            "tokens": f"{args.batch}x{seq}", "precision": precision, "tokens_per_s": rate,
            "mfu": mfu(total, rate, peak), "peak": peak, "peak_origin": origin}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipes", default=DEFAULT_RECIPES, help=f"comma-separated (default {DEFAULT_RECIPES})")
    parser.add_argument("--batch", type=int, default=None, help="rows per step (default 1 on CPU, 16 on GPU)")
    parser.add_argument("--seq", type=int, default=None, help="tokens per row (default 256 on CPU, 2048 on GPU; "
                                                               "at most the recipe's model.max_length)")
    parser.add_argument("--steps", type=int, default=3, help="timed optimizer steps per recipe")
    parser.add_argument("--warmup", type=int, default=1, help="untimed steps first")
    parser.add_argument("--threads", type=int, default=None, help="torch threads on CPU")
    parser.add_argument("--compile", action="store_true", help="torch.compile the recipes that ask for it")
    parser.add_argument("--peak-flops", type=float, default=None, help="peak FLOP/s for MFU (default: trainers.fitting.mfu)")
    args = parser.parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    args.batch = args.batch or (16 if device == "cuda" else 1)
    args.seq = args.seq or (2048 if device == "cuda" else 256)
    if args.threads:
        torch.set_num_threads(args.threads)
    hw = profile()
    print(f"device: {hw['gpu']['name'] if hw['gpu'] else hw['cpu']} ({device}, {torch.get_num_threads()} torch threads), "
          f"torch {hw['torch']}")
    if device == "cpu":
        print("note: CPU run: tokens/s at a small batch, and MFU against an *estimated* CPU peak (cores x clock x "
              "FMA width); the recipes' full runs are meant for a GPU")
    rows = []
    for name in args.recipes.split(","):
        try:
            rows.append(measure(name.strip(), args, device))
        except Exception as exc:  # one recipe that cannot run here must not hide the others
            print(f"{name}: skipped ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})")
            continue
        r = rows[-1]
        print(f"  measured {r['recipe']}: {r['tokens_per_s']:,.0f} tokens/s", flush=True)
    print(f"\n{'recipe':<20} {'trainer':<10} {'params':>9} {'trainable':>10} {'batch':>9} {'precision':>9} "
          f"{'tokens/s':>10} {'MFU':>8}")
    for r in rows:
        print(f"{r['recipe']:<20} {r['trainer']:<10} {r['parameters'] / 1e6:>8.1f}M {r['trainable'] / 1e6:>9.2f}M "
              f"{r['tokens']:>9} {r['precision']:>9} {r['tokens_per_s']:>10,.0f} {100 * r['mfu']:>7.2f}%")
    if rows:
        print(f"MFU = 6 x params x tokens/s / peak; peak {rows[0]['peak'] / 1e12:.2f} TFLOP/s ({rows[0]['peak_origin']}); "
              f"for LoRA the frozen weights' gradients are skipped, so 6N overstates its work")


if __name__ == "__main__":
    main()
