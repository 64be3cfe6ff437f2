"""Checkpoints: the trainable weights, optimizer, scheduler, RNG states and data position.

``folder/step-00000100/`` holds ``trainable.safetensors`` (only parameters that train: a LoRA
adapter, or the whole model), ``state.pt`` (optimizer, scheduler, RNG) and ``meta.json`` (step,
validation loss, recipe hash). The last ``keep_last`` are kept, plus the best by validation loss.
"""
from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.torch import load_file, save_file

from edgebench.errors import EdgeBenchError


def trainable_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {name: p.detach().to("cpu").contiguous().clone() for name, p in model.named_parameters() if p.requires_grad}


def rng_state() -> dict[str, Any]:
    state = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict[str, Any]) -> None:
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


class Checkpoints:
    """The checkpoints of one run, in ``folder``."""

    def __init__(self, folder: Path, keep_last: int) -> None:
        self.folder = Path(folder)
        self.keep_last = keep_last

    def all(self) -> list[Path]:
        """Complete checkpoints, oldest first (a half-written one has no meta.json yet)."""
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob("step-*") if (p / "meta.json").is_file())

    @staticmethod
    def meta(path: Path) -> dict[str, Any]:
        try:
            meta = json.loads((path / "meta.json").read_text())
            if not isinstance(meta, dict):
                raise ValueError("meta.json is not an object")
            return meta
        except (OSError, ValueError) as exc:
            raise Checkpoints(path.parent, keep_last=1)._damaged(path, exc) from None

    def latest(self) -> Path | None:
        found = self.all()
        return found[-1] if found else None

    def best(self) -> Path | None:
        scored = [(self.meta(p)["val_loss"], p) for p in self.all() if self.meta(p).get("val_loss") is not None]
        return min(scored)[1] if scored else None

    def save(self, step: int, model: torch.nn.Module, optimizer: torch.optim.Optimizer, scheduler: Any, *,
             val_loss: float | None, meta: dict[str, Any]) -> Path:
        target = self.folder / f"step-{step:08d}"
        tmp = self.folder / f".tmp-step-{step:08d}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        save_file(trainable_state(model), str(tmp / "trainable.safetensors"))
        torch.save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "rng": rng_state()},
                   tmp / "state.pt")
        # meta.json last: its presence marks the checkpoint complete
        (tmp / "meta.json").write_text(json.dumps({"step": step, "val_loss": val_loss, **meta}, indent=2))
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
        self._prune()
        return target

    def _prune(self) -> None:
        found = self.all()
        keep = set(found[-self.keep_last:])
        best = self.best()
        if best is not None:
            keep.add(best)
        for path in found:
            if path not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def load(self, path: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer, scheduler: Any) -> dict[str, Any]:
        """Restore everything into the live objects; returns the checkpoint's meta. A checkpoint whose
        files do not read back is one error naming it and the previous checkpoint to go back to."""
        try:
            return self._load(path, model, optimizer, scheduler)
        except EdgeBenchError:
            raise
        except Exception as exc:  # noqa: BLE001 - safetensors, pickle, json and torch each raise their own
            raise self._damaged(path, exc) from None

    def _damaged(self, path: Path, exc: BaseException) -> EdgeBenchError:
        earlier = [p for p in self.all() if p < path]
        then = (f"then --resume again to continue from the previous checkpoint '{earlier[-1].name}'" if earlier
                else "then run without --resume to start over (there is no earlier checkpoint)")
        return EdgeBenchError(f"checkpoint '{path}' is damaged ({type(exc).__name__}: {' '.join(str(exc).split())[:120]}); "
                              f"move it aside (mv '{path}' '{path.parent / ('broken-' + path.name)}'), {then}")

    def _load(self, path: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer, scheduler: Any) -> dict[str, Any]:
        weights = load_file(str(path / "trainable.safetensors"))
        missing = {n for n, p in model.named_parameters() if p.requires_grad} - set(weights)
        result = model.load_state_dict(weights, strict=False)
        if missing or result.unexpected_keys:
            raise EdgeBenchError(f"checkpoint '{path}' does not fit this model ({len(missing)} trainable weights "
                                 f"missing, {len(result.unexpected_keys)} unknown); resume with the recipe it was made by")
        # our own file: it holds RNG states (python tuples, numpy arrays), so not weights_only
        state = torch.load(path / "state.pt", weights_only=False)
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        set_rng_state(state["rng"])
        return self.meta(path)

    def load_weights(self, path: Path, model: torch.nn.Module) -> None:
        model.load_state_dict(load_file(str(path / "trainable.safetensors")), strict=False)
