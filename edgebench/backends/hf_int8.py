"""int8 of a Hugging Face causal LM for ``--dtype int8`` and ``edgebench export --int8``: dynamic int8
(torch.ao) of the Linear layers and, for models up to ``INT8_TABLE_MAX_PARAMETERS``, the token table
stored once as per-row int8 for the embedding and the tied LM head."""
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


def quantize_int8(model: torch.nn.Module, *, embeddings: bool | None = None) -> torch.nn.Module:
    """Dynamic int8 (torch.ao) of every Linear but the LM head; with ``embeddings`` also the token
    table(s) as ``Int8Table`` (per-row int8, fp32 scales): the input embedding and the LM head, one
    table when they are tied. ``embeddings=None`` decides by size: models of at most
    ``INT8_TABLE_MAX_PARAMETERS`` parameters quantize their table, larger ones keep it (and the head) fp32.
    One definition for ``--dtype int8`` evaluation and ``edgebench export --int8``."""
    import warnings

    from torch.ao.quantization import quantize_dynamic

    if embeddings is None:
        embeddings = sum(p.numel() for p in model.parameters()) <= INT8_TABLE_MAX_PARAMETERS
    head = model.get_output_embeddings()
    linear_names = {name for name, mod in model.named_modules() if isinstance(mod, torch.nn.Linear) and mod is not head}
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
