"""Plugin manager: the built-ins and installed entry points (group ``edgebench``) through the same hooks.

``EDGEBENCH_LOAD_PLUGINS=a,b`` loads only the named entry points; set to an empty string it loads
none (built-ins always load). A plugin that fails to import is named in a warning and skipped.
"""
from __future__ import annotations

import importlib
import importlib.metadata
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pluggy

from edgebench import hookspecs

ENTRY_POINT_GROUP = "edgebench"
ALLOWLIST_ENV = "EDGEBENCH_LOAD_PLUGINS"
HOOKS = ("register_tasks", "register_backends", "register_trainers", "register_metrics")
BUILTIN_MODULES = ("edgebench.backends", "edgebench.tasks", "edgebench.metrics", "trainers")


@dataclass
class PluginInfo:
    name: str
    version: str
    builtin: bool
    hooks: list[str] = field(default_factory=list)


@dataclass
class Registry:
    """Everything the plugins registered, with the plugin that registered each name."""

    tasks: dict[str, Any] = field(default_factory=dict)
    backends: dict[str, Any] = field(default_factory=dict)
    trainers: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    owners: dict[tuple[str, str], str] = field(default_factory=dict)
    plugins: list[PluginInfo] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def _allowlist() -> set[str] | None:
    raw = os.environ.get(ALLOWLIST_ENV)
    if raw is None:
        return None
    return {name.strip() for name in raw.split(",") if name.strip()}


def _build_manager() -> tuple[pluggy.PluginManager, Registry]:
    from edgebench import __version__

    pm = pluggy.PluginManager("edgebench")
    pm.add_hookspecs(hookspecs)
    registry = Registry()
    for modname in BUILTIN_MODULES:
        pm.register(importlib.import_module(modname), name=modname)
        registry.plugins.append(PluginInfo(modname, __version__, builtin=True))

    allow = _allowlist()
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if allow is not None and ep.name not in allow:
            continue
        if pm.has_plugin(ep.name):
            continue
        try:
            plugin = ep.load()
            pm.register(plugin, name=ep.name)
        except Exception as exc:  # a broken plugin must never take the harness down
            registry.failed[ep.name] = f"{type(exc).__name__}: {exc}"
            print(f"warning: edgebench plugin '{ep.name}' ({ep.value}) failed to load and was "
                  f"skipped: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        version = ep.dist.version if ep.dist is not None else "unknown"
        registry.plugins.append(PluginInfo(ep.name, version, builtin=False))
    return pm, registry


def _collect(pm: pluggy.PluginManager, registry: Registry) -> None:
    """Call each hook implementation on its own so every registered name knows its plugin."""
    infos = {info.name: info for info in registry.plugins}
    for hook_name in HOOKS:
        kind = hook_name.removeprefix("register_")
        table: dict[str, Any] = getattr(registry, kind)
        # pluggy lists implementations last-registered first; built-ins first keeps their names
        # from being silently replaced by a plugin (the plugin's duplicate is reported instead).
        for impl in reversed(getattr(pm.hook, hook_name).get_hookimpls()):
            owner = impl.plugin_name

            def register(name: str, obj: Any, *, _owner: str = owner, _table=table, _kind=kind) -> None:
                if name in _table:
                    print(f"warning: {_kind[:-1]} '{name}' from plugin '{_owner}' is already registered by "
                          f"'{registry.owners[(_kind, name)]}'; keeping the first", file=sys.stderr)
                    return
                _table[name] = obj
                registry.owners[(_kind, name)] = _owner

            try:
                impl.function(register=register)
            except Exception as exc:  # same rule as a failed import: name it, skip it
                registry.failed[owner] = f"{type(exc).__name__}: {exc}"
                print(f"warning: edgebench plugin '{owner}' failed in {hook_name} and was skipped: "
                      f"{type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            if owner in infos and hook_name not in infos[owner].hooks:
                infos[owner].hooks.append(hook_name)


@lru_cache(maxsize=1)
def get_registry() -> Registry:
    """Load the plugins once per process and return what they registered."""
    pm, registry = _build_manager()
    _collect(pm, registry)
    return registry
