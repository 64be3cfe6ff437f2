"""Built-in task families and the task configs shipped in ``task_configs``."""
from importlib.resources import files
from pathlib import Path

from edgebench.hookspecs import hookimpl


@hookimpl
def register_tasks(register) -> None:
    from edgebench.tasks.config import ConfigSource, config_name, yaml_files
    from edgebench.tasks.edge_intent import IntentTask

    register(IntentTask.family, IntentTask)
    folder = Path(str(files("task_configs")))
    for path in yaml_files(folder):
        register(config_name(ConfigSource(path, "builtin")), path)
