"""``data.val_group``: validation holds out whole groups of train rows (templates), so validation loss
measures generalisation to unseen templates; without it, single rows are held out as before."""
from __future__ import annotations

from collections import Counter

import pytest


def _rows(task_name: str, **cfg):
    from edgebench.tasks.config import select
    from trainers.corpus.data import _task_rows

    task = select(task_name, [])[0]
    data_cfg = {"split": "train", "validation_split": "validation", "val_fraction": 0.1, "limit": None,
                "val_limit": None, **cfg}
    return task, _task_rows(task, data_cfg, seed=7)


def test_val_group_holds_out_whole_templates():
    task, (train, validation) = _rows("edge_spam", val_group="template")
    everything = task.docs("train")
    groups = Counter(everything["template"])
    held = {doc["template"] for doc in validation}
    assert held and not held & {doc["template"] for doc in train}          # no template on both sides
    assert len(train) + len(validation) == len(everything)                 # nothing lost, nothing repeated
    assert sorted(d["id"] for d in train + validation) == sorted(everything["id"])
    assert len(held) == round(len(groups) * 0.1)                           # a share of the groups
    assert len(validation) == sum(groups[t] for t in held)                 # each held group whole
    again = _rows("edge_spam", val_group="template")[1][1]
    assert [d["id"] for d in again] == [d["id"] for d in validation]       # seeded


def test_without_val_group_single_rows_are_held_out():
    task, (train, validation) = _rows("edge_spam")
    assert len(validation) == round(len(task.docs("train")) * 0.1)
    # rows of one template land on both sides: the held-in validation of before
    assert {d["template"] for d in validation} & {d["template"] for d in train}


def test_val_group_naming_a_missing_field_fails_in_one_line():
    from edgebench.errors import EdgeBenchError

    with pytest.raises(EdgeBenchError, match=r"data.val_group: task 'edge_spam' rows have no field 'family'") as err:
        _rows("edge_spam", val_group="family")
    assert "\n" not in str(err.value)
