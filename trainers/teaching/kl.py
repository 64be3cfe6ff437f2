"""The distillation term: KL(teacher ‖ student) on temperature-softened distributions, times T²."""
from __future__ import annotations

import torch


def distill_kl(student_logits: torch.Tensor, teacher_logits: torch.Tensor, mask: torch.Tensor | None,
               temperature: float) -> torch.Tensor:
    """Sum over the positions where ``mask`` is true (every position when it is None) of
    KL(softmax(t/T) ‖ softmax(s/T)) · T².

    The T² keeps the term's gradient on the same scale as cross-entropy whatever T is (Hinton et
    al. 2015). Logits are (..., vocabulary); ``mask`` has their leading shape."""
    if temperature <= 0:
        raise ValueError(f"temperature must be positive, not {temperature}")
    if mask is not None:
        student_logits, teacher_logits = student_logits[mask], teacher_logits[mask]
    s = torch.log_softmax(student_logits.float() / temperature, dim=-1)
    t = torch.log_softmax(teacher_logits.float() / temperature, dim=-1)
    kl = torch.nn.functional.kl_div(s, t, log_target=True, reduction="sum")  # sum p_t (log p_t - log p_s)
    return kl * temperature ** 2
