"""One error hierarchy, in errors.py; library messages say what is wrong and the CLI says which of
its options fixes it."""

from __future__ import annotations

import ast
import builtins
import importlib
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from report_tool import errors
from report_tool.cli import cli

PACKAGE = Path(__file__).resolve().parents[1] / "report_tool"


def _exception_classes() -> dict[str, list[str]]:
    """Module file -> the exception classes it defines, read from the source (so that optional
    libraries need not be installed): a class is one when a base is a built-in exception or a
    class so found, or is named like one (click.ClickException)."""
    known = {name for name in dir(builtins) if isinstance(getattr(builtins, name), type)}
    known = {name for name in known if issubclass(getattr(builtins, name), BaseException)}
    trees = {
        path.relative_to(PACKAGE).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }
    found: dict[str, list[str]] = {}
    for _ in range(3):  # a class deriving from one found in a later file
        for where, tree in trees.items():
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef) or node.name in found.get(where, []):
                    continue
                bases = [
                    base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
                    for base in node.bases
                ]
                if any(b in known or b.endswith(("Error", "Exception")) for b in bases):
                    found.setdefault(where, []).append(node.name)
                    known.add(node.name)
    return found


def test_every_exception_class_is_declared_in_errors():
    found = _exception_classes()
    assert {where: names for where, names in found.items() if where != "errors.py"} == {}
    assert len(found["errors.py"]) >= 13


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("report_tool.output", "OutputError"),
        ("report_tool.workbook.reader", "WorkbookUnreadable"),
        ("report_tool.report.generate", "GenerationRefused"),
        ("report_tool.report.render.template", "TemplateError"),
        ("report_tool.report.render.pdf", "PdfError"),
        ("report_tool.domain.status", "DateTooEarly"),
        ("report_tool.domain.status", "UnknownMeeting"),
    ],
)
def test_the_old_places_still_give_the_same_classes(module, name):
    assert getattr(importlib.import_module(module), name) is getattr(errors, name)


def _library_strings() -> list[tuple[str, str]]:
    """Every string constant of the library (the package but the CLI), docstrings left out."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] == "cli" or path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found.append((path.relative_to(PACKAGE).as_posix(), node.value))
    return found


def test_the_scan_sees_f_strings_and_leaves_docstrings_out():
    texts = [text for _, text in _library_strings()]
    assert " already exists" in texts  # the constant part of an f-string
    assert not any(text.startswith("Every error the tool raises on purpose") for text in texts)


def _cli_options() -> set[str]:
    """Every long option of every command, read from the Click command tree itself."""
    from report_tool.cli import cli

    found: set[str] = set()
    for command in [cli, *cli.commands.values()]:
        for param in command.params:
            found |= {name for name in (*param.opts, *param.secondary_opts) if name.startswith("--")}
    return found - {"--help", "--version"}


def test_library_messages_name_no_option_of_the_cli():
    options = _cli_options()
    assert {"--max-issues", "--format", "--as-of", "--no-map"} <= options  # the scan is of real options
    option = re.compile("|".join(re.escape(name) + r"\b" for name in sorted(options, key=len, reverse=True)))
    assert [(where, text) for where, text in _library_strings() if option.search(text)] == []


def test_already_exists_is_written_once_and_its_remedy_once():
    assert [where for where, text in _library_strings() if "already exists" in text] == ["errors.py"]
    cli_text = "".join(path.read_text(encoding="utf-8") for path in (PACKAGE / "cli").rglob("*.py"))
    assert cli_text.count("use --overwrite") == 1


def test_the_cli_names_the_option_that_fixes_each_error(tmp_path, make_workbook):
    path = make_workbook()
    out = tmp_path / "out"
    args = ["generate", str(path), "-o", str(out), "--format", "docx"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 2
    assert again.output.endswith(" already exists; use --overwrite to replace it\n")
    meeting = CliRunner().invoke(cli, [*args, "--overwrite", "--meeting", "99MSP"])
    assert meeting.exit_code == 2
    assert meeting.output.splitlines()[-1].startswith("report-tool: --meeting: no meeting '99MSP' on the")
    early = CliRunner().invoke(cli, ["validate", str(path), "--data-date", "1990-01-01"])
    assert early.exit_code == 2
    assert early.output.startswith("report-tool: --data-date: 1 January 1990 is before")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/padding.bin", b"0" * 2**21)  # 2 MB unzipped, a few kB zipped
    large = CliRunner().invoke(cli, ["validate", str(path), "--max-size", "1"])
    assert large.exit_code == 2
    assert large.output.rstrip().endswith("MB limit (raise it with --max-size if it is genuine)")
