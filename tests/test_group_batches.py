"""data.group_batches: micro-batches of one prompt group (edge_json's schema), every row once an epoch."""
from collections import Counter

from trainers.fitting.loop import Stream


def _epoch(stream, epoch):
    return [stream.indices(epoch * stream.per_epoch + j) for j in range(stream.per_epoch)]


def test_grouped_batches_hold_one_group_and_every_row_once_an_epoch():
    groups = ["a"] * 7 + ["b"] * 3 + ["c"] * 10
    stream = Stream(len(groups), 4, seed=5, groups=groups)
    assert stream.per_epoch == 2 + 1 + 3  # ceil(7/4) + ceil(3/4) + ceil(10/4)
    first, second = _epoch(stream, 0), _epoch(stream, 1)
    for batches in (first, second):
        assert all(len({groups[i] for i in b}) == 1 and 1 <= len(b) <= 4 for b in batches)
        assert Counter(i for b in batches for i in b) == Counter(range(len(groups)))
    assert first != second                                   # each epoch draws again
    assert _epoch(Stream(len(groups), 4, seed=5, groups=groups), 1) == second  # seeded: a resume sees the same
    # the order of the batches is shuffled, not one group after another
    orders = {tuple(groups[b[0]] for b in _epoch(stream, e)) for e in range(6)}
    assert len(orders) > 1


def test_without_groups_the_stream_is_the_plain_permutation():
    import numpy as np

    plain = Stream(10, 4, seed=3)
    assert plain.per_epoch == 3
    assert sum(_epoch(plain, 0), []) == [int(i) for i in np.random.default_rng([3, 0]).permutation(10)]
    # groups that are all None change nothing
    assert _epoch(Stream(10, 4, seed=3, groups=[None] * 10), 2) == _epoch(plain, 2)


def test_edge_json_rows_carry_their_schema_as_group_only_when_asked(smollm2_folder):
    from transformers import AutoTokenizer

    from trainers.corpus.data import build_sft_data
    from trainers.recipe import load_recipe

    tokenizer = AutoTokenizer.from_pretrained(smollm2_folder)
    grouped = build_sft_data(load_recipe("mlm-135m-json", ["data.limit=12", "data.group_batches=true"]), tokenizer)
    plain = build_sft_data(load_recipe("mlm-135m-json", ["data.limit=12", "data.group_batches=false"]), tokenizer)
    task = grouped.task_docs["edge_json"][0]
    schemas = {f"edge_json:{task.batch_group(d)}" for d in grouped.task_docs["edge_json"][1]}
    assert {e.group for e in grouped.train} == schemas and len(schemas) > 1
    assert all(e.group is None for e in plain.train)
    # rows of one group really share the schema text: a prefix far past the system prompt
    by_group = {}
    for e in grouped.train:
        by_group.setdefault(e.group, []).append(e.input_ids)
    shared = [len(_common_prefix(rows)) for rows in by_group.values() if len(rows) > 1]
    assert shared and min(shared) > 100


def _common_prefix(rows):
    n = 0
    while all(len(r) > n for r in rows) and len({r[n] for r in rows}) == 1:
        n += 1
    return rows[0][:n]
