"""ONNX variant: ``input_ids``, ``attention_mask`` (left-padded) -> ``logits`` of the last position
(batch, 1, vocab): a filter reads its label from the next-token distribution after one short
prompt, so there is no KV cache and no LM head over the other positions. Exported with ``torch.onnx.export(dynamo=True)`` (the legacy exporter
fails on Llama's ``aten::diff``), then run by onnxruntime on probe prompts and checked against torch."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import torch

from edgebench.errors import EdgeBenchError

GRAPH = "model.onnx"
GRAPH_INT8 = "model.int8.onnx"  # onnxruntime's dynamic int8 of the same graph: MatMul weights and the embedding table
TOLERANCE = 1e-3  # max |Δ logit|: fp32 kernels differ in summation order, nothing more
PROBES = ["Message:\nWIN a FREE cruise! Reply YES now", "ok see you at 5", "Call Ann Lee at 555-0199 about the invoice"]


class LogitsOnly(torch.nn.Module):
    """The causal LM as a plain function of its inputs (no cache objects in the graph): next-token
    logits after each row's last token."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        # left padding: real tokens keep positions 0..n-1 (as the hf: backend passes them)
        positions = (attention_mask.cumsum(-1) - 1).clamp(min=0)
        return self.model(input_ids=input_ids, attention_mask=attention_mask, position_ids=positions,
                          use_cache=False, logits_to_keep=1).logits


def probe_batch(tokenizer: Any) -> dict[str, torch.Tensor]:
    """Left-padded probe prompts (the hf backend pads on the left too)."""
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    enc = tokenizer(PROBES, return_tensors="pt", padding=True, add_special_tokens=False)
    return {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"]}


def max_logit_gap(path: Path, model: torch.nn.Module, batch: dict[str, torch.Tensor]) -> float:
    """max |torch logits - onnxruntime logits| over ``batch``."""
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (got,) = session.run(["logits"], {k: v.numpy() for k, v in batch.items()})
    with torch.no_grad():
        want = LogitsOnly(model)(**batch).numpy()
    return float(abs(got - want).max())


def strip_debug_info(path: Path) -> None:
    """Drop what the exporter writes for debugging only: each node's metadata (its FX node, Python stack
    trace, name scopes) and doc strings, 0.8 MB of a 5 MB int8 graph. Computation is untouched."""
    import onnx

    graph = onnx.load(str(path))
    for node in graph.graph.node:
        del node.metadata_props[:]
        node.doc_string = ""
    onnx.save(graph, str(path))


def quantize_graph(source: Path, target: Path) -> None:
    """Dynamic int8 (onnxruntime.quantization) of the MatMul weights and the embedding table (Gather):
    unlike torch's dynamic int8, the 8k x 256 embedding is quantized too, the bulk of a 5M model."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gather"])


def export_onnx(folder: Path, out: Path, *, tolerance: float = TOLERANCE) -> dict[str, Any]:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    try:
        import onnxruntime  # noqa: F401
        import onnxscript  # noqa: F401
    except ImportError as exc:
        raise EdgeBenchError(f"--onnx needs the onnx extra ({exc.name} is missing); pip install -e '.[onnx]'") from None
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    batch = probe_batch(tokenizer)
    out.mkdir(parents=True, exist_ok=True)
    dims = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"}}
    with torch.no_grad():
        program = torch.onnx.export(LogitsOnly(model), (), kwargs=batch, dynamo=True, dynamic_shapes=dims,
                                    input_names=["input_ids", "attention_mask"], output_names=["logits"],
                                    optimize=True, verbose=False)
    program.save(str(out / GRAPH), external_data=False)
    strip_debug_info(out / GRAPH)
    for path in folder.iterdir():  # tokenizer and configs travel with the graph
        if path.is_file() and path.suffix in (".json", ".txt", ".jinja") and path.name != "README.md":
            shutil.copy2(path, out / path.name)
    gap = max_logit_gap(out / GRAPH, model, batch)
    if not gap <= tolerance:
        raise EdgeBenchError(f"ONNX export of '{folder}' does not match torch: max |Δ logits| {gap:.2e} > "
                             f"{tolerance:.0e}; report it with the model's config.json")
    quantize_graph(out / GRAPH, out / GRAPH_INT8)
    strip_debug_info(out / GRAPH_INT8)
    return {"kind": "onnx", "path": str(out), "bytes": (out / GRAPH).stat().st_size,
            "int8_bytes": (out / GRAPH_INT8).stat().st_size,
            # quantization error, reported, not asserted: retention is measured on the tasks
            "int8_max_abs_logit_diff": max_logit_gap(out / GRAPH_INT8, model, batch),
            "source_bytes": sum(p.stat().st_size for p in folder.glob("*.safetensors")),
            "max_abs_logit_diff": gap, "tolerance": tolerance,
            "evaluate": f"onnxruntime.InferenceSession('{out / GRAPH}')"}
