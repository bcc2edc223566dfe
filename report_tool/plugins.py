"""The plugin manager: built-ins, installed packages (entry point group `report_tool`) and
one-off files from --plugins-dir, all through the same hooks.

REPORT_TOOL_PLUGINS=name,name restricts which outside plugins load (empty: none).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pluggy

from report_tool import hookspecs
from report_tool.issues import Issue, Severity

ENTRY_POINT_GROUP = "report_tool"
ALLOW_VARIABLE = "REPORT_TOOL_PLUGINS"
DEFAULT_PLUGINS = (
    "report_tool.schema",
    "report_tool.checks",
    "report_tool.sections",
)


class PluginError(Exception):
    """A plugin could not be loaded, or failed while building a report; the message names it."""


@dataclass(frozen=True)
class SectionSpec:
    """A report section: where it goes (built-ins use 10, 20, ... 90) and which reports show it."""

    key: str
    build: Callable[[Any], Any]  # ReportContext -> blocks.Section, or None to say nothing
    order: int = 75
    formats: tuple[str, ...] = ("docx", "xlsx")


_manager: pluggy.PluginManager | None = None
_versions: dict[str, str] = {}  # installed plugin name -> its distribution's version


def manager() -> pluggy.PluginManager:
    """The one plugin manager, with the built-ins and (outside tests) installed plugins."""
    global _manager
    if _manager is None:
        pm = pluggy.PluginManager("report_tool")
        pm.add_hookspecs(hookspecs)
        for name in DEFAULT_PLUGINS:
            pm.register(importlib.import_module(name), name=name)
        if not getattr(sys, "_called_from_test", False):
            load_entry_points(pm)
        _manager = pm
    return _manager


def _allowed(name: str) -> bool:
    allowed = os.environ.get(ALLOW_VARIABLE)
    return allowed is None or name in {n.strip() for n in allowed.split(",") if n.strip()}


def load_entry_points(pm: pluggy.PluginManager | None = None) -> None:
    """Installed plugins: packages that declare an entry point in the `report_tool` group."""
    from importlib.metadata import entry_points

    pm = pm or manager()
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        if not _allowed(entry_point.name) or pm.has_plugin(entry_point.name):
            continue
        try:
            plugin = entry_point.load()
        except Exception as exc:
            raise PluginError(
                f"the installed plugin {entry_point.name!r} could not be loaded: {exc}"
            ) from exc
        pm.register(plugin, name=entry_point.name)
        if entry_point.dist is not None:
            _versions[entry_point.name] = entry_point.dist.version


def load_plugins_dir(folder: Path) -> list[str]:
    """Every *.py in `folder` as a plugin named after its file, so staff can try one unpackaged."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PluginError(f"{folder}: no such plugins folder")
    loaded = []
    pm = manager()
    for path in sorted(folder.glob("*.py")):
        name = path.stem
        if not _allowed(name) or pm.has_plugin(name):
            continue
        spec = importlib.util.spec_from_file_location(f"report_tool_plugin_{name}", path)
        if spec is None or spec.loader is None:
            raise PluginError(f"{path}: cannot be loaded as a plugin")
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            raise PluginError(f"{path}: the plugin failed to load: {type(exc).__name__}: {exc}") from exc
        pm.register(module, name=name)
        loaded.append(name)
    return loaded


def _results(hook_name: str) -> Iterator[tuple[str, Any]]:
    """(plugin name, item) for every item every plugin returns from the hook, built-ins first."""
    pm = manager()
    hook = getattr(pm.hook, hook_name)
    for impl in hook.get_hookimpls():  # in the order they were registered
        name = pm.get_name(impl.plugin) or repr(impl.plugin)
        try:
            items = impl.function() or []
        except Exception as exc:
            raise PluginError(f"plugin {name!r} failed in {hook_name}: {type(exc).__name__}: {exc}") from exc
        for item in items:
            yield name, item


def is_builtin(plugin_name: str) -> bool:
    return plugin_name in DEFAULT_PLUGINS


# -- what the plugins provide -----------------------------------------------------------------------


def sheets() -> tuple[Any, ...]:
    """Every sheet: the built-ins with any columns plugins add, then the plugins' own sheets."""
    from report_tool.schema import SETTINGS, Sheet

    merged: dict[str, Sheet] = {}
    for _, sheet in _results("register_sheets"):
        key = sheet.name.casefold()
        if key in merged:
            base = merged[key]
            known = {c.header.casefold() for c in base.columns}
            extra = tuple(c for c in sheet.columns if c.header.casefold() not in known)
            merged[key] = replace(base, columns=base.columns + extra, unique=base.unique + sheet.unique)
        else:
            merged[key] = sheet
    keys = setting_keys()
    settings = merged.get(SETTINGS.name.casefold())
    if settings is not None and len(keys) > len(settings.column("setting").choices):
        setting = replace(settings.column("setting"), choices=keys)
        merged[SETTINGS.name.casefold()] = replace(
            settings, columns=tuple(setting if c.key == "setting" else c for c in settings.columns)
        )
    return tuple(merged.values())


def setting_keys() -> tuple[str, ...]:
    from report_tool.schema import SETTING_KEYS

    extra = [key for _, key in _results("register_settings") if key not in SETTING_KEYS]
    return SETTING_KEYS + tuple(dict.fromkeys(extra))


def find_sheet(name: str) -> Any | None:
    from report_tool.schema import normalise_header

    wanted = normalise_header(name)
    return next((s for s in sheets() if normalise_header(s.name) == wanted), None)


def sheet_order() -> dict[str, int]:
    return {sheet.name: index for index, sheet in enumerate(sheets())}


def checks() -> list[tuple[str, Any]]:
    """(plugin name, check instance) for every check, built-ins first."""
    return [(name, item() if isinstance(item, type) else item) for name, item in _results("register_checks")]


def run_checks(context: Any) -> list[Issue]:
    """Every check's issues. A plugin check that raises becomes one error naming it; the rest run."""
    found: list[Issue] = []
    for name, check in checks():
        if is_builtin(name):
            found.extend(check.run(context))
            continue
        try:
            found.extend(list(check.run(context)))
        except Exception as exc:
            found.append(
                Issue(
                    "plugin-check-failed",
                    Severity.ERROR,
                    f"The check {type(check).__name__} of the plugin {name!r} failed: "
                    f"{type(exc).__name__}: {exc}",
                    hint="the other checks ran; tell the plugin's authors, or run without the plugin",
                )
            )
    return found


def sections() -> list[tuple[str, SectionSpec]]:
    """(plugin name, section) in report order."""
    found = list(_results("register_sections"))
    return sorted(found, key=lambda item: item[1].order)


def build_sections(context: Any, output_format: str | None = None) -> list[Any]:
    """The sections for one report; a plugin section that raises stops generation, naming it."""
    built = []
    for name, spec in sections():
        if output_format is not None and output_format not in spec.formats:
            continue
        try:
            section = spec.build(context)
        except Exception as exc:
            if is_builtin(name):
                raise
            raise PluginError(
                f"the section {spec.key!r} of the plugin {name!r} failed: {type(exc).__name__}: {exc}; "
                "no report was written"
            ) from exc
        if section is not None:
            built.append(section)
    return built


def describe() -> list[dict[str, Any]]:
    """Each plugin with its hooks and version, for `report-tool plugins`."""
    from report_tool import __version__

    pm = manager()
    described = []
    for plugin in pm.get_plugins():
        name = pm.get_name(plugin) or repr(plugin)
        hooks = sorted(caller.name for caller in pm.get_hookcallers(plugin) or [])
        plugin_version = (
            __version__ if is_builtin(name) else _versions.get(name, getattr(plugin, "__version__", None))
        )
        described.append(
            {"name": name, "builtin": is_builtin(name), "hooks": hooks, "version": plugin_version}
        )
    return sorted(described, key=lambda d: (not d["builtin"], d["name"]))
