"""The CycleCore reference models: each folder under ``models/`` is one model, registered by its name.

Add one with ``python -m cyclecore_models.pack TRAINED_FOLDER NAME`` (adapters stay adapters: the
merged weights are rebuilt from the embedded SmolLM2 on first use, see ``edgebench.shipped_models``).
"""
from pathlib import Path

from edgebench import hookimpl

MODELS = Path(__file__).parent / "models"


@hookimpl
def register_models(register):
    for folder in sorted(MODELS.iterdir()) if MODELS.is_dir() else []:
        if folder.is_dir() and (folder / "README.md").exists():
            register(folder.name, folder)
