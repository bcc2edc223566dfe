"""Plugins: each hook, isolation of failures, discovery, and the example plugin end to end."""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from conftest import AS_OF, REPO, baseline, write_rows
from report_tool.api import IssueType, Severity
from report_tool.cli import cli
from report_tool.errors import PluginError, PluginLoadError
from report_tool.plugins import hookspecs
from report_tool.plugins.hookspecs import hookimpl
from report_tool.plugins.registry import Registry, SectionSpec
from report_tool.report.sections.blocks import Heading, Paragraph, Section
from report_tool.validation.validate import validate_workbook
from report_tool.workbook.schema import Column, ColumnType, Sheet

ARGS = ["--data-date", AS_OF.isoformat()]
EXAMPLE_PLUGIN = REPO / "examples" / "report-tool-stockpiles"


def run(*args: str, env: dict[str, str] | None = None, registry: Registry | None = None):
    return CliRunner().invoke(cli, list(args), env=env, obj=registry)


@pytest.fixture
def registry():
    """The built-ins, to which a test registers its plugins: passed down as the CLI passes its own."""
    return Registry()


class NoUnicorns:
    codes: ClassVar[tuple[str, ...]] = ("no-unicorns",)
    key = "notes"

    def run(self, context):
        for table, record in context.rows("Withdrawals"):
            if "unicorn" in (record.get(self.key) or "").lower():
                yield table.issue(record, "notes", "no-unicorns", "mentions a unicorn", "remove it")


class HouseRules:
    @hookimpl
    def register_checks(self):
        return [NoUnicorns]

    @hookimpl
    def register_issue_types(self):
        return [IssueType("no-unicorns", Severity.ERROR, "House rules", "a note mentions a unicorn")]


def test_hook_register_checks(registry, make_workbook):
    registry.register(HouseRules(), "house-rules")
    path = make_workbook(lambda s: s["Withdrawals"][0].update({"Notes": "Unicorn sighted"}))
    report = validate_workbook(path, AS_OF, registry)
    assert report.flatten() == [["no-unicorns", "Withdrawals!G2", "error"]]
    text = run("validate", str(path), *ARGS, registry=registry)
    assert "Withdrawals!G2  error  Estonia – Notes mentions a unicorn  [no-unicorns]" in text.output
    data = json.loads(run("validate", str(path), *ARGS, "--format", "json", registry=registry).output)
    assert [i["code"] for i in data["issues"]] == ["no-unicorns"]


class Broken:
    codes: ClassVar[tuple[str, ...]] = ("never",)

    def run(self, context):
        yield from ()
        raise ZeroDivisionError("division by zero")


def checks_plugin(*checks):
    """A plugin whose only hook gives `checks`."""

    class Plugin:
        @hookimpl
        def register_checks(self):
            return list(checks)

    return Plugin()


def test_a_failing_plugin_check_is_one_error_and_validation_goes_on(registry, make_workbook):
    registry.register(checks_plugin(Broken), "broken-checks")
    path = make_workbook(lambda s: s["States"][0].update({"ISO3": "NRW"}))
    report = validate_workbook(path, AS_OF, registry)
    assert sorted(report.flatten(["code", "severity"])) == [
        ["invalid-iso3", "error"],
        ["plugin-check-failed", "error"],
    ]
    failed = next(i for i in report.issues if i.code == "plugin-check-failed")
    assert "'broken-checks'" in failed.message and "ZeroDivisionError" in failed.message


class MisspeltKey(NoUnicorns):
    key = "note"  # the column is "notes"


def test_a_check_reading_a_column_its_sheet_does_not_declare_fails_loudly(registry, make_workbook):
    """A misspelt key used to read as blank, so the check never fired and nobody knew."""
    registry.register(checks_plugin(MisspeltKey), "misspelt-rules")
    path = make_workbook(lambda s: s["Withdrawals"][0].update({"Notes": "Unicorn sighted"}))
    report = validate_workbook(path, AS_OF, registry)
    assert report.flatten(["code", "severity"]) == [["plugin-check-failed", "error"]]
    message = report.issues[0].message
    assert "'misspelt-rules'" in message
    assert "UndeclaredColumn: the Withdrawals sheet declares no column 'note'; its columns: state," in message


class FocalPoints:
    """A new sheet, a column added to a built-in sheet, and a setting."""

    @hookimpl
    def register_sheets(self):
        return [
            Sheet(
                "Focal points",
                "Who to contact in each state.",
                (
                    Column("state", "State", ColumnType.STATE, "The state.", required=True, is_key=True),
                    Column("email", "Email", ColumnType.TEXT, "An address.", required=True),
                ),
                required=False,
                unique=(("state",),),
            ),
            Sheet("States", "", (Column("capital", "Capital", ColumnType.TEXT, "The capital city."),)),
        ]

    @hookimpl
    def register_settings(self):
        return ["Focal point owner"]


def test_hook_register_sheets(registry, tmp_path):
    registry.register(FocalPoints(), "focal-points")
    new = tmp_path / "new.xlsx"
    assert run("init", str(new), registry=registry).exit_code == 0
    book = openpyxl.load_workbook(new)
    assert "Focal points" in book.sheetnames
    assert [c.value for c in book["Focal points"][1]] == ["State", "Email"]
    assert [c.value for c in book["States"][1]][-1] == "Capital"
    assert book["Focal points"]["A1"].comment.text.startswith("State (required)")
    sheets = baseline()
    sheets["States"][0]["Capital"] = "Oslo"
    path = write_rows(tmp_path / "wb.xlsx", sheets)
    extra = openpyxl.load_workbook(path)
    ws = extra.create_sheet("Focal points")
    ws.append(["State", "Email"])
    ws.append(["Norway", "focal@example.org"])
    ws.append(["Narnia", "x@example.org"])
    ws.append(["Norway", "again@example.org"])
    extra.save(path)
    report = validate_workbook(path, AS_OF, registry)
    assert report.flatten() == [
        ["unknown-state", "'Focal points'!A3", "error"],  # quoted as Excel does
        ["duplicate-key", "'Focal points'!A4", "error"],
    ]


def test_hook_register_settings(registry, make_workbook):
    registry.register(FocalPoints(), "focal-points")

    def change(sheets):
        sheets["Settings"].append({"Setting": "Focal point owner", "Value": "Programme team"})

    assert validate_workbook(make_workbook(change), AS_OF, registry).issues == []
    registry.unregister("focal-points")
    report = validate_workbook(make_workbook(change), AS_OF, registry)
    assert report.flatten() == [["not-allowed-value", "Settings!A4", "error"]]


def _note_section(context):
    return Section(
        "house-note",
        "House note",
        (Heading("House note"), Paragraph(f"Prepared for the {context.meeting.short_name} delegation.")),
    )


class HouseCodes:
    @hookimpl
    def register_issue_types(self):
        return [IssueType("no-unicorns", Severity.ERROR, "House rules", "a note mentions a unicorn")]


def test_hook_register_issue_types(registry):
    from report_tool.validation.catalogue import markdown

    assert "no-unicorns" not in registry.issue_types()
    registry.register(HouseCodes(), "house-codes")
    types = registry.issue_types()
    assert types["no-unicorns"].severity is Severity.ERROR and types["no-unicorns"].title == "No unicorns"
    assert "missing-sheet" in types  # the built-ins stay
    assert "## House rules" in markdown(types.values())
    registry.register(Clash(), "clash")
    with pytest.raises(PluginError, match="'missing-sheet' is declared twice"):
        registry.issue_types()


class Clash:
    @hookimpl
    def register_issue_types(self):
        return [IssueType("missing-sheet", Severity.WARNING, "Mine", "taken")]


class HouseNote:
    @hookimpl
    def register_sections(self):
        return [SectionSpec("house-note", _note_section, order=25)]


def test_hook_register_sections(registry, make_workbook, tmp_path):
    registry.register(HouseNote(), "house-note")
    out = tmp_path / "out"
    assert run("generate", str(make_workbook()), *ARGS, "-o", str(out), registry=registry).exit_code == 0
    document = docx.Document(str(out / "22MSP-briefing-2026-01-01.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:4] == ["Summary", "Key figures", "House note", "Changes in the last twelve months"]
    assert "Prepared for the 22MSP delegation." in [p.text for p in document.paragraphs]
    book = openpyxl.load_workbook(out / "22MSP-summary-2026-01-01.xlsx")
    assert "House note" in book.sheetnames
    assert book["House note"]["A4"].value == "Prepared for the 22MSP delegation."


class WordOnly:
    @hookimpl
    def register_sections(self):
        return [SectionSpec("word-only", _note_section, order=85, formats=("docx",))]


def test_a_section_can_be_for_one_report_only(registry, make_workbook, tmp_path):
    registry.register(WordOnly(), "word-only")
    out = tmp_path / "out"
    assert run("generate", str(make_workbook()), *ARGS, "-o", str(out), registry=registry).exit_code == 0
    assert "House note" not in openpyxl.load_workbook(out / "22MSP-summary-2026-01-01.xlsx").sheetnames
    document = docx.Document(str(out / "22MSP-briefing-2026-01-01.docx"))
    assert "House note" in [p.text for p in document.paragraphs]


class BrokenSection:
    @hookimpl
    def register_sections(self):
        def build(context):
            raise KeyError("Stockpiles")

        return [SectionSpec("broken", build)]


def test_a_failing_plugin_section_stops_generation_and_writes_nothing(registry, make_workbook, tmp_path):
    registry.register(BrokenSection(), "broken-section")
    out = tmp_path / "out"
    result = run("generate", str(make_workbook()), *ARGS, "-o", str(out), registry=registry)
    assert result.exit_code == 3
    assert "the section 'broken' of the plugin 'broken-section' failed: KeyError" in result.output
    assert "no report was written" in result.output
    assert not out.exists() or list(out.iterdir()) == []


PLUGIN_FILE = """
from report_tool.plugins.hookspecs import hookimpl
from report_tool.validation.issues import Severity


class Shouty:
    codes = ("shouty-notes",)

    def run(self, context):
        for table, record in context.rows("States"):
            notes = record.get("notes") or ""
            if notes.isupper():
                yield table.issue(
                    record, "notes", "shouty-notes", "is all in capitals", severity=Severity.WARNING
                )


@hookimpl
def register_checks():
    return [Shouty]


@hookimpl
def register_issue_types():
    from report_tool.api import IssueType

    return [IssueType("shouty-notes", Severity.WARNING, "House rules", "notes all in capitals")]
"""


def test_plugins_dir_loads_a_one_off_file(make_workbook, tmp_path):
    folder = tmp_path / "my-checks"
    folder.mkdir()
    (folder / "shouty.py").write_text(PLUGIN_FILE, encoding="utf-8")
    path = make_workbook(lambda s: s["States"][0].update({"Notes": "CHECK THIS"}))
    result = run("--plugins-dir", str(folder), "validate", str(path), *ARGS)
    assert "States!I2  warning  Norway – Notes is all in capitals  [shouty-notes]" in result.output
    listed = json.loads(run("--plugins-dir", str(folder), "plugins").output)
    hooks = ["register_checks", "register_issue_types"]
    assert {"name": "shouty", "builtin": False, "hooks": hooks, "version": None} in listed


def test_plugins_dir_that_fails_to_load_is_one_line(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "typo.py").write_text("def broken(:\n", encoding="utf-8")
    result = run("--plugins-dir", str(folder), "plugins")
    assert result.exit_code == 2
    assert "typo.py: the plugin failed to load: SyntaxError" in result.output
    assert result.output.count("\n") == 1


def test_environment_variable_restricts_plugins(make_workbook, tmp_path):
    folder = tmp_path / "my-checks"
    folder.mkdir()
    (folder / "shouty.py").write_text(PLUGIN_FILE, encoding="utf-8")
    result = run("--plugins-dir", str(folder), "plugins", env={"REPORT_TOOL_PLUGINS": "something-else"})
    assert "shouty" not in [p["name"] for p in json.loads(result.output)]


def test_plugins_lists_the_builtins_with_their_hooks():
    listed = json.loads(run("plugins").output)
    builtins = {p["name"]: p["hooks"] for p in listed if p["builtin"]}
    assert builtins == {
        "report_tool.validation.checks": ["register_checks"],
        "report_tool.workbook.schema": ["register_sheets"],
        "report_tool.report.sections": ["register_sections"],
    }
    assert all(p["version"] for p in listed if p["builtin"])


def test_entry_points_are_not_loaded_under_test():
    """conftest sets REPORT_TOOL_ENTRY_POINTS=0: the installed example plugin is left out."""
    names = [p["name"] for p in json.loads(run("plugins").output)]
    assert "stockpiles" not in names


# -- the example plugin ---------------------------------------------------------------------------


def _stockpile_workbook(path: Path) -> Path:
    write_rows(path, baseline())
    book = openpyxl.load_workbook(path)
    ws = book.create_sheet("Stockpiles")
    ws.append(["State", "Stockpiled", "Destroyed", "Deadline", "Completed", "Notes", "Source"])
    ws.append(["Ukraine", 1000, 400, None, None, "test figures", "test"])
    ws.append(["Tonga", 10, 20, None, None, "test figures", "test"])
    book.save(path)
    return path


pytestmark_example = pytest.mark.skipif(
    importlib.util.find_spec("report_tool_stockpiles") is None,
    reason="the example plugin is not installed (make test installs it)",
)


@pytestmark_example
def test_example_plugin_is_discovered_by_its_entry_point(tmp_path):
    from report_tool.plugins.loading import load

    registry = load(entry_points=True)
    assert registry.has_plugin("stockpiles")
    declared = {c for check in registry.checks() for c in getattr(check, "codes", ())}
    assert {c for c in declared if c.startswith("stockpile-")} <= set(registry.issue_types())
    report = validate_workbook(_stockpile_workbook(tmp_path / "wb.xlsx"), AS_OF, registry)
    assert report.flatten() == [
        ["stockpile-deadline-passed", "Stockpiles!E2", "warning"],
        ["stockpile-destroyed-exceeds", "Stockpiles!C3", "error"],
    ]


@pytestmark_example
def test_example_plugin_end_to_end_from_the_command_line(tmp_path):
    """As a user runs it: a separate process, where installed plugins load by themselves."""
    workbook = _stockpile_workbook(tmp_path / "wb.xlsx")
    book = openpyxl.load_workbook(workbook)
    book["Stockpiles"]["C3"] = 5  # Tonga: destroyed 5 of 10, no error
    book.save(workbook)
    env = {
        k: v for k, v in os.environ.items() if k not in ("REPORT_TOOL_PLUGINS", "REPORT_TOOL_ENTRY_POINTS")
    }
    command = [sys.executable, "-m", "report_tool"]
    listed = subprocess.run([*command, "plugins"], capture_output=True, text=True, env=env, check=True)
    names = [p["name"] for p in json.loads(listed.stdout)]
    assert "stockpiles" in names
    out = tmp_path / "out"
    done = subprocess.run(
        [*command, "generate", str(workbook), *ARGS, "-o", str(out)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(out / "22MSP-briefing-2026-01-01.docx"))
    assert "Stockpile destruction" in [p.text for p in document.paragraphs]
    table = next(
        t
        for t in document.tables
        if t.rows[0].cells[0].text == "State" and "Stockpiled" in [c.text for c in t.rows[0].cells]
    )
    assert [c.text for c in table.rows[1].cells] == [
        "Tonga",
        "10",
        "5",
        "5",
        "1 December 2029",
        "due by 1 December 2029",
    ]
    summary = openpyxl.load_workbook(out / "22MSP-summary-2026-01-01.xlsx")
    assert "Stockpile destruction" in summary.sheetnames
    new = tmp_path / "new.xlsx"
    subprocess.run([*command, "init", str(new)], env=env, check=True, capture_output=True)
    assert "Stockpiles" in openpyxl.load_workbook(new).sheetnames


# -- meta: every hook is tested and documented ------------------------------------------------------


def _hooks() -> list[str]:
    tree = ast.parse(Path(hookspecs.__file__).read_text(encoding="utf-8"))
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]


@pytest.mark.parametrize("hook", _hooks())
def test_every_hook_has_a_test_and_documentation(hook):
    assert f"test_hook_{hook}" in globals(), f"no test_hook_{hook} in tests/test_plugins.py"
    docs = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert f"### `{hook}(" in docs, f"{hook} is missing from docs/plugins.md"
    assert getattr(hookspecs, hook).__doc__, f"{hook} has no docstring"


# -- loading: once, at the entry point ----------------------------------------------------------------


def test_only_the_entry_point_loads_plugins():
    """The registry is passed down: no module below the CLI imports report_tool.plugins.loading."""
    importers = []
    for path in sorted((REPO / "report_tool").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            if "report_tool.plugins.loading" in names:
                importers.append(path.relative_to(REPO / "report_tool").as_posix())
    assert sorted(set(importers)) == ["cli/shared.py"]


def test_an_installed_plugin_that_fails_to_import_is_one_line_naming_it(make_workbook, tmp_path):
    """A real entry point (a dist-info on the path), whose module imports something missing."""
    site = tmp_path / "site"
    info = site / "report_tool_broken-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: report-tool-broken\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[report_tool]\nbroken = report_tool_broken\n")
    (site / "report_tool_broken.py").write_text("import no_such_module_here\n")
    env = {
        k: v for k, v in os.environ.items() if k not in ("REPORT_TOOL_PLUGINS", "REPORT_TOOL_ENTRY_POINTS")
    }
    env["PYTHONPATH"] = str(site)
    for command in (
        ["validate", str(make_workbook()), *ARGS],
        ["plugins"],
        ["init", str(tmp_path / "n.xlsx")],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "report_tool", *command], capture_output=True, text=True, env=env
        )
        assert done.returncode == 2, done.stderr
        assert done.stdout == ""
        assert done.stderr == (
            "report-tool: the installed plugin 'broken' could not be loaded: "
            "ModuleNotFoundError: No module named 'no_such_module_here'\n"
        )
    env["REPORT_TOOL_PLUGINS"] = ""  # and without it, the same workbook is fine
    done = subprocess.run([sys.executable, "-m", "report_tool", "plugins"], capture_output=True, env=env)
    assert done.returncode == 0


class Misspelt:
    @hookimpl
    def register_check(self):  # not register_checks
        return [NoUnicorns]


def test_a_misspelt_hook_is_refused(registry):
    with pytest.raises(PluginLoadError, match=r"'misspelt'.*register_check"):
        registry.register(Misspelt(), "misspelt")
    assert not registry.has_plugin("misspelt")


def test_a_misspelt_hook_in_a_plugins_dir_file_is_one_line(tmp_path):
    folder = tmp_path / "my-checks"
    folder.mkdir()
    (folder / "typo.py").write_text(
        "from report_tool.api import hookimpl\n\n\n@hookimpl\ndef register_sheet():\n    return []\n"
    )
    result = run("--plugins-dir", str(folder), "plugins")
    assert result.exit_code == 2
    assert result.output.startswith(
        "report-tool: the plugin 'typo' cannot be used: unknown hook 'register_sheet'"
    )
    assert result.output.count("\n") == 1


class FirstWord:
    @hookimpl(tryfirst=True)
    def register_settings(self):
        return ["First"]


class LastWord:
    @hookimpl(trylast=True)
    def register_settings(self):
        return ["Last"]


class NoAnnex:
    """A hook wrapper, as pluggy documents them: it sees and may change every plugin's result."""

    @hookimpl(wrapper=True)
    def register_sections(self):
        results = yield
        return [[spec for spec in specs if spec.key != "annex"] for specs in results]


def test_pluggy_calls_the_hooks_tryfirst_trylast_and_wrappers_work(registry):
    registry.register(LastWord(), "last")
    registry.register(FirstWord(), "first")
    assert registry.setting_keys()[-2:] == ("First", "Last")
    keys = [spec.key for spec in registry.sections()]
    assert "annex" in keys
    registry.register(NoAnnex(), "no-annex")
    assert [spec.key for spec in registry.sections()] == [key for key in keys if key != "annex"]


class RaisingSheets:
    @hookimpl
    def register_sheets(self):
        raise RuntimeError("no sheets today")


def test_a_plugin_failing_in_a_hook_is_named(registry, make_workbook):
    registry.register(RaisingSheets(), "raising-sheets")
    result = run("validate", str(make_workbook()), *ARGS, registry=registry)
    assert result.exit_code == 3
    assert result.output == (
        "report-tool: plugin 'raising-sheets' failed in register_sheets: RuntimeError: no sheets today\n"
    )


# -- the public API ---------------------------------------------------------------------------------


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_example_plugin_imports_report_tool_only_through_the_api():
    imported = set().union(*(_imports(p) for p in EXAMPLE_PLUGIN.rglob("*.py")))
    assert {name for name in imported if name.split(".")[0] == "report_tool"} == {"report_tool.api"}


def test_every_name_of_the_api_is_documented_and_none_collide():
    from report_tool import api

    docs = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    table = docs.split("## The stable surface", 1)[1].split("\n## ", 1)[0]
    assert [name for name in api.__all__ if f"`{name}`" not in table] == []
    assert all(getattr(api, name) is not None for name in api.__all__)
    assert api.Column is not api.TableColumn and api.Table is not api.SheetTable


@pytest.mark.parametrize("entry", ["validate", "diff"])
def test_a_plugin_failing_to_declare_its_sheets_is_never_taken_for_a_damaged_workbook(
    registry, make_workbook, entry
):
    from report_tool.diff.compare import diff_workbooks
    from report_tool.validation.validate import validate

    registry.register(RaisingSheets(), "raising-sheets")
    path = make_workbook()
    with pytest.raises(PluginError, match="'raising-sheets' failed in register_sheets"):
        if entry == "validate":
            validate(path, registry=registry)
        else:
            diff_workbooks(path, path, registry=registry)


# -- the example plugin from its source folder, as --plugins-dir loads it -------------------------

STOCKPILES_SOURCE = EXAMPLE_PLUGIN / "report_tool_stockpiles"


def test_plugins_dir_on_the_example_package_folder_loads_it_with_its_five_hooks(tmp_path):
    listed = json.loads(run("--plugins-dir", str(STOCKPILES_SOURCE), "plugins").output)
    plugin = next(p for p in listed if not p["builtin"])
    assert plugin["name"] == "report_tool_stockpiles"
    assert plugin["hooks"] == [
        "register_checks",
        "register_issue_types",
        "register_sections",
        "register_settings",
        "register_sheets",
    ]
    workbook = _stockpile_workbook(tmp_path / "wb.xlsx")
    result = run("--plugins-dir", str(STOCKPILES_SOURCE), "validate", str(workbook), *ARGS)
    assert "Stockpiles!C3  error  Tonga – Destroyed: 20 is more than the 10 stockpiled" in result.output


@pytestmark_example
def test_the_installed_example_is_not_loaded_twice_from_its_source_folder():
    from report_tool.plugins.loading import load

    registry = load(STOCKPILES_SOURCE, entry_points=True)
    assert registry.has_plugin("stockpiles") and not registry.has_plugin("report_tool_stockpiles")
    assert [s.key for s in registry.sections()].count("stockpiles") == 1


def test_the_check_and_the_section_take_the_article_4_deadline_from_the_model(tmp_path):
    """Tonga's entry into force left blank: the model derives it from the deposit (1 December
    2025), and both the check and the section count four years from that one date."""
    sheets = baseline()
    tonga = next(row for row in sheets["States"] if row["State"] == "Tonga")
    tonga["Entry into force"] = None
    workbook = write_rows(tmp_path / "wb.xlsx", sheets)
    book = openpyxl.load_workbook(workbook)
    ws = book.create_sheet("Stockpiles")
    ws.append(["State", "Stockpiled", "Destroyed", "Deadline", "Completed", "Notes", "Source"])
    ws.append(["Tonga", 10, 5, dt.datetime(2029, 12, 1), None, "test figures", "test"])
    book.save(workbook)
    plugin = ("--plugins-dir", str(STOCKPILES_SOURCE))
    checked = run(*plugin, "validate", str(workbook), *ARGS, "--format", "json")
    assert [i["code"] for i in json.loads(checked.output)["issues"]] == []  # the deadline agrees
    ws["D2"] = None  # left blank: the section works it out
    book.save(workbook)
    out = tmp_path / "out"
    assert run(*plugin, "generate", str(workbook), *ARGS, "-o", str(out), "--format", "docx").exit_code == 0
    document = docx.Document(str(out / "22MSP-briefing-2026-01-01.docx"))
    table = next(t for t in document.tables if "Stockpiled" in [c.text for c in t.rows[0].cells])
    assert [c.text for c in table.rows[1].cells][-2:] == ["1 December 2029", "due by 1 December 2029"]


class SummaryAndTab:
    @hookimpl
    def register_sections(self):
        def tab(context):
            return Section(
                "house-tab",
                "A title too long to be a tab of the Excel summary",
                (Paragraph("Delegation contacts are kept by the secretariat."),),
            )

        return [
            # order 15: before the key figures, whose table is the first on the Summary sheet
            SectionSpec("house-note", _note_section, order=15, sheet="Summary"),
            SectionSpec("house-tab", tab, order=26, sheet="Delegation"),
        ]


def test_a_plugin_section_says_where_it_goes_in_the_excel_summary(registry, make_workbook, tmp_path):
    registry.register(SummaryAndTab(), "summary-and-tab")
    out = tmp_path / "out"
    assert run("generate", str(make_workbook()), *ARGS, "-o", str(out), registry=registry).exit_code == 0
    document = docx.Document(str(out / "22MSP-briefing-2026-01-01.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Prepared for the 22MSP delegation." in paragraphs
    assert "Delegation contacts are kept by the secretariat." in paragraphs
    book = openpyxl.load_workbook(out / "22MSP-summary-2026-01-01.xlsx")
    summary = [cell.value for row in book["Summary"].iter_rows() for cell in row if cell.value]
    assert "Prepared for the 22MSP delegation." in summary
    assert "House note" not in book.sheetnames
    tab = [cell.value for row in book["Delegation"].iter_rows() for cell in row if cell.value]
    assert "Delegation contacts are kept by the secretariat." in tab


def test_a_format_is_one_row_of_the_renderers_table(make_workbook, tmp_path, monkeypatch):
    """Adding a renderer is all a new format takes: its file name, its summary line, its sections."""
    from report_tool.report.generate import generate
    from report_tool.report.render import formats

    def write(sections, ctx, template, path):
        path.write_text("\n".join(section.title for section in sections), encoding="utf-8")

    notes = formats.Renderer("txt", "notes", "the notes", "docx", False, write)
    monkeypatch.setitem(formats.RENDERERS, "txt", notes)
    generated = generate(make_workbook(), as_of=AS_OF, output_dir=tmp_path, formats=["txt"])
    assert [path.name for path in generated.paths] == ["22MSP-notes-2026-01-01.txt"]
    assert generated.summary().startswith("Wrote the notes for the 22MSP, as at 1 January 2026")
    assert "Key figures" in generated.paths[0].read_text(encoding="utf-8").splitlines()
    with pytest.raises(ValueError, match="unknown format 'odt'; known: docx, xlsx, pdf, txt"):
        generate(make_workbook(), as_of=AS_OF, output_dir=tmp_path / "none", formats=["odt"])
    assert not (tmp_path / "none").exists()


def test_a_code_no_catalogue_declares_is_refused_in_a_real_run(registry, make_workbook):
    registry.register(checks_plugin(NoUnicorns), "undeclared")
    path = make_workbook(lambda s: s["Withdrawals"][0].update({"Notes": "Unicorn sighted"}))
    with pytest.raises(PluginError, match="'undeclared' reported the issue code 'no-unicorns'"):
        validate_workbook(path, AS_OF, registry)
    result = run("validate", str(path), *ARGS, registry=registry)
    assert result.exit_code == 3
    assert "which no catalogue declares" in result.output and "Traceback" not in result.output


class MildCodes:
    @hookimpl
    def register_issue_types(self):
        return [IssueType("no-unicorns", Severity.WARNING, "House rules", "a note mentions a unicorn")]


class Unlisted(NoUnicorns):
    codes: ClassVar[tuple[str, ...]] = ("no-dragons",)  # declared below, but not what it reports


def test_a_code_the_check_does_not_list_is_refused_even_when_declared(registry, make_workbook):
    registry.register(checks_plugin(Unlisted), "unlisted")
    registry.register(MildCodes(), "mild-codes")
    path = make_workbook(lambda s: s["Withdrawals"][0].update({"Notes": "Unicorn sighted"}))
    with pytest.raises(PluginError, match=r"'no-unicorns', which is not among its codes \['no-dragons'\]"):
        validate_workbook(path, AS_OF, registry)
    assert validate_workbook(make_workbook(), AS_OF, registry).flatten() == []  # no unicorn: no issue


def test_a_builtin_check_reporting_a_code_it_does_not_list_is_an_internal_error(
    registry, make_workbook, monkeypatch
):
    from report_tool.validation.checks.structure import DuplicateKeys

    monkeypatch.setattr(DuplicateKeys, "codes", ("something-else",))
    path = make_workbook(lambda s: s["States"].append(dict(s["States"][0])))
    with pytest.raises(RuntimeError, match="check DuplicateKeys reported 'duplicate-key', not its codes"):
        validate_workbook(path, AS_OF, registry)


def test_an_issue_takes_the_severity_its_code_is_declared_with(registry, make_workbook):
    registry.register(checks_plugin(NoUnicorns), "house-rules")  # the check makes its issues as errors
    registry.register(MildCodes(), "mild-codes")
    path = make_workbook(lambda s: s["Withdrawals"][0].update({"Notes": "Unicorn sighted"}))
    assert validate_workbook(path, AS_OF, registry).flatten() == [
        ["no-unicorns", "Withdrawals!G2", "warning"]
    ]


def test_codes_lists_the_builtin_and_the_plugins_codes(registry):
    registry.register(HouseCodes(), "house-codes")
    text = run("codes", registry=registry).output.splitlines()
    assert "Reading the workbook" in text and "House rules" in text
    assert any(line.split()[:2] == ["no-unicorns", "error"] for line in text)
    data = json.loads(run("codes", "--format", "json", registry=registry).output)
    by_code = {c["code"]: c for c in data["codes"]}
    assert by_code["no-unicorns"] == {
        "code": "no-unicorns",
        "severity": "error",
        "group": "House rules",
        "title": "No unicorns",
        "description": "a note mentions a unicorn",
    }
    assert by_code["ambiguous-date"]["severity"] == "error"
    assert len(by_code) == len(data["codes"]) == len(registry.issue_types())
