"""The whole plugin contract. Each hook receives a ``register(name, obj)`` callback.

A plugin is a module (or object) with functions decorated by ``edgebench.hookimpl``,
exposed through an entry point of group ``edgebench``.
"""
from typing import Callable

import pluggy

hookspec = pluggy.HookspecMarker("edgebench")
hookimpl = pluggy.HookimplMarker("edgebench")

Register = Callable[..., None]


@hookspec
def register_tasks(register: Register) -> None:
    """Register task families ``register(family, TaskClass)`` and task configs
    ``register(task_name, path_to_yaml)``."""


@hookspec
def register_backends(register: Register) -> None:
    """Register model backends by spec scheme: ``register("hf", BackendClass)``."""


@hookspec
def register_trainers(register: Register) -> None:
    """Register trainer types that training recipes name: ``register("lora_sft", TrainerClass)``."""


@hookspec
def register_metrics(register: Register) -> None:
    """Register metric functions a task config may name: ``register("top1_acc", fn)``.

    A metric takes the list of per-sample records and returns one float."""


@hookspec
def register_models(register: Register) -> None:
    """Register shipped models by name, ``register("CycleCore-NLM-5M-Filter", folder)``: a Hugging Face
    folder, or an adapter folder with ``edgebench-model.json`` rebuilt on the embedded model on first use
    (``edgebench.shipped_models``). ``hf:NAME`` then loads it offline."""
