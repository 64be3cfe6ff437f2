"""int8 of a Hugging Face causal LM for ``--dtype int8`` and ``edgebench export --int8``. Models up to
``INT8_TABLE_MAX_PARAMETERS``: dynamic int8 (torch.ao) of the Linear layers and the token table stored once
as per-row int8 for the embedding and the tied LM head. Larger ones: weight-only int8 of the Linear layers
(``Int8Linear``), activations kept in full precision, token table and head fp32."""
from __future__ import annotations

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
# Why weight-only above that size: SmolLM2-135M's activations have outliers (down_proj inputs, the first and
# last blocks) that one per-tensor activation scale crushes: dynamic int8 kept 0.606 of CycleCore-MLM-135M-
# Intent's top-1 (per-layer output error median 6.1 %, worst 25.9 %; the NLM's median 0.96 %). Its weights
# quantize well per output channel, as llama.cpp's Q8_0 keeps them (retention 0.98+ at Q4_0 even).
SCHEMES = ("dynamic", "weight-only")


def scheme_for(parameters: int) -> str:
    """The Linear layers' int8 scheme for a model of ``parameters`` (counted before quantization)."""
    return "dynamic" if parameters <= INT8_TABLE_MAX_PARAMETERS else "weight-only"


class Int8Linear(torch.nn.Module):
    """A Linear layer stored as int8 with one fp32 scale per output channel (symmetric, max |row| / 127);
    the input stays in full precision: y = (x @ int8ᵀ) x scale + bias, which equals x @ (dequantized W)ᵀ + b."""

    def __init__(self, linear: torch.nn.Linear) -> None:
        super().__init__()
        w = linear.weight.detach().float()
        scale = (w.abs().amax(dim=1) / 127.0).clamp(min=1e-12)
        self.register_buffer("qweight", torch.round(w / scale[:, None]).clamp(-127, 127).to(torch.int8))
        self.register_buffer("scale", scale)
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
        w = weight.detach().float()
        scale = (w.abs().amax(dim=1) / 127.0).clamp(min=1e-12)
        self.register_buffer("qweight", torch.round(w / scale[:, None]).clamp(-127, 127).to(torch.int8))
        self.register_buffer("scale", scale)

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


def quantize_int8(model: torch.nn.Module, *, embeddings: bool | None = None,
                  scheme: str | None = None) -> torch.nn.Module:
    """int8 of every Linear but the LM head, ``scheme`` ``dynamic`` (torch.ao: int8 weights and per-call
    int8 activations) or ``weight-only`` (``Int8Linear``); with ``embeddings`` also the token table(s) as
    ``Int8Table`` (per-row int8, fp32 scales): the input embedding and the LM head, one table when they
    are tied. ``None`` decides by size: models of at most ``INT8_TABLE_MAX_PARAMETERS`` parameters are
    dynamic and quantize their table, larger ones are weight-only and keep the table (and head) fp32.
    One definition for ``--dtype int8`` evaluation and ``edgebench export --int8``."""
    import warnings

    from torch.ao.quantization import quantize_dynamic

    parameters = sum(p.numel() for p in model.parameters())
    if embeddings is None:
        embeddings = parameters <= INT8_TABLE_MAX_PARAMETERS
    scheme = scheme or scheme_for(parameters)
    if scheme not in SCHEMES:
        raise ValueError(f"int8 scheme {scheme!r}: one of {', '.join(SCHEMES)}")
    head = model.get_output_embeddings()
    linear_names = {name for name, mod in model.named_modules() if isinstance(mod, torch.nn.Linear) and mod is not head}
    if scheme == "weight-only":
        model = _weight_only(model, linear_names)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch.ao's deprecation notice: torchao is its successor, not yet a dep
            model = quantize_dynamic(model, linear_names, dtype=torch.qint8)
    if embeddings:
        embed, head = model.get_input_embeddings(), model.get_output_embeddings()
        tied = head is not None and head.weight is embed.weight
        table = Int8Table(embed.weight)
        model.set_input_embeddings(table)
        if head is not None:
            model.set_output_embeddings(Int8Head(table) if tied else Int8Head(Int8Table(head.weight), own=True))
    return model


def describe(model: torch.nn.Module) -> tuple[str, str]:
    """(what a quantized model's int8 is, in words; the tag its cache identity carries) — another scheme gives
    other answers, so each has its own tag; the tags of the first scheme are kept so its cached answers stay valid."""
    table = isinstance(model.get_input_embeddings(), Int8Table)
    weight_only = any(isinstance(m, Int8Linear) for m in model.modules())
    words = ("int8 weight-only (Linear layers, per-channel scales; activations full precision)" if weight_only
             else "int8-dynamic (torch.ao, Linear layers)")
    words += "; token table int8 per row, shared with the tied head" if table else "; embeddings and LM head fp32"
    return words, (":int8-wo" if weight_only else "") + (":int8-table" if table else "")
