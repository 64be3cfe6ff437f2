"""``python -m cyclecore_models.pack TRAINED_FOLDER NAME``: copy a trained model folder in as a shipped model."""
import sys
from pathlib import Path

from edgebench.shipped_models import pack

from cyclecore_models import MODELS

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m cyclecore_models.pack TRAINED_FOLDER NAME")
    dest = pack(Path(sys.argv[1]), MODELS / sys.argv[2])
    size = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file())
    print(f"packed {sys.argv[1]} into {dest} ({size / 1e6:.1f} MB)")
