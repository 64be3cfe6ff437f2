"""Every built-in task with generated data meets the data v2 targets of issue 13 (its own config, as shipped):
>= 200 distinct test templates in >= 40 held-out frames, <= 5 rows per template, no frame on both sides,
>= 5x as many train templates as test templates."""
from collections import Counter

import pytest

from edgebench.tasks.config import discover, select

GENERATED = sorted(name for name in discover() if "generator" in select(name)[0].config["dataset"])


def test_every_built_in_family_generates():
    families = {select(name)[0].family for name in GENERATED}
    assert families == {"intent", "binary_filter", "pii", "json", "funccall", "intent_explain", "guard", "aggregate"}
    assert len(GENERATED) >= 16


@pytest.mark.parametrize("name", GENERATED)
def test_targets(name):
    task = select(name)[0]
    test, train = task.docs("test"), task.docs("train")
    templates = Counter(test["template"])
    if task.family == "aggregate":
        # a row is a case of 5-20 documents, each written from its own templates: the unit is smaller in
        # number and far larger in text (60 cases hold ~760 documents)
        assert len(templates) >= 60 and len(set(test["frame"])) >= 20 and max(templates.values()) == 1
        assert sum(test["n_docs"]) >= 600
        assert not set(test["frame"]) & set(train["frame"]) and not set(templates) & set(train["template"])
        assert len(set(train["template"])) >= 5 * len(templates) and task.cluster_field == "frame"
        return
    assert len(templates) >= 200, f"{name}: {len(templates)} test templates"
    assert len(set(test["frame"])) >= 40 and max(templates.values()) <= 5
    assert not set(test["frame"]) & set(train["frame"]) and not set(templates) & set(train["template"])
    assert len(set(train["template"])) >= 5 * len(templates)
    assert task.cluster_field == "frame"


@pytest.mark.parametrize("name", GENERATED)
def test_the_quality_validator_keeps_every_row(name):
    from edgebench.data.validation import Checks, validate

    task = select(name)[0]
    for split in ("train", "test"):
        rows = task.docs(split).to_list()
        kept, report = validate(rows, task.checks() or Checks())
        assert len(kept) == len(rows), (split, report.as_dict())


@pytest.mark.parametrize("name", ["probe_spam", "probe_toxicity", "probe_intent"])
def test_a_limited_probe_run_sees_every_side(name):
    """`--limit 20` takes the first 20 rows: a probe file grouped by label would score one class only."""
    labels = select(name)[0].docs("test")["label"]
    assert len(set(labels[:20])) >= 2 and len(set(labels[:40])) >= min(len(set(labels)), 10)
