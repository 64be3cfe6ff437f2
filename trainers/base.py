"""The trainer contract: ``train(recipe, data, out_dir)`` writes a Hugging Face model folder."""
from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

from trainers.recipe import Recipe


class Trainer(ABC):
    """One trainer type. ``objective_schema`` is the JSON Schema of the recipe's ``objective``."""

    name: ClassVar[str]
    objective_schema: ClassVar[dict[str, Any]] = {"type": "object", "additionalProperties": False}

    @abstractmethod
    def build_data(self, recipe: Recipe) -> Any:
        """The training data the recipe names (for SFT: ``trainers.corpus.data.SFTData``)."""

    @abstractmethod
    def train(self, recipe: Recipe, data: Any, out_dir: Path, *, resume: bool = False,
              stop_after: int | None = None) -> Path | None:
        """Train and write the model folder ``out_dir``; returns it, or None when ``stop_after``
        ended the run early (its checkpoint lets ``resume`` continue)."""
