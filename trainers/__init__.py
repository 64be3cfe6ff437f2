"""Reference CycleCore training: trainer types registered through the same hook as any plugin.

``edgebench train RECIPE`` reads a recipe (``trainers.recipe``), finds its trainer type in the
plugin registry (``register_trainers``) and runs it (``trainers.run``).
"""
from __future__ import annotations

from edgebench.errors import EdgeBenchError
from edgebench.hookspecs import hookimpl


@hookimpl
def register_trainers(register) -> None:
    from trainers.kinds.distill import DistillTrainer
    from trainers.kinds.lora_sft import LoraSFTTrainer
    from trainers.kinds.multitask import MultitaskTrainer
    from trainers.kinds.pretrain import PretrainTrainer
    from trainers.kinds.nlm import NLMTrainer

    register(LoraSFTTrainer.name, LoraSFTTrainer)
    register(DistillTrainer.name, DistillTrainer)
    register(MultitaskTrainer.name, MultitaskTrainer)
    register(PretrainTrainer.name, PretrainTrainer)
    register(NLMTrainer.name, NLMTrainer)


def get_trainer(name: str, label: str = "recipe"):
    """The registered trainer class called ``name``; an unknown one fails in one line listing the known."""
    from edgebench.plugins import get_registry

    trainers = get_registry().trainers
    if name not in trainers:
        raise EdgeBenchError(f"recipe '{label}': key 'trainer': unknown trainer type '{name}'; "
                             f"available: {', '.join(sorted(trainers)) or 'none'}")
    return trainers[name]
