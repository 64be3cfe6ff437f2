"""A damaged checkpoint is one error naming it and the earlier checkpoint to go back to (issue 12, group 8)."""
import pytest
import torch

from edgebench.errors import EdgeBenchError
from trainers.fitting.checkpoint import Checkpoints


def saved(tmp_path, steps=(10, 20)):
    model = torch.nn.Linear(3, 2)
    optimizer = torch.optim.AdamW(model.parameters())
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1.0)
    checkpoints = Checkpoints(tmp_path / "checkpoints", keep_last=3)
    for step in steps:
        checkpoints.save(step, model, optimizer, scheduler, val_loss=None, meta={"recipe_hash": "r"})
    return checkpoints, model, optimizer, scheduler


@pytest.mark.parametrize("damage,kind", [
    (lambda p: (p / "trainable.safetensors").write_bytes(b"\xff" * 8 + b"{}"), "SafetensorError"),
    (lambda p: (p / "state.pt").write_bytes(b"not a pickle"), ""),
    (lambda p: (p / "trainable.safetensors").write_bytes(b""), ""),
])
def test_a_damaged_latest_checkpoint_names_it_and_the_previous_one(tmp_path, damage, kind):
    checkpoints, model, optimizer, scheduler = saved(tmp_path)
    latest = checkpoints.latest()
    damage(latest)
    with pytest.raises(EdgeBenchError) as caught:
        checkpoints.load(latest, model, optimizer, scheduler)
    text = str(caught.value)
    assert text.startswith(f"checkpoint '{latest}' is damaged ({kind}") and "\n" not in text
    assert "continue from the previous checkpoint 'step-00000010'" in text
    (latest).rename(latest.parent / f"broken-{latest.name}")  # what the message says to do
    assert checkpoints.latest().name == "step-00000010"
    assert checkpoints.load(checkpoints.latest(), model, optimizer, scheduler)["step"] == 10


def test_a_damaged_only_checkpoint_says_to_start_over_and_bad_meta_is_named(tmp_path):
    checkpoints, model, optimizer, scheduler = saved(tmp_path, steps=(5,))
    only = checkpoints.latest()
    (only / "meta.json").write_text("{truncated")
    with pytest.raises(EdgeBenchError, match="run without --resume to start over"):
        Checkpoints.meta(only)
