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
from edgebench.errors import EdgeBenchError

ENTRY_POINT_GROUP = "edgebench"
ALLOWLIST_ENV = "EDGEBENCH_LOAD_PLUGINS"
OVERRIDES_ENV = "EDGEBENCH_PLUGIN_OVERRIDES"
HOOKS = ("register_tasks", "register_backends", "register_trainers", "register_metrics", "register_models")
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
    models: dict[str, Any] = field(default_factory=dict)   # name -> shipped model folder
    owners: dict[tuple[str, str], str] = field(default_factory=dict)
    plugins: list[PluginInfo] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    clashes: list[str] = field(default_factory=list)


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
    installed = {ep.name for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)}
    for name in sorted((allow or set()) - installed):
        print(f"warning: {ALLOWLIST_ENV} names '{name}', which is not an installed edgebench plugin "
              f"(installed: {', '.join(sorted(installed)) or 'none'})", file=sys.stderr)
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if allow is not None and ep.name not in allow:
            continue
        if pm.has_plugin(ep.name):
            continue
        try:
            plugin = ep.load()
            pm.register(plugin, name=ep.name)
        except (Exception, SystemExit) as exc:  # a broken plugin must never take the harness down
            registry.failed[ep.name] = f"{type(exc).__name__}: {exc}"
            print(f"warning: edgebench plugin '{ep.name}' ({ep.value}) failed to load and was "
                  f"skipped: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        version = ep.dist.version if ep.dist is not None else "unknown"
        registry.plugins.append(PluginInfo(ep.name, version, builtin=False))
    return pm, registry


def _overrides() -> set[str]:
    """Plugins the user lets replace built-in names (``EDGEBENCH_PLUGIN_OVERRIDES=a,b``)."""
    return {name.strip() for name in os.environ.get(OVERRIDES_ENV, "").split(",") if name.strip()}


def _collect(pm: pluggy.PluginManager, registry: Registry) -> None:
    """Call each hook implementation on its own so every registered name knows its plugin.

    Built-ins register first. A plugin's names are staged and kept only if its hook finishes; a name
    that is not a string makes the hook fail. A name already taken is a clash: an error naming both
    plugins (in ``registry.clashes``), unless the user allowed that plugin to override built-ins."""
    infos = {info.name: info for info in registry.plugins}
    allowed = _overrides()
    for hook_name in HOOKS:
        kind = hook_name.removeprefix("register_")
        table: dict[str, Any] = getattr(registry, kind)
        impls = getattr(pm.hook, hook_name).get_hookimpls()
        impls = sorted(impls, key=lambda impl: impl.plugin_name not in BUILTIN_MODULES)  # stable: built-ins first
        for impl in impls:
            owner = impl.plugin_name
            staged: dict[str, Any] = {}

            def register(name: str, obj: Any, *, _owner: str = owner, _staged=staged, _kind=kind) -> None:
                if not isinstance(name, str) or not name:
                    raise TypeError(f"a {_kind[:-1]} name must be a non-empty string, not {name!r}")
                _staged[name] = obj

            try:
                impl.function(register=register)
            except Exception as exc:  # same rule as a failed import: name it, skip it
                registry.failed[owner] = f"{type(exc).__name__}: {exc}"
                print(f"warning: edgebench plugin '{owner}' failed in {hook_name} and was skipped: "
                      f"{type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            for name, obj in staged.items():
                holder = registry.owners.get((kind, name))
                if holder is not None and holder != owner:
                    if holder in BUILTIN_MODULES and owner in allowed:
                        print(f"warning: {kind[:-1]} '{name}' of plugin '{owner}' replaces the built-in one "
                              f"({OVERRIDES_ENV})", file=sys.stderr)
                    else:
                        why = ("is built in" if holder in BUILTIN_MODULES else f"is registered by plugin '{holder}'")
                        fix = (f"uninstall one of them, or let it replace the built-in with {OVERRIDES_ENV}={owner}"
                               if holder in BUILTIN_MODULES else "uninstall one of them or leave one out with "
                               f"{ALLOWLIST_ENV}")
                        registry.clashes.append(f"plugin '{owner}' registers {kind[:-1]} '{name}', which {why}; {fix}")
                        continue
                table[name] = obj
                registry.owners[(kind, name)] = owner
            if owner in infos and hook_name not in infos[owner].hooks:
                infos[owner].hooks.append(hook_name)


@lru_cache(maxsize=1)
def _load_registry() -> Registry:
    """Load the plugins once per process and return what they registered."""
    pm, registry = _build_manager()
    _collect(pm, registry)
    return registry


def get_registry() -> Registry:
    """What the plugins registered; a name clash between them is an error (one line, every command)."""
    registry = _load_registry()
    if registry.clashes:
        raise EdgeBenchError(registry.clashes[0] + (f" (and {len(registry.clashes) - 1} more clash(es))"
                                                    if len(registry.clashes) > 1 else ""))
    return registry
