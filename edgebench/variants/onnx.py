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
# (tied: one int8 initializer that the embedding Gather and the LM head's QGemm both read; int8_head)
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


def int8_head(path: Path) -> bool:
    """Let the LM head read the int8 token table directly. ``quantize_graph`` leaves it as
    DequantizeLinear(table) -> Transpose -> MatMul: every call dequantizes and transposes the whole
    vocab x hidden table (about a fifth of a short prompt's time) to make the logits of ONE position.
    This rewrites it to DynamicQuantizeLinear(hidden) -> QGemm(transB=1) over the same int8 initializer
    the embedding Gather reads (onnxruntime's com.microsoft QGemm; the table stays stored once).
    Returns whether the pattern was found (a graph without it is left as it is)."""
    import copy

    import numpy as np
    import onnx
    from onnx import helper

    model = onnx.load(str(path))
    graph = model.graph
    users: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            users.setdefault(name, []).append(node)
    gathered = {node.input[0] for node in graph.node if node.op_type == "Gather"}
    for deq in graph.node:
        if deq.op_type != "DequantizeLinear" or deq.input[0] not in gathered or len(users.get(deq.output[0], [])) != 1:
            continue
        transpose = users[deq.output[0]][0]
        if transpose.op_type != "Transpose" or len(users.get(transpose.output[0], [])) != 1:
            continue
        matmul = users[transpose.output[0]][0]
        if matmul.op_type != "MatMul" or matmul.input[1] != transpose.output[0]:
            continue
        table, scale, zero = deq.input[0], deq.input[1], deq.input[2]
        hidden, logits = matmul.input[0], matmul.output[0]
        dims = next(i.dims for i in graph.initializer if i.name == table)
        p = "int8_head_"
        graph.initializer.extend([
            onnx.numpy_helper.from_array(np.array([-1, dims[1]], dtype="int64"), p + "flat"),
            onnx.numpy_helper.from_array(np.array([dims[0]], dtype="int64"), p + "vocab"),
            onnx.numpy_helper.from_array(np.array([0], dtype="int64"), p + "zero"),
            onnx.numpy_helper.from_array(np.array([-1], dtype="int64"), p + "last"),
        ])
        new = [
            helper.make_node("Shape", [hidden], [p + "shape"]),
            helper.make_node("Slice", [p + "shape", p + "zero", p + "last"], [p + "lead"]),
            helper.make_node("Concat", [p + "lead", p + "vocab"], [p + "out_shape"], axis=0),
            helper.make_node("Reshape", [hidden, p + "flat"], [p + "h2"]),
            helper.make_node("DynamicQuantizeLinear", [p + "h2"], [p + "hq", p + "hs", p + "hz"]),
            helper.make_node("QGemm", [p + "hq", p + "hs", p + "hz", table, scale, zero], [p + "l2"],
                             domain="com.microsoft", transB=1, alpha=1.0),
            helper.make_node("Reshape", [p + "l2", p + "out_shape"], [logits]),
        ]
        nodes = []  # copies, in order: the head's three nodes out, the new ones where its MatMul was
        for node in graph.node:
            if node is matmul:
                nodes += new
            elif node is not deq and node is not transpose:
                nodes.append(copy.deepcopy(node))
        del graph.node[:]
        graph.node.extend(nodes)
        if not any(o.domain == "com.microsoft" for o in model.opset_import):
            model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
        onnx.save(model, str(path))
        return True
    return False


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
        if path.is_file() and path.suffix in (".json", ".txt", ".jinja") and path.name not in ("README.md", "variants.json"):
            shutil.copy2(path, out / path.name)
    gap = max_logit_gap(out / GRAPH, model, batch)
    if not gap <= tolerance:
        raise EdgeBenchError(f"ONNX export of '{folder}' does not match torch: max |Δ logits| {gap:.2e} > "
                             f"{tolerance:.0e}; report it with the model's config.json")
    quantize_graph(out / GRAPH, out / GRAPH_INT8)
    strip_debug_info(out / GRAPH_INT8)
    fused_head = int8_head(out / GRAPH_INT8)
    return {"kind": "onnx", "path": str(out), "bytes": (out / GRAPH).stat().st_size,
            "int8_bytes": (out / GRAPH_INT8).stat().st_size, "int8_head": "QGemm" if fused_head else "MatMul",
            # quantization error, reported, not asserted: retention is measured on the tasks
            "int8_max_abs_logit_diff": max_logit_gap(out / GRAPH_INT8, model, batch),
            "source_bytes": sum(p.stat().st_size for p in folder.glob("*.safetensors")),
            "max_abs_logit_diff": gap, "tolerance": tolerance,
            "evaluate": f"onnxruntime.InferenceSession('{out / GRAPH}')"}
