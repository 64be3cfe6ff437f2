"""Does what is learnt on a generated train split transfer to the hand-written probes? One run, side by side.

For each data version of a task, the TF-IDF + logistic-regression baseline (the ``sklearn:tfidf-lr``
pipeline) is fitted on the generated train split and scored on the generated test split and on the
probe task's messages: accuracy, F1 of the positive label and AUROC (binary filters), or accuracy and
macro-F1 (intents: ``--task edge_intent --probe probe_intent``). A data version whose probe figures
are close to its test figures transfers; one whose test figures are high and probe figures low has
taught its own templates.

    python benchmarks/probe_transfer.py [--task edge_spam] [--probe probe_spam] [--versions 1,2]
"""
from __future__ import annotations

import argparse
import copy
import time

from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

from edgebench.backends.sklearn_baseline import SklearnBackend
from edgebench.machine.hardware import cpu_flags
from edgebench.tasks.config import ConfigSource, select
from edgebench.tasks.edge_intent import IntentTask


V2_ONLY = ("version", "rows", "test_rows", "test_share", "typo_rate", "test_templates")
GENERATED = ("generator", "seed", "catalog", "core_only", "out_of_scope")


def with_version(task: IntentTask, version: int) -> IntentTask:
    """The task with its generated data at ``version``, each version's own defaults for the rest."""
    config = copy.deepcopy(task.config)
    config["dataset"] = {k: v for k, v in config["dataset"].items() if k in GENERATED}
    if version == 2:
        config["dataset"]["version"] = 2
    return type(task)(config, ConfigSource(task.source.path, task.source.origin))


def scores(pipeline, texts, labels, positive):
    pred = pipeline.predict(texts)
    if positive is None:  # many classes: accuracy and macro-F1
        return {"acc": accuracy_score(labels, pred), "f1": f1_score(labels, pred, average="macro"), "auroc": float("nan")}
    proba = pipeline.predict_proba(texts)[:, list(pipeline.classes_).index(positive)]
    truth = [label == positive for label in labels]
    return {"acc": accuracy_score(labels, pred), "f1": f1_score(truth, [p == positive for p in pred]),
            "auroc": roc_auc_score(truth, proba)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", default="edge_spam")
    parser.add_argument("--probe", default="probe_spam")
    parser.add_argument("--versions", default="1,2")
    args = parser.parse_args()
    base = select(args.task)[0]
    probe = select(args.probe)[0].docs("test")
    print(f"CPU: {cpu_flags()[0]}; task {args.task}, probes {args.probe} ({len(probe)} messages)")
    print(f"{'data':<8} {'train':>6} {'test':>5} {'tpl':>5} | {'test acc':>8} {'test F1':>7} {'AUROC':>6} | "
          f"{'probe acc':>9} {'probe F1':>8} {'AUROC':>6} | fit s")
    for version in (int(v) for v in args.versions.split(",")):
        task = with_version(base, version)
        train, test = task.dataset["train"], task.dataset["test"]
        started = time.perf_counter()
        pipeline = SklearnBackend("sklearn:tfidf-lr")._new_pipeline().fit(list(train["text"]), list(train["label"]))
        fit = time.perf_counter() - started
        t = scores(pipeline, list(test["text"]), list(test["label"]), getattr(task, "positive", None))
        p = scores(pipeline, list(probe["text"]), list(probe["label"]), getattr(task, "positive", None))
        print(f"v{version:<7} {len(train):>6} {len(test):>5} {len(set(test['template'])):>5} | {t['acc']:>8.3f} "
              f"{t['f1']:>7.3f} {t['auroc']:>6.3f} | {p['acc']:>9.3f} {p['f1']:>8.3f} {p['auroc']:>6.3f} | {fit:.1f}")


if __name__ == "__main__":
    main()
