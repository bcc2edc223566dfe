"""Plugins: each hook, isolation of failures, discovery, and the example plugin end to end."""

from __future__ import annotations

import ast
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
from report_tool import hookspecs
from report_tool.cli import cli
from report_tool.hookspecs import hookimpl
from report_tool.plugins import SectionSpec, manager
from report_tool.schema import Column, ColumnType, Sheet
from report_tool.sections.blocks import Heading, Paragraph, Section
from report_tool.validate import validate_workbook

ARGS = ["--as-of", AS_OF.isoformat()]
EXAMPLE_PLUGIN = REPO / "examples" / "report-tool-stockpiles"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


@pytest.fixture
def register():
    """register(plugin, name): registered for this test only."""
    names = []

    def add(plugin, name):
        manager().register(plugin, name=name)
        names.append(name)
        return plugin

    yield add
    for name in names:
        if manager().has_plugin(name):
            manager().unregister(name=name)


class NoUnicorns:
    codes: ClassVar[tuple[str, ...]] = ("no-unicorns",)

    def run(self, context):
        for table, record in context.rows("Withdrawals"):
            if "unicorn" in (record.get("notes") or "").lower():
                yield table.issue(record, "notes", "no-unicorns", "mentions a unicorn", "remove it")


class HouseRules:
    @hookimpl
    def register_checks(self):
        return [NoUnicorns]


def test_hook_register_checks(register, make_workbook):
    register(HouseRules(), "house-rules")
    path = make_workbook(lambda s: s["Withdrawals"][0].update({"Notes": "Unicorn sighted"}))
    report = validate_workbook(path, AS_OF)
    assert report.flatten() == [["no-unicorns", "Withdrawals!F2", "error"]]
    text = run("validate", str(path), *ARGS)
    assert "Withdrawals!F2  error  Notes mentions a unicorn  [no-unicorns]" in text.output
    data = json.loads(run("validate", str(path), *ARGS, "--format", "json").output)
    assert [i["code"] for i in data["issues"]] == ["no-unicorns"]


class Broken:
    codes: ClassVar[tuple[str, ...]] = ("never",)

    def run(self, context):
        yield from ()
        raise ZeroDivisionError("division by zero")


class BrokenChecks:
    @hookimpl
    def register_checks(self):
        return [Broken]


def test_a_failing_plugin_check_is_one_error_and_validation_goes_on(register, make_workbook):
    register(BrokenChecks(), "broken-checks")
    path = make_workbook(lambda s: s["States"][0].update({"ISO3": "NRW"}))
    report = validate_workbook(path, AS_OF)
    assert sorted(report.flatten(["code", "severity"])) == [
        ["invalid-iso3", "error"],
        ["plugin-check-failed", "error"],
    ]
    failed = next(i for i in report.issues if i.code == "plugin-check-failed")
    assert "'broken-checks'" in failed.message and "ZeroDivisionError" in failed.message


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


def test_hook_register_sheets(register, tmp_path):
    register(FocalPoints(), "focal-points")
    new = tmp_path / "new.xlsx"
    assert run("init", str(new)).exit_code == 0
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
    report = validate_workbook(path, AS_OF)
    assert report.flatten() == [
        ["unknown-state", "Focal points!A3", "error"],
        ["duplicate-key", "Focal points!A4", "error"],
    ]


def test_hook_register_settings(register, make_workbook):
    register(FocalPoints(), "focal-points")

    def change(sheets):
        sheets["Settings"].append({"Setting": "Focal point owner", "Value": "Programme team"})

    assert validate_workbook(make_workbook(change), AS_OF).issues == []
    manager().unregister(name="focal-points")
    report = validate_workbook(make_workbook(change), AS_OF)
    assert report.flatten() == [["not-allowed-value", "Settings!A3", "error"]]


def _note_section(context):
    return Section(
        "house-note",
        "House note",
        (Heading("House note"), Paragraph(f"Prepared for the {context.meeting.short_name} delegation.")),
    )


class HouseNote:
    @hookimpl
    def register_sections(self):
        return [SectionSpec("house-note", _note_section, order=25)]


def test_hook_register_sections(register, make_workbook, tmp_path):
    register(HouseNote(), "house-note")
    out = tmp_path / "out"
    assert run("generate", str(make_workbook()), *ARGS, "-o", str(out)).exit_code == 0
    document = docx.Document(str(out / "22MSP-briefing-2026-01-01.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Key figures", "House note", "Changes in the last twelve months"]
    assert "Prepared for the 22MSP delegation." in [p.text for p in document.paragraphs]
    book = openpyxl.load_workbook(out / "22MSP-summary-2026-01-01.xlsx")
    assert "House note" in book.sheetnames
    assert book["House note"]["A4"].value == "Prepared for the 22MSP delegation."


class WordOnly:
    @hookimpl
    def register_sections(self):
        return [SectionSpec("word-only", _note_section, order=85, formats=("docx",))]


def test_a_section_can_be_for_one_report_only(register, make_workbook, tmp_path):
    register(WordOnly(), "word-only")
    out = tmp_path / "out"
    assert run("generate", str(make_workbook()), *ARGS, "-o", str(out)).exit_code == 0
    assert "House note" not in openpyxl.load_workbook(out / "22MSP-summary-2026-01-01.xlsx").sheetnames
    document = docx.Document(str(out / "22MSP-briefing-2026-01-01.docx"))
    assert "House note" in [p.text for p in document.paragraphs]


class BrokenSection:
    @hookimpl
    def register_sections(self):
        def build(context):
            raise KeyError("Stockpiles")

        return [SectionSpec("broken", build)]


def test_a_failing_plugin_section_stops_generation_and_writes_nothing(register, make_workbook, tmp_path):
    register(BrokenSection(), "broken-section")
    out = tmp_path / "out"
    result = run("generate", str(make_workbook()), *ARGS, "-o", str(out))
    assert result.exit_code == 3
    assert "the section 'broken' of the plugin 'broken-section' failed: KeyError" in result.output
    assert "no report was written" in result.output
    assert not out.exists() or list(out.iterdir()) == []


PLUGIN_FILE = """
from report_tool.hookspecs import hookimpl
from report_tool.issues import Severity


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
"""


def test_plugins_dir_loads_a_one_off_file(make_workbook, tmp_path):
    folder = tmp_path / "my-checks"
    folder.mkdir()
    (folder / "shouty.py").write_text(PLUGIN_FILE, encoding="utf-8")
    path = make_workbook(lambda s: s["States"][0].update({"Notes": "CHECK THIS"}))
    result = run("--plugins-dir", str(folder), "validate", str(path), *ARGS)
    assert "States!I2  warning  Notes is all in capitals  [shouty-notes]" in result.output
    listed = json.loads(run("--plugins-dir", str(folder), "plugins").output)
    assert {"name": "shouty", "builtin": False, "hooks": ["register_checks"], "version": None} in listed


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
        "report_tool.checks": ["register_checks"],
        "report_tool.schema": ["register_sheets"],
        "report_tool.sections": ["register_sections"],
    }
    assert all(p["version"] for p in listed if p["builtin"])


def test_entry_points_are_not_loaded_under_test():
    assert not manager().has_plugin("stockpiles")


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
    from report_tool.plugins import load_entry_points

    try:
        load_entry_points()
        assert manager().has_plugin("stockpiles")
        report = validate_workbook(_stockpile_workbook(tmp_path / "wb.xlsx"), AS_OF)
        assert report.flatten() == [
            ["stockpile-deadline-passed", "Stockpiles!E2", "warning"],
            ["stockpile-destroyed-exceeds", "Stockpiles!C3", "error"],
        ]
    finally:
        if manager().has_plugin("stockpiles"):
            manager().unregister(name="stockpiles")


@pytestmark_example
def test_example_plugin_end_to_end_from_the_command_line(tmp_path):
    """As a user runs it: a separate process, where installed plugins load by themselves."""
    workbook = _stockpile_workbook(tmp_path / "wb.xlsx")
    book = openpyxl.load_workbook(workbook)
    book["Stockpiles"]["C3"] = 5  # Tonga: destroyed 5 of 10, no error
    book.save(workbook)
    env = {k: v for k, v in os.environ.items() if k not in ("REPORT_TOOL_PLUGINS",)}
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
