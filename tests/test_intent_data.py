"""The intent generator against its own invariants: determinism, the template split, gold labels."""
from collections import Counter
from importlib.resources import files

import yaml

from edgebench.data.intent import intents
from edgebench.data.store import fingerprint_rows, load_or_build

CATALOG = yaml.safe_load((files("task_configs") / "intents" / "edge_intent_24.yaml").read_text())


def make(seed=1234, per_template=4, test_templates=2):
    return intents.generate(CATALOG, seed=seed, per_template=per_template, test_templates=test_templates)


def test_same_seed_gives_identical_data_and_fingerprint():
    a, b = make(), make()
    assert a == b
    assert fingerprint_rows(a) == fingerprint_rows(b)
    assert fingerprint_rows(make(seed=99)) != fingerprint_rows(a)


def test_catalog_is_large_enough():
    assert len({i["name"] for i in CATALOG["intents"]}) >= 20


def test_test_split_uses_only_templates_train_never_saw():
    data = make()
    train_templates = {r["template"] for r in data["train"]}
    test_templates = {r["template"] for r in data["test"]}
    assert train_templates and test_templates
    assert not train_templates & test_templates
    # every intent is in both splits, with exactly two held-out templates
    per_intent = Counter(t.split("/")[0] for t in test_templates)
    assert set(per_intent) == {i["name"] for i in CATALOG["intents"]}
    assert set(per_intent.values()) == {2}


def test_gold_label_is_the_intent_that_owns_the_template():
    data = make()
    for row in data["train"] + data["test"]:
        intent, index = row["template"].split("/")
        assert row["label"] == intent
        assert row["id"].startswith(f"{intent}/{index}/")
        assert "{" not in row["text"] and "}" not in row["text"]


def test_no_duplicate_texts_within_a_split():
    for rows in make(per_template=8).values():
        texts = [r["text"] for r in rows]
        assert len(texts) == len(set(texts))


def test_store_builds_once_then_reads_the_same_data(tmp_path, monkeypatch):
    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return make()

    params = {"generator": intents.GENERATOR_VERSION, "seed": 1234}
    first, fp1 = load_or_build("t", params, build)
    second, fp2 = load_or_build("t", params, build)
    assert len(calls) == 1 and fp1 == fp2 == fingerprint_rows(make())
    assert first["test"].to_list() == second["test"].to_list() == make()["test"]


CATALOG_200 = yaml.safe_load((files("task_configs") / "intents" / "edge_intent_200.yaml").read_text())


def test_200_catalog_core_subset_and_out_of_scope_class():
    full = intents.generate(CATALOG_200, seed=7, per_template=1, test_templates=2)
    assert len({r["label"] for r in full["train"]}) == 200 == len({r["label"] for r in full["test"]})
    core = intents.generate(CATALOG_200, seed=7, per_template=1, test_templates=2, core_only=True)
    assert len({r["label"] for r in core["test"]}) == 50
    assert {r["label"] for r in core["train"]} <= {i["name"] for i in CATALOG_200["intents"] if i.get("core")}
    oos = intents.generate(CATALOG_200, seed=7, per_template=1, test_templates=2, core_only=True, out_of_scope=True)
    for split in ("train", "test"):
        assert intents.OUT_OF_SCOPE in {r["label"] for r in oos[split]}
    oos_templates = {split: {r["template"] for r in oos[split] if r["label"] == intents.OUT_OF_SCOPE}
                     for split in ("train", "test")}
    assert not oos_templates["train"] & oos_templates["test"]
    assert len(oos_templates["test"]) == len(CATALOG_200["out_of_scope"]) // 3


def test_slot_values_are_kept_with_each_row_and_appear_in_its_text():
    for row in make()["train"]:
        assert all(v in row["text"] for v in row["values"])
