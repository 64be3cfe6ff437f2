"""Task configs: find them (built-in, plugins, ``--include-path``), read, validate, build tasks."""
from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import jsonschema
import yaml

from edgebench.errors import EdgeBenchError

# What every config has; a family adds its own keys through ``Task.config_schema``.
BASE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["task", "family", "version", "dataset"],
    "properties": {
        "task": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+$"},
        "family": {"type": "string"},
        "version": {"type": ["integer", "string"]},
        "description": {"type": "string"},
        "dataset": {"type": "object"},
        "metrics": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "breakdown": {"type": "array", "items": {"type": "string"}},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}


@dataclass(frozen=True)
class ConfigSource:
    """Where a task config lives: a file, or a resource inside an installed package."""

    path: Path
    origin: str  # "builtin", a plugin's name, or "include-path"
    shadows: str | None = None  # the config of the same task name this one replaces (a user's choice)

    @property
    def label(self) -> str:
        return str(self.path)


def read_config(source: ConfigSource) -> dict[str, Any]:
    """Parse and validate the common keys; every problem is one line naming the file."""
    if source.path.is_dir():
        raise EdgeBenchError(f"task config '{source.label}' is a folder; name a YAML file (or pass the folder "
                             f"as --include-path)")
    try:
        text = source.path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EdgeBenchError(f"task config '{source.label}' does not exist; check the path") from None
    except UnicodeDecodeError as exc:
        raise EdgeBenchError(f"task config '{source.label}' is not UTF-8 text (byte {exc.start + 1}); "
                             f"is it a YAML file?") from None
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise EdgeBenchError(f"task config '{source.label}' is not valid YAML{where}: {problem}; fix the file") from None
    if not isinstance(config, dict):
        raise EdgeBenchError(f"task config '{source.label}' must be a YAML mapping with keys task, family, version, dataset")
    validate_schema(config, BASE_SCHEMA, source)
    return config


def validate_schema(config: dict, schema: dict, source: ConfigSource) -> None:
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(config))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise EdgeBenchError(f"task config '{source.label}': {where}: {error.message}; fix the config "
                             f"(check it with 'edgebench validate')")


def config_name(source: ConfigSource) -> str:
    """The task name a config declares, or its file stem when it cannot be read (it fails on use)."""
    try:
        config = yaml.safe_load(source.path.read_text(encoding="utf-8"))
        if isinstance(config, dict) and isinstance(config.get("task"), str):
            return config["task"]
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        pass  # an unreadable file: named by its stem, it fails in one line when a command uses it
    return Path(source.path.name).stem


def yaml_files(folder: Path) -> Iterable[Path]:
    """Task configs directly in a folder (data files the configs name live in subfolders)."""
    return sorted((p for p in folder.iterdir() if p.is_file() and p.name.endswith((".yaml", ".yml"))),
                  key=lambda p: p.name)


def discover(include_paths: Iterable[str | Path] = ()) -> dict[str, ConfigSource]:
    """Every known task config by name: plugins' (built-ins included) first, then include paths."""
    from edgebench.plugins import get_registry

    registry = get_registry()
    index: dict[str, ConfigSource] = {}
    for name, obj in registry.tasks.items():
        if not isinstance(obj, type):  # classes are families; anything else is a config location
            origin = registry.owners[("tasks", name)]
            # importlib.resources locations of installed (unzipped) packages are plain paths
            index[name] = ConfigSource(Path(str(obj)), origin)
    for raw in include_paths:
        folder = Path(raw).expanduser()
        if not folder.is_dir():
            raise EdgeBenchError(f"--include-path '{raw}' is not a folder; give a folder of task YAML files")
        for path in yaml_files(folder):
            source = ConfigSource(path, "include-path")
            name = config_name(source)
            earlier = index.get(name)
            if earlier is not None and earlier.path.resolve() == path.resolve():
                continue  # the same folder given twice
            if earlier is not None and earlier.origin == "include-path":
                raise EdgeBenchError(f"task '{name}' is declared by two configs, '{earlier.label}' and "
                                     f"'{source.label}'; rename one (its 'task:' key)")
            if earlier is not None:
                # a user's config may replace a built-in of that name: said, and recorded in results.json
                print(f"warning: task '{name}' from '{source.label}' replaces the one in '{earlier.label}'",
                      file=sys.stderr)
                source = ConfigSource(path, "include-path", shadows=earlier.label)
            index[name] = source
    return index


def families() -> dict[str, type]:
    from edgebench.plugins import get_registry

    return {name: obj for name, obj in get_registry().tasks.items() if isinstance(obj, type)}


def build_task(source: ConfigSource):
    """Read a config and build its task: family known, family keys valid, metrics registered."""
    from edgebench.plugins import get_registry

    config = read_config(source)
    family = families().get(config["family"])
    if family is None:
        raise EdgeBenchError(f"task config '{source.label}': unknown family '{config['family']}'; "
                             f"available: {', '.join(sorted(families()))}")
    validate_schema(config, family.config_schema, source)
    allowed = set(BASE_SCHEMA["properties"]) | set(family.config_schema.get("properties", {}))
    for key in config:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            raise EdgeBenchError(f"task config '{source.label}': unknown key '{key}'"
                                 + (f" (did you mean '{close[0]}'?)" if close else "")
                                 + f"; the {config['family']} family takes: {', '.join(sorted(allowed))}")
    known = get_registry().metrics
    lineage = {c.__dict__["family"] for c in family.__mro__ if isinstance(c.__dict__.get("family"), str)}
    for metric in config.get("metrics", family.default_metrics):
        if metric not in known:
            raise EdgeBenchError(f"task config '{source.label}': unknown metric '{metric}'; "
                                 f"available: {', '.join(sorted(known))}")
        fits = getattr(known[metric], "families", None)
        if fits is not None and not lineage & set(fits):
            usable = sorted(n for n, fn in known.items() if lineage & set(getattr(fn, "families", ()) or ()))
            raise EdgeBenchError(f"task config '{source.label}': metric '{metric}' scores {', '.join(fits)} tasks, "
                                 f"not {config['family']}; use one of: {', '.join(usable)}")
    return family(config, source)


def tags(index: dict[str, ConfigSource]) -> dict[str, list[str]]:
    """Tag -> task names, from each config's ``tags`` list (a tag names a group of tasks)."""
    out: dict[str, list[str]] = {}
    for name, source in sorted(index.items()):
        try:
            config = yaml.safe_load(source.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        for tag in (config or {}).get("tags", []) if isinstance(config, dict) else []:
            out.setdefault(str(tag), []).append(name)
    return out


def select(names: str, include_paths: Iterable[str | Path] = (), index: dict[str, ConfigSource] | None = None) -> list:
    """``all``, or a comma-separated list of task names, tags or YAML paths -> built tasks (``index``:
    an earlier ``discover(include_paths)``, so that its warnings are said once)."""
    index = discover(include_paths) if index is None else index
    wanted = sorted(index) if names.strip() == "all" else [n.strip() for n in names.split(",") if n.strip()]
    if not wanted:
        raise EdgeBenchError("--tasks is empty; name tasks (see 'edgebench tasks') or use 'all'")
    groups = tags(index)
    expanded: list[str] = []
    for name in wanted:
        for member in ([name] if name in index else groups.get(name, [name])):
            if member not in expanded:
                expanded.append(member)
    tasks = []
    for name in expanded:
        if name in index:
            tasks.append(build_task(index[name]))
        elif name.endswith((".yaml", ".yml")) and Path(name).is_file():
            tasks.append(build_task(ConfigSource(Path(name), "path")))
        else:
            raise EdgeBenchError(f"unknown task '{name}'; available: {', '.join(sorted(index))}; tags: "
                                 f"{', '.join(sorted(groups)) or 'none'} (or pass --include-path DIR for your own configs)")
    return tasks
