"""The data card's diversity and leakage report: how many surface patterns a split really has, and
whether test rows have near-copies in train (a leak that would let a model pass by memory)."""
from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

NEAR_COPY = 0.9  # TF-IDF cosine above which a test row counts as a near-copy of a train row
_WORD = re.compile(r"\w+")


def trigrams_per_1000(texts: Sequence[str]) -> float:
    """Distinct word 3-grams per 1,000 rows: rises with real variety, not with slot values alone."""
    grams = set()
    for text in texts:
        words = _WORD.findall(text.lower())
        grams.update(zip(words, words[1:], words[2:]))
    return round(1000 * len(grams) / max(1, len(texts)), 1)


def nearest_train_cosine(test: Sequence[str], train: Sequence[str], chunk: int = 512) -> list[float]:
    """For each test text, its highest TF-IDF cosine (word 1-2 grams) to any train text."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not test or not train:
        return []
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit([*train, *test])
    a, b = vectorizer.transform(test), vectorizer.transform(train)  # rows are L2-normalised
    best: list[float] = []
    for start in range(0, a.shape[0], chunk):
        best.extend((a[start:start + chunk] @ b.T).max(axis=1).toarray().ravel().tolist())
    return best


def report(splits: Mapping[str, Sequence[Mapping[str, Any]]], text_field: str = "text",
           template_field: str = "template") -> dict[str, Any]:
    """Per split: rows, distinct templates (when rows name one), 3-grams per 1,000 rows; and for the
    test split its nearest-train cosine (mean, share above ``NEAR_COPY``) and templates also in train."""
    out: dict[str, Any] = {}
    for split, rows in splits.items():
        texts = [str(r.get(text_field, "")) for r in rows]
        entry = {"rows": len(rows), "trigrams_per_1000_rows": trigrams_per_1000(texts)}
        if rows and template_field in rows[0]:
            entry["templates"] = len({r.get(template_field) for r in rows})
        out[split] = entry
    if "test" in splits and "train" in splits:
        cos = nearest_train_cosine([str(r.get(text_field, "")) for r in splits["test"]],
                                   [str(r.get(text_field, "")) for r in splits["train"]])
        train_templates = {r.get(template_field) for r in splits["train"]}
        out["leakage"] = {
            "test_nearest_train_cosine_mean": round(sum(cos) / len(cos), 4) if cos else None,
            "test_share_near_copy": round(sum(c > NEAR_COPY for c in cos) / len(cos), 4) if cos else None,
            "near_copy_threshold": NEAR_COPY,
            "test_templates_in_train": sum(1 for t in {r.get(template_field) for r in splits["test"]}
                                           if t is not None and t in train_templates),
        }
    return out
