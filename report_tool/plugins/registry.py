"""The plugin registry: what the built-ins and the loaded plugins declare, asked through pluggy's
own hook calling (so tryfirst, trylast and hook wrappers behave as pluggy documents).

It is built once, at an entry point (the CLI, or validate, generate, diff_workbooks and
write_workbook, which default to the built-ins alone); below them the reader and the tables are
given its sheet declarations, never the registry, and nothing loads plugins itself.
"""

from __future__ import annotations

import importlib
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pluggy

from report_tool.errors import PluginError, PluginLoadError
from report_tool.plugins import hookspecs
from report_tool.validation.catalogue import IssueType, catalogue
from report_tool.validation.issues import Issue, Severity

if TYPE_CHECKING:
    from report_tool.workbook.schema import Sheet

BUILTIN_PLUGINS = (
    "report_tool.workbook.schema",
    "report_tool.validation.checks",
    "report_tool.report.sections",
)


@dataclass(frozen=True)
class SectionSpec:
    """A report section: where it goes (built-ins use 10, 20, ... 90), which reports show it, and
    which sheet of the Excel summary it goes on (see blocks.Section.sheet; None: a tab of its own)."""

    key: str
    build: Callable[[Any], Any]  # ReportContext -> blocks.Section, or None to say nothing
    order: int = 75
    formats: tuple[str, ...] = ("docx", "xlsx")
    sheet: str | None = None


def _module_of(obj: Any) -> str:
    """The module an object (plugin, check, section builder) was defined in."""
    if isinstance(obj, types.ModuleType):
        return obj.__name__
    if isinstance(obj, SectionSpec):
        obj = obj.build
    module = getattr(obj, "__module__", None)
    return module if isinstance(module, str) else type(obj).__module__


def _is_builtin_module(module: str) -> bool:
    return module == "report_tool" or module.startswith("report_tool.")


class Registry:
    """One plugin manager with the built-ins registered, and the questions the tool asks of it."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager("report_tool")
        self.pm.add_hookspecs(hookspecs)
        self.versions: dict[str, str] = {}  # installed plugin name -> its distribution's version
        self._sheets: tuple[Sheet, ...] | None = None  # asked once per sheet by the reader: kept
        for name in BUILTIN_PLUGINS:
            self.register(importlib.import_module(name), name)

    def register(self, plugin: Any, name: str, version: str | None = None) -> Any:
        """Add a plugin; a hook it implements that does not exist (a misspelling) is refused."""
        self.pm.register(plugin, name=name)
        self._sheets = None
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self.pm.unregister(name=name)
            raise PluginLoadError(f"the plugin {name!r} cannot be used: {exc}") from exc
        if version is not None:
            self.versions[name] = version
        return plugin

    def unregister(self, name: str) -> None:
        self.pm.unregister(name=name)
        self.versions.pop(name, None)
        self._sheets = None

    def has_plugin(self, name: str) -> bool:
        return self.pm.has_plugin(name)

    def plugin_files(self) -> list[str]:
        """The source files of the plugins registered as modules (to load none of them twice)."""
        files = (getattr(plugin, "__file__", None) for _, plugin in self.pm.list_name_plugin())
        return [file for file in files if isinstance(file, str)]

    def is_builtin(self, plugin_name: str) -> bool:
        return plugin_name in BUILTIN_PLUGINS

    def owner(self, obj: Any) -> str:
        """The name of the plugin an item (check, section) comes from, found by its module."""
        module = _module_of(obj)
        best = ""
        owner = module
        for name, plugin in self.pm.list_name_plugin():
            home = _module_of(plugin)
            if (module == home or module.startswith(home + ".")) and len(home) >= len(best):
                best, owner = home, name
        return owner

    def _call(self, hook_name: str) -> Iterator[Any]:
        """Every item every plugin returns from the hook, in pluggy's calling order."""
        hook = getattr(self.pm.hook, hook_name)
        try:
            results = hook()
        except Exception as exc:
            name = self._culprit(hook, exc)
            raise PluginError(f"plugin {name!r} failed in {hook_name}: {type(exc).__name__}: {exc}") from exc
        for items in results:
            yield from items or []

    def _culprit(self, hook: Any, exc: BaseException) -> str:
        """The plugin whose hook function raised, found in the traceback."""
        codes = {impl.function.__code__: impl.plugin_name for impl in hook.get_hookimpls()}
        found = "unknown"
        traceback = exc.__traceback__
        while traceback is not None:
            found = codes.get(traceback.tb_frame.f_code, found)
            traceback = traceback.tb_next
        return found

    # -- sheets and settings ------------------------------------------------------------------------

    def sheets(self) -> tuple[Sheet, ...]:
        """Every sheet: the built-ins with any columns plugins add, then the plugins' own sheets."""
        if self._sheets is None:
            self._sheets = self._merge_sheets()
        return self._sheets

    def _merge_sheets(self) -> tuple[Sheet, ...]:
        from report_tool.workbook.schema import SETTINGS

        merged: dict[str, Sheet] = {}
        for sheet in self._call("register_sheets"):
            key = sheet.name.casefold()
            if key in merged:
                base = merged[key]
                known = {c.header.casefold() for c in base.columns}
                extra = tuple(c for c in sheet.columns if c.header.casefold() not in known)
                merged[key] = replace(base, columns=base.columns + extra, unique=base.unique + sheet.unique)
            else:
                merged[key] = sheet
        keys = self.setting_keys()
        settings = merged.get(SETTINGS.name.casefold())
        if settings is not None and len(keys) > len(settings.column("setting").choices):
            setting = replace(settings.column("setting"), choices=keys)
            merged[SETTINGS.name.casefold()] = replace(
                settings, columns=tuple(setting if c.key == "setting" else c for c in settings.columns)
            )
        return tuple(merged.values())

    def setting_keys(self) -> tuple[str, ...]:
        from report_tool.workbook.schema import SETTING_KEYS

        extra = [key for key in self._call("register_settings") if key not in SETTING_KEYS]
        return SETTING_KEYS + tuple(dict.fromkeys(extra))

    def sheet_order(self) -> dict[str, int]:
        return {sheet.name: index for index, sheet in enumerate(self.sheets())}

    # -- issue types ---------------------------------------------------------------------------------

    def issue_types(self) -> dict[str, IssueType]:
        """Code -> issue type: the catalogue's built-ins and every plugin's."""
        try:
            return catalogue(self._call("register_issue_types"))
        except ValueError as exc:
            raise PluginError(f"a plugin's issue types: {exc}") from exc

    # -- checks ---------------------------------------------------------------------------------------

    def checks(self) -> list[Any]:
        """Every check instance (a class is instantiated), in pluggy's calling order."""
        return [item() if isinstance(item, type) else item for item in self._call("register_checks")]

    def run_checks(self, context: Any) -> list[Issue]:
        """Every check's issues, each with the severity its code has in the catalogue (merged with
        the plugins'). A plugin check that raises becomes one error naming it; the rest run. An
        issue whose code no catalogue declares is refused: a plugin's as a PluginError, a built-in
        check's as an internal error."""
        declared = self.issue_types()
        found: list[Issue] = []
        for check in self.checks():
            if _is_builtin_module(_module_of(check)):
                found.extend(_from_catalogue(check.run(context), declared, check, None))
                continue
            try:
                issues = list(check.run(context))
            except Exception as exc:
                found.append(
                    Issue(
                        "plugin-check-failed",
                        Severity.ERROR,
                        f"The check {type(check).__name__} of the plugin {self.owner(check)!r} failed: "
                        f"{type(exc).__name__}: {exc}",
                        hint="the other checks ran; tell the plugin's authors, or run without the plugin",
                    )
                )
                continue
            who = f"the check {type(check).__name__} of the plugin {self.owner(check)!r}"
            found.extend(_from_catalogue(issues, declared, check, who))
        return found

    # -- sections -------------------------------------------------------------------------------------

    def sections(self) -> list[SectionSpec]:
        """Every section, in report order."""
        return sorted(self._call("register_sections"), key=lambda spec: spec.order)

    def build_sections(self, context: Any, output_format: str | None = None) -> list[Any]:
        """The sections for one report; a plugin section that raises stops generation, naming it."""
        built = []
        for spec in self.sections():
            if output_format is not None and output_format not in spec.formats:
                continue
            try:
                section = spec.build(context)
            except Exception as exc:
                if _is_builtin_module(_module_of(spec)):
                    raise
                raise PluginError(
                    f"the section {spec.key!r} of the plugin {self.owner(spec)!r} failed: "
                    f"{type(exc).__name__}: {exc}; no report was written"
                ) from exc
            if section is not None:
                if spec.sheet is not None and section.sheet is None:
                    section = replace(section, sheet=spec.sheet)
                built.append(section)
        return built

    # -- for `report-tool plugins` --------------------------------------------------------------------

    def describe(self) -> list[dict[str, Any]]:
        """Each plugin with its hooks and version."""
        from report_tool import __version__

        described = []
        for name, plugin in self.pm.list_name_plugin():
            hooks = sorted(caller.name for caller in self.pm.get_hookcallers(plugin) or [])
            builtin = self.is_builtin(name)
            version = (
                __version__ if builtin else self.versions.get(name, getattr(plugin, "__version__", None))
            )
            described.append({"name": name, "builtin": builtin, "hooks": hooks, "version": version})
        return sorted(described, key=lambda d: (not d["builtin"], d["name"]))


def _from_catalogue(
    issues: Iterable[Issue], declared: dict[str, IssueType], check: Any, plugin: str | None
) -> Iterator[Issue]:
    """The issues, each with its code's severity. A code no catalogue declares is refused, and so
    is one the check does not list in its `codes`: what a check says it reports is what it reports."""
    listed = getattr(check, "codes", None)  # the Check protocol has it; an older plugin's may not
    own = None if listed is None else set(listed)

    def refused(builtin: str, by_plugin: str) -> Exception:
        """A built-in check's mistake is ours (an internal error); a plugin's is named as its own."""
        return RuntimeError(f"internal error: {builtin}") if plugin is None else PluginError(by_plugin)

    for issue in issues:
        issue_type = declared.get(issue.code)
        if issue_type is None:
            raise refused(
                f"the issue code {issue.code!r} is not in the catalogue",
                f"{plugin} reported the issue code {issue.code!r}, which no catalogue declares; "
                "the plugin must declare it (hook register_issue_types)",
            )
        if own is not None and issue.code not in own:
            raise refused(
                f"the check {type(check).__name__} reported {issue.code!r}, not its codes",
                f"{plugin} reported the issue code {issue.code!r}, which is not among its codes "
                f"{sorted(own)}; the check must list every code it reports",
            )
        yield issue if issue.severity is issue_type.severity else replace(issue, severity=issue_type.severity)


def builtin_registry() -> Registry:
    """The built-ins alone: the default of library calls made without a registry."""
    return Registry()
