"""Built-in task families and the task configs shipped in ``task_configs``."""
from importlib.resources import files
from pathlib import Path

from edgebench.hookspecs import hookimpl


@hookimpl
def register_tasks(register) -> None:
    from edgebench.tasks.config import ConfigSource, config_name, yaml_files
    from edgebench.tasks.edge_funccall import EdgeFuncCallTask
    from edgebench.tasks.edge_intent import IntentTask
    from edgebench.tasks.edge_json import EdgeJSONTask
    from edgebench.tasks.filters import BinaryFilterTask, PIITask
    from edgebench.tasks.modes.aggregate import AggregateTask
    from edgebench.tasks.modes.explain import IntentExplainTask
    from edgebench.tasks.modes.guard import GuardTask
    from edgebench.tasks.modes.verify import VerifyTask

    for family in (IntentTask, EdgeJSONTask, EdgeFuncCallTask, BinaryFilterTask, PIITask, VerifyTask,
                   IntentExplainTask, AggregateTask, GuardTask):
        register(family.family, family)
    folder = Path(str(files("task_configs")))
    for path in yaml_files(folder):
        register(config_name(ConfigSource(path, "builtin")), path)
