"""The sklearn baseline fits one pipeline per task: each task's cost carries its own size and fit time,
the run-level size is the largest and says so, and fitting is kept out of cold start (issue 14, friction 8)."""
import json
import time

import pytest

from edgebench import evaluator
from edgebench.backends.sklearn_baseline import SklearnBackend
from edgebench.evaluator import RunSettings, evaluate
from edgebench.reporting.run_tables import format_cost
from edgebench.tasks.config import select

CONFIG = """task: {name}
family: intent
version: 1
dataset:
  files: {{train: {name}_train.jsonl, test: {name}_test.jsonl}}
prompt:
  template: "{{text}}"
  chat: false
  continuation_prefix: " "
metrics: [top1_acc]
"""
TEXTS = ["refund my invoice", "charged twice on my card", "app crashes at login", "screen freezes on start",
         "parcel never arrived", "track my delivery please"]
# The same train texts under two and three labels: the TF-IDF features are the same, so the logistic
# regression has one weight row + 1 intercept for two classes and three rows + 3 intercepts for three:
# exactly three times the parameters.
LABELS = {"two_way": ["money", "money", "other", "other", "other", "other"],
          "three_way": ["billing", "billing", "tech", "tech", "shipping", "shipping"]}
FIT_PAUSE_S = 1.0


@pytest.fixture
def folder(tmp_path):
    for name, labels in LABELS.items():
        (tmp_path / f"{name}.yaml").write_text(CONFIG.format(name=name))
        rows = [{"text": t, "label": y} for t, y in zip(TEXTS, labels)]
        for split in ("train", "test"):
            (tmp_path / f"{name}_{split}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return tmp_path


def test_each_task_has_its_own_size_and_fit_time_and_cold_start_excludes_fits(folder, monkeypatch):
    made = SklearnBackend._new_pipeline

    def slow_pipeline(self):  # inside the timed fit: a fit that takes at least FIT_PAUSE_S
        time.sleep(FIT_PAUSE_S)
        return made(self)

    monkeypatch.setattr(SklearnBackend, "_new_pipeline", slow_pipeline)
    tasks = select("two_way,three_way", [str(folder)])
    for task in tasks:
        task.docs("test")  # data loaded before the clock starts, as `edgebench run` does
    monkeypatch.setattr(evaluator, "process_start_time", lambda started=time.time(): started)
    results, _ = evaluate(SklearnBackend("sklearn:tfidf-lr"), tasks,
                          RunSettings(progress=False, bootstrap_iters=0))

    two, three = results["cost"]["two_way"], results["cost"]["three_way"]
    assert two["model_parameters"] > 10 and three["model_parameters"] == 3 * two["model_parameters"]
    assert three["model_bytes"] > two["model_bytes"] > 0
    assert two["fit_s"] >= FIT_PAUSE_S and three["fit_s"] >= FIT_PAUSE_S
    edge = results["edge_cost"]
    assert edge["per_task_models"] is True and edge["parameters"] == three["model_parameters"]  # the largest
    assert edge["bytes_on_disk"] == three["model_bytes"]
    assert edge["fit_s"] == pytest.approx(two["fit_s"] + three["fit_s"], abs=1e-3)
    # the first token came after the first task's fit (>= FIT_PAUSE_S); less that fit, little is left
    assert -0.05 <= edge["cold_start_s"] < FIT_PAUSE_S / 2
    assert results["model"]["info"]["parameters"] == three["model_parameters"]

    table = format_cost(results)
    assert "model (one per task, the largest)" in table and "not in cold start" in table
    row = next(line for line in table.splitlines() if "three_way" in line)
    assert f"{three['model_parameters']:,}" in row


def test_a_model_that_is_not_fitted_per_task_adds_nothing_to_cost():
    from edgebench.backends.base import Backend

    assert Backend.task_cost(object()) == {}
    backend = SklearnBackend("sklearn:tfidf-lr")
    assert backend.task_cost() == {} and backend.info()["parameters"] == 0
