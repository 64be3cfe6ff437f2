"""What a run records as it goes: a JSON-lines log and TensorBoard events, side by side."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


class RunLog:
    """``log.jsonl`` (one object per record, appended across resumes) and TensorBoard events in ``tb/``."""

    def __init__(self, folder: Path, *, start_step: int = 0) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "log.jsonl"
        if start_step == 0 and self.path.exists():
            self.path.unlink()  # a fresh run starts a fresh log
        elif self.path.exists():  # a resumed run drops what an interrupted run wrote past its checkpoint
            lines = [l for l in self.path.read_text().splitlines() if l.strip()]
            self.path.write_text("".join(l + "\n" for l in lines if json.loads(l).get("step", 0) <= start_step))
        self.writer = None
        try:
            from torch.utils.tensorboard import SummaryWriter

            # purge_step: events past the checkpoint (from an interrupted run) are dropped on resume
            self.writer = SummaryWriter(str(folder / "tb"), purge_step=start_step or None)
        except ImportError:
            print("warning: tensorboard is not installed, so no TensorBoard events are written "
                  "(pip install 'edgebench[train]')", file=sys.stderr)

    def records(self) -> list[dict[str, Any]]:
        """What the log holds: every run of this training up to now (a resume dropped only records past its checkpoint)."""
        return [json.loads(line) for line in self.path.read_text().splitlines() if line.strip()] if self.path.exists() else []

    def write(self, step: int, **values: Any) -> None:
        record = {"step": step, "time": round(time.time(), 3), **values}
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\n")
        if self.writer is not None and "event" not in values:  # events (a run's start) are not curves
            for key, value in values.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    self.writer.add_scalar(key, value, step)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
