"""Token data for pretraining: text -> token ids in flat memory-mapped binary files.

``prepare`` writes ``DIR/train.bin`` and ``DIR/val.bin`` (numpy ``uint16`` when the vocabulary fits,
else ``uint32``; documents concatenated, each ending in the end-of-sequence token) and
``DIR/meta.json`` (dtype, token counts, tokenizer, sources, sha256 of each file). ``TokenWindows``
reads them back as fixed-length training examples without loading them into memory.

    python -m trainers.corpus.tokens --recipe pretrain-112m           # texts of the recipe's data.tasks -> its objective.tokens
    python -m trainers.corpus.tokens DIR --files a.txt b.jsonl       # your text (.jsonl: a "text" field per line)
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from edgebench.errors import EdgeBenchError
from edgebench.file_hashes import sha256_of
from trainers.corpus.data import Example

DEFAULT_TOKENIZER = "hf:SmolLM2-135M-Instruct"


def task_texts(task_names: Sequence[str], tokenizer: Any, split: str = "train") -> Iterable[str]:
    """Each doc of the tasks' split as the full text a model sees: the rendered prompt, then the gold answer."""
    from edgebench.tasks.config import select
    from trainers.corpus.data import render

    for task in select(",".join(task_names), []):
        for doc in task.docs(split):
            req = task.request(doc)
            yield render(tokenizer, req.prompt, req.messages) + task.target(doc)


def file_texts(paths: Sequence[str | Path]) -> Iterable[str]:
    """A ``.jsonl`` file gives its rows' ``text``; any other file is one document."""
    for path in map(Path, paths):
        if not path.is_file():
            raise EdgeBenchError(f"--files: '{path}' does not exist; give text or .jsonl files")
        if path.suffix != ".jsonl":
            yield path.read_text(encoding="utf-8")
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    yield str(json.loads(line)["text"])
                except (ValueError, KeyError, TypeError):
                    raise EdgeBenchError(f"--files: line {n} of {path} is not a JSON object with a 'text' field") from None


def prepare(texts: Iterable[str], tokenizer: Any, out_dir: str | Path, *, val_fraction: float = 0.05, seed: int = 1234,
            sources: Any = None) -> dict[str, Any]:
    """Tokenize ``texts`` (each + EOS) into ``out_dir/{train,val}.bin``; a seeded ``val_fraction`` of the
    documents (at least one) goes to ``val.bin``. Returns what ``meta.json`` records."""
    if not 0 < val_fraction < 1:
        raise EdgeBenchError(f"val_fraction must be between 0 and 1, not {val_fraction}")
    docs = [tokenizer(t, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id] for t in texts if t]
    if len(docs) < 2:
        raise EdgeBenchError("prepare: fewer than 2 documents of text; give more text (one goes to validation)")
    dtype = np.uint16 if len(tokenizer) <= np.iinfo(np.uint16).max + 1 else np.uint32
    order = np.random.default_rng(seed).permutation(len(docs))
    n_val = max(1, int(round(len(docs) * val_fraction)))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {"dtype": np.dtype(dtype).name, "tokenizer": getattr(tokenizer, "name_or_path", None),
                            "vocab_size": len(tokenizer), "eos_token_id": tokenizer.eos_token_id,
                            "sources": sources, "files": {}}
    for name, picked in (("train", order[n_val:]), ("val", order[:n_val])):
        ids = np.fromiter((t for i in picked for t in docs[i]), dtype=dtype)
        path = out / f"{name}.bin"
        ids.tofile(path)
        meta["files"][name] = {"tokens": int(ids.size), "documents": int(len(picked)), "sha256": sha256_of(path)}
    (out / "meta.json").write_text(json.dumps(meta, indent=2))
    return meta


def read_meta(folder: str | Path, key: str = "objective.tokens") -> dict[str, Any]:
    """``meta.json`` of a prepared folder; a missing one fails in one line saying how to write it."""
    path = Path(folder) / "meta.json"
    if not path.is_file():
        raise EdgeBenchError(f"recipe key '{key}': '{folder}' holds no prepared tokens (meta.json); write them with "
                             f"'python -m trainers.corpus.tokens --recipe RECIPE' or 'python -m trainers.corpus.tokens {folder} --files ...'")
    return json.loads(path.read_text())


class TokenWindows(Sequence[Example]):
    """Consecutive non-overlapping windows of ``length`` tokens of a memmapped file, as examples whose
    labels are their inputs (the model shifts them: every token but the first is a target)."""

    def __init__(self, path: str | Path, dtype: str, length: int, *, limit: int | None = None) -> None:
        self.tokens = np.memmap(path, dtype=np.dtype(dtype), mode="r")
        self.length = length
        self.n = self.tokens.size // length if self.tokens.size >= length else (1 if self.tokens.size > 1 else 0)
        self.n = min(self.n, limit) if limit else self.n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int | slice) -> Any:  # an Example, or a list of them for a slice
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.n))]
        if not 0 <= i < self.n:
            raise IndexError(i)
        ids = self.tokens[i * self.length:(i + 1) * self.length].astype(np.int64).tolist()
        return Example(input_ids=ids, labels=list(ids), source="tokens")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m trainers.corpus.tokens", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", help="output folder (default: the recipe's objective.tokens)")
    parser.add_argument("--recipe", help="a pretrain recipe: its data.tasks, model.tokenizer and objective.tokens")
    parser.add_argument("--tasks", help="comma-separated EdgeBench tasks whose split texts to tokenize")
    parser.add_argument("--split", default="train", help="the tasks' split (default train)")
    parser.add_argument("--files", nargs="+", default=[], help="text files (.jsonl: a 'text' field per line)")
    parser.add_argument("--tokenizer", default=None, help=f"a model spec whose tokenizer to use (default {DEFAULT_TOKENIZER})")
    parser.add_argument("--val-fraction", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args(argv)
    try:
        from trainers.modeling import load_tokenizer

        tasks = args.tasks.split(",") if args.tasks else []
        out, spec = args.out, args.tokenizer
        if args.recipe:
            from trainers.recipe import load_recipe

            recipe = load_recipe(args.recipe)
            tasks = tasks or ([] if args.files else list(recipe["data"]["tasks"]))
            out = out or recipe["objective"].get("tokens")
            spec = spec or recipe["model"].get("tokenizer") or recipe["model"].get("base")
        if not out:
            raise EdgeBenchError("give an output folder (OUT) or a --recipe whose objective.tokens names one")
        if not tasks and not args.files:
            raise EdgeBenchError("nothing to tokenize: give --tasks, --files or a --recipe with data.tasks")
        tokenizer = load_tokenizer({"tokenizer": spec or DEFAULT_TOKENIZER})

        def texts() -> Iterable[str]:
            yield from task_texts(tasks, tokenizer, args.split) if tasks else ()
            yield from file_texts(args.files)

        meta = prepare(texts(), tokenizer, out, val_fraction=args.val_fraction, seed=args.seed,
                       sources={"tasks": tasks, "split": args.split, "files": [str(f) for f in args.files]})
    except EdgeBenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    files = meta["files"]
    print(f"wrote {out}: train {files['train']['tokens']:,} tokens ({files['train']['documents']} documents), "
          f"val {files['val']['tokens']:,} tokens, {meta['dtype']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
