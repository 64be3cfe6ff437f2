"""int8 of a Hugging Face causal LM for ``--dtype int8`` and ``edgebench export --int8``: dynamic int8
(torch.ao) of the Linear layers but those whose activations have outliers, which are weight-only int8
(``Int8Linear``, activations in full precision); for models up to ``INT8_TABLE_MAX_PARAMETERS`` also the
token table, stored once as per-row int8 for the embedding and the tied LM head."""
from __future__ import annotations

from typing import Collection

import torch


def saved_bytes(model: torch.nn.Module) -> int:
    """Size of the model's weights as ``torch.save`` writes them (packed int8 included)."""
    import io

    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    return buffer.tell()


# Up to this size a model's token table is a third or more of its weights (the 4.8M NLM: 33 %, the 61M
# intent student: 41 %), so int8 quantizes the table too; measured harmless on both (retention 1.004-1.007
# on the NLM, 1.006 top-1 on the student: docs/benchmarks.md). Larger models keep it fp32 (SmolLM2-135M,
# 21 % table, keeps its measured int8 scores).
INT8_TABLE_MAX_PARAMETERS = 100_000_000
# A Linear layer whose dynamic int8 output is off by more than this (relative L2 error on the calibration
# input) is weight-only int8 instead. Why: SmolLM2's activations have outlier channels (down_proj inputs,
# the first and last blocks) that one per-tensor activation scale crushes: all-dynamic int8 kept 0.606 of
# CycleCore-MLM-135M-Intent's top-1 (per-layer error median 6.1 %, worst 25.9 %), while the NLM's layers
# (median 0.96 %) keep 1.00 of its scores dynamic, and faster than weight-only.
DYNAMIC_MAX_ERROR = 0.03
CALIBRATION_SHAPE = (2, 48)  # seeded random token ids: outlier channels are the model's, not the text's


def _register_rows_int8(module: torch.nn.Module, weight: torch.Tensor) -> None:
    """``qweight`` (int8) and ``scale`` (fp32, one per row: max |row| / 127, symmetric) buffers of ``weight``."""
    w = weight.detach().float()
    scale = (w.abs().amax(dim=1) / 127.0).clamp(min=1e-12)
    module.register_buffer("qweight", torch.round(w / scale[:, None]).clamp(-127, 127).to(torch.int8))
    module.register_buffer("scale", scale)


class Int8Linear(torch.nn.Module):
    """A Linear layer stored as int8 with one fp32 scale per output channel (symmetric, max |row| / 127);
    the input stays in full precision: y = (x @ int8ᵀ) x scale + bias, which equals x @ (dequantized W)ᵀ + b."""

    def __init__(self, linear: torch.nn.Linear) -> None:
        super().__init__()
        _register_rows_int8(self, linear.weight)
        self.bias = None if linear.bias is None else torch.nn.Parameter(linear.bias.detach().float(),
                                                                         requires_grad=False)
        self.in_features, self.out_features = linear.in_features, linear.out_features

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.nn.functional.linear(x, self.qweight.to(x.dtype)) * self.scale.to(x.dtype)
        return y if self.bias is None else y + self.bias.to(x.dtype)


def _weight_only(model: torch.nn.Module, names: set[str]) -> torch.nn.Module:
    for name in sorted(names):
        parent_name, _, child = name.rpartition(".")
        parent = model.get_submodule(parent_name) if parent_name else model
        setattr(parent, child, Int8Linear(getattr(parent, child)))
    return model


class Int8Table(torch.nn.Module):
    """A token table (vocab x hidden) stored ONCE as int8 with one fp32 scale per row (symmetric,
    scale = max |row| / 127). Called with token ids, it is the input embedding; ``Int8Head`` reads
    the same buffers as the LM head, so a tied table is quantized and saved once."""

    def __init__(self, weight: torch.Tensor) -> None:
        super().__init__()
        _register_rows_int8(self, weight)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.qweight[input_ids].float() * self.scale[input_ids].unsqueeze(-1)


class Int8Head(torch.nn.Module):
    """The LM head over an ``Int8Table``: logits = (hidden @ int8 rowsᵀ) x row scales, which equals
    hidden @ (the dequantized table)ᵀ. A tied table is held by reference, not registered, so the
    state dict (and ``model_int8.pt``) holds it once, under the input embedding."""

    def __init__(self, table: Int8Table, *, own: bool = False) -> None:
        super().__init__()
        if own:
            self.table = table  # an untied head: its own table, registered
        else:
            object.__setattr__(self, "_tied", (table,))

    def _table(self) -> Int8Table:
        return self.table if "table" in self._modules else self._tied[0]

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        table = self._table()
        return torch.nn.functional.linear(hidden.float(), table.qweight.float()) * table.scale


def _dynamic(module: torch.nn.Module, names: set[str] | type) -> torch.nn.Module:
    import warnings

    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao's deprecation notice: torchao is its successor, not yet a dep
        return quantize_dynamic(module, names, dtype=torch.qint8)


def outlier_layers(model: torch.nn.Module, names: set[str]) -> set[str]:
    """The layers among ``names`` whose dynamic int8 output is off by more than ``DYNAMIC_MAX_ERROR`` on the
    calibration input (``CALIBRATION_SHAPE`` seeded random ids through the fp32 model); deterministic."""
    import copy

    inputs: dict[str, torch.Tensor] = {}

    def keep(name: str):
        def hook(mod, args, out) -> None:  # None: a forward hook's return value would replace the output
            inputs.setdefault(name, args[0].detach().reshape(-1, args[0].shape[-1]))
        return hook

    hooks = [model.get_submodule(n).register_forward_hook(keep(n)) for n in names]
    vocab = model.get_input_embeddings().weight.shape[0]
    ids = torch.randint(0, vocab, CALIBRATION_SHAPE, generator=torch.Generator().manual_seed(0))
    try:
        with torch.no_grad():
            model(input_ids=ids)
    finally:
        for hook in hooks:
            hook.remove()
    flagged = set()
    with torch.no_grad():
        for n in sorted(inputs):
            layer, x = model.get_submodule(n), inputs[n].float()
            want = layer(x)
            got = _dynamic(torch.nn.Sequential(copy.deepcopy(layer).float()), {torch.nn.Linear})(x)
            if (got - want).norm() > DYNAMIC_MAX_ERROR * want.norm().clamp(min=1e-12):
                flagged.add(n)
    return flagged


def quantize_int8(model: torch.nn.Module, *, embeddings: bool | None = None,
                  weight_only: Collection[str] | None = None) -> torch.nn.Module:
    """int8 of every Linear but the LM head: dynamic (torch.ao: int8 weights, per-call int8 activations) but
    for the layers in ``weight_only`` (``Int8Linear``; None: ``outlier_layers`` finds them); with
    ``embeddings`` also the token table(s) as ``Int8Table`` (per-row int8, fp32 scales): the input embedding
    and the LM head, one table when they are tied (None: models of at most ``INT8_TABLE_MAX_PARAMETERS``).
    A model rebuilt from its config must pass the ``weight_only`` its export recorded (``int8_layers``).
    One definition for ``--dtype int8`` evaluation and ``edgebench export --int8``."""
    parameters = sum(p.numel() for p in model.parameters())
    if embeddings is None:
        embeddings = parameters <= INT8_TABLE_MAX_PARAMETERS
    head = model.get_output_embeddings()
    linear_names = {name for name, mod in model.named_modules() if isinstance(mod, torch.nn.Linear) and mod is not head}
    chosen = outlier_layers(model, linear_names) if weight_only is None else set(weight_only)
    if chosen - linear_names:
        raise ValueError(f"weight_only names layers that are not the model's Linear layers: {sorted(chosen - linear_names)[:3]}")
    model = _weight_only(model, chosen)
    model = _dynamic(model, linear_names - chosen)
    if embeddings:
        embed, head = model.get_input_embeddings(), model.get_output_embeddings()
        tied = head is not None and head.weight is embed.weight
        table = Int8Table(embed.weight)
        model.set_input_embeddings(table)
        if head is not None:
            model.set_output_embeddings(Int8Head(table) if tied else Int8Head(Int8Table(head.weight), own=True))
    return model


def int8_layers(model: torch.nn.Module) -> list[str]:
    """The weight-only int8 layers of a quantized model (what a rebuild passes as ``weight_only``)."""
    return sorted(n for n, m in model.named_modules() if isinstance(m, Int8Linear))


def describe(model: torch.nn.Module) -> tuple[str, str]:
    """(what a quantized model's int8 is, in words; the tag its cache identity carries). Another scheme gives
    other answers, so each has its own tag: all-dynamic keeps the first scheme's tags (its cached answers stay
    valid), a weight-only set adds ``:int8-wo`` and a digest of which layers."""
    import hashlib

    table = isinstance(model.get_input_embeddings(), Int8Table)
    exact = int8_layers(model)
    total = len(exact) + sum(1 for m in model.modules() if type(m).__name__ == "Linear" and "quantized" in type(m).__module__)
    words = (f"int8-dynamic (torch.ao) Linear layers, {len(exact)} of {total} weight-only (per-channel scales, "
             f"activations full precision: their dynamic int8 error was over {DYNAMIC_MAX_ERROR:.0%})" if exact
             else "int8-dynamic (torch.ao, Linear layers)")
    words += "; token table int8 per row, shared with the tied head" if table else "; embeddings and LM head fp32"
    tag = f":int8-wo-{hashlib.sha256(' '.join(exact).encode()).hexdigest()[:8]}" if exact else ""
    return words, tag + (":int8-table" if table else "")
