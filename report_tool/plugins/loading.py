"""Loading plugins, once, at the entry point: installed packages (entry point group `report_tool`)
and one-off files from --plugins-dir, into a Registry that is passed down from there.

REPORT_TOOL_PLUGINS=name,name restricts which outside plugins load (empty: none).
REPORT_TOOL_ENTRY_POINTS=0 leaves installed packages out (the test suite sets it).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

from report_tool.errors import PluginLoadError
from report_tool.plugins.registry import Registry, SectionSpec

__all__ = ["ALLOW_VARIABLE", "ENTRY_POINTS_VARIABLE", "Registry", "SectionSpec", "load"]

ENTRY_POINT_GROUP = "report_tool"
ALLOW_VARIABLE = "REPORT_TOOL_PLUGINS"
ENTRY_POINTS_VARIABLE = "REPORT_TOOL_ENTRY_POINTS"


def load(plugins_dir: Path | None = None, entry_points: bool | None = None) -> Registry:
    """The registry for one run: built-ins, installed plugins (unless switched off) and a folder's."""
    if entry_points is None:
        entry_points = os.environ.get(ENTRY_POINTS_VARIABLE, "1").strip() not in ("0", "")
    registry = Registry()
    if entry_points:
        load_entry_points(registry)
    if plugins_dir is not None:
        load_plugins_dir(registry, plugins_dir)
    return registry


def _allowed(name: str) -> bool:
    allowed = os.environ.get(ALLOW_VARIABLE)
    return allowed is None or name in {n.strip() for n in allowed.split(",") if n.strip()}


def load_entry_points(registry: Registry) -> None:
    """Installed plugins: packages that declare an entry point in the `report_tool` group."""
    from importlib.metadata import entry_points

    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        if not _allowed(entry_point.name) or registry.has_plugin(entry_point.name):
            continue
        try:
            plugin = entry_point.load()
        except Exception as exc:
            raise PluginLoadError(
                f"the installed plugin {entry_point.name!r} could not be loaded: {type(exc).__name__}: {exc}"
            ) from exc
        version = entry_point.dist.version if entry_point.dist is not None else None
        registry.register(plugin, entry_point.name, version)


def load_plugins_dir(registry: Registry, folder: Path) -> list[str]:
    """Every *.py in `folder` as a plugin named after its file, so staff can try one unpackaged;
    a folder that is a package (it has an __init__.py, as a plugin's source does) is one plugin,
    named after the folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PluginLoadError(f"{folder}: no such plugins folder")
    package = folder / "__init__.py"
    found = (
        [(folder.name, package)] if package.is_file() else [(p.stem, p) for p in sorted(folder.glob("*.py"))]
    )
    installed = {Path(file).resolve() for file in registry.plugin_files()}
    loaded = []
    for name, path in found:
        if not _allowed(name) or registry.has_plugin(name) or path.resolve() in installed:
            continue  # not chosen, or already loaded (an installed plugin's own source folder)
        registry.register(_load_file(name, path, is_package=path is package), name)
        loaded.append(name)
    return loaded


def _load_file(name: str, path: Path, is_package: bool) -> ModuleType:
    """The module at `path`; a package's, with its folder to import its own modules from."""
    module_name = f"report_tool_plugin_{name}"
    search = [str(path.parent)] if is_package else None
    spec = importlib.util.spec_from_file_location(module_name, path, submodule_search_locations=search)
    if spec is None or spec.loader is None:
        raise PluginLoadError(f"{path}: cannot be loaded as a plugin")
    module = importlib.util.module_from_spec(spec)
    if is_package:
        sys.modules[module_name] = module  # so that its relative imports find it
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        sys.modules.pop(module_name, None)
        raise PluginLoadError(f"{path}: the plugin failed to load: {type(exc).__name__}: {exc}") from exc
    return module
