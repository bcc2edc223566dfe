"""The command line as users meet it: output, exit codes, JSON shape, unreadable files."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile

import pytest
from click.testing import CliRunner

from conftest import AS_OF, REPO, sha256
from report_tool import __version__
from report_tool.cli import cli

ARGS = ["--data-date", AS_OF.isoformat()]


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def test_valid_workbook_exits_0_with_a_summary(make_workbook):
    path = make_workbook()
    result = run("validate", str(path), *ARGS)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Data date 1 January 2026 (given with --data-date); report date 1 January 2026 (the data date)",
        f"{path.name}: 0 errors, 0 warnings",
    ]


def test_errors_exit_1_grouped_by_sheet_with_the_cell_first(make_workbook):
    def change(sheets):
        sheets["Withdrawals"][1]["Notified"] = "10/07/2025"
        sheets["States"][0]["ISO3"] = "NRW"
        sheets["Casualties"][1]["Total"] = "6,279"

    path = make_workbook(change)
    before = sha256(path)
    result = run("validate", str(path), *ARGS)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "States"
    assert lines[1].startswith("  States!B2  error  Norway – ISO3: 'NRW' is not an ISO 3166-1")
    assert "Withdrawals" in lines and "Casualties" in lines
    assert lines.index("States") < lines.index("Withdrawals") < lines.index("Casualties")
    assert any(line.startswith("  Withdrawals!C3  error") for line in lines)
    assert any(line.startswith("  Casualties!C3  warning") for line in lines)
    assert any(line.strip().startswith("hint: ") for line in lines)
    assert lines[-1] == f"{path.name}: 2 errors, 1 warning"
    assert "\x1b[" not in result.output
    assert sha256(path) == before  # the input is only ever read


def test_color_only_when_asked_and_an_explicit_color_wins_over_no_color(make_workbook):
    path = make_workbook(lambda s: s["States"][0].update({"ISO3": "NRW"}))
    assert "\x1b[31m" in run("validate", str(path), *ARGS, "--color").output
    assert "\x1b[" not in run("validate", str(path), *ARGS).output  # not a terminal
    assert "\x1b[" not in run("validate", str(path), *ARGS, env={"NO_COLOR": "1"}).output
    assert "\x1b[31m" in run("validate", str(path), *ARGS, "--color", env={"NO_COLOR": "1"}).output
    assert "\x1b[31m" in run("--color", "validate", str(path), *ARGS, env={"NO_COLOR": "1"}).output
    assert "\x1b[" not in run("--color", "validate", str(path), *ARGS, "--no-color").output


def test_json_shape(make_workbook):
    path = make_workbook(lambda s: s["Withdrawals"][1].update({"Notified": "10/07/2025"}))
    result = run("validate", str(path), *ARGS, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == {"tool", "version", "file", "sha256", "as_of", "valid", "counts", "shown", "issues"}
    assert data["tool"] == "report-tool" and data["version"] == __version__
    assert data["sha256"] == sha256(path)
    assert data["as_of"] == "2026-01-01"
    assert data["valid"] is False
    assert data["counts"] == {"error": 1, "warning": 0}
    assert data["shown"] == 1
    assert data["issues"] == [
        {
            "code": "ambiguous-date",
            "severity": "error",
            "sheet": "Withdrawals",
            "row": 3,
            "column": "C",
            "header": "Notified",
            "cell": "Withdrawals!C3",
            "value": "10/07/2025",
            "subject": "Finland",
            "message": "Notified: '10/07/2025' is not a date (it could be 10 July 2025 or 7 October 2025)",
            "hint": "type the month in words (10 July 2025) or the year first (2025-07-10); "
            "Effective not checked until Notified is a date; "
            "the Status of Finland (States!D5) not checked until Notified is a date",
            "cells": [],
        }
    ]


def test_json_dates_are_iso(make_workbook):
    path = make_workbook(lambda s: s["Meetings"][0].update({"Ends": dt.date(2025, 11, 1)}))
    data = json.loads(run("validate", str(path), *ARGS, "--format", "json").output)
    assert data["issues"][0]["value"] == "2025-11-01"


def test_bad_as_of_is_a_usage_error(make_workbook):
    result = run("validate", str(make_workbook()), "--data-date", "03/04/2026")
    assert result.exit_code == 2
    assert (
        "'03/04/2026' is not a date (it could be 3 April 2026 or 4 March 2026); use YYYY-MM-DD"
        in result.output
    )
    assert (
        "'soon' is not a date; use YYYY-MM-DD"
        in run("validate", str(make_workbook()), "--data-date", "soon").output
    )


def test_as_of_reads_a_day_first_date_as_cells_do(make_workbook):
    result = run("validate", str(make_workbook()), "--data-date", "31/12/2025", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["as_of"] == "2025-12-31"


def _unreadable(tmp_path):
    text = tmp_path / "list.xlsx"
    text.write_text("State,ISO3\nNorway,NOR\n", encoding="utf-8")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    legacy = tmp_path / "old.xlsx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    locked = tmp_path / "~$apmbc.xlsx"
    locked.write_bytes(b"\x0bJohn Smith" + b"\0" * 150)
    other_zip = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("photo.txt", "not a workbook")
    ods = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    return {
        "missing.xlsx": (tmp_path / "missing.xlsx", "no such file"),
        "folder": (tmp_path, "this is a folder, not a workbook"),
        "empty": (empty, "the file is empty"),
        "text": (text, "not an Excel workbook (it looks like a text or CSV file)"),
        "legacy": (legacy, "old Excel 97-2003 (.xls) file"),
        "lock": (locked, "Excel's lock file"),
        "zip": (other_zip, "this zip file is not an Excel workbook"),
        "ods": (ods, "OpenDocument (.ods)"),
    }


@pytest.mark.parametrize("case", ["missing.xlsx", "folder", "empty", "text", "legacy", "lock", "zip", "ods"])
def test_unreadable_files_exit_2_with_one_line(tmp_path, case):
    path, reason = _unreadable(tmp_path)[case]
    result = run("validate", str(path), *ARGS)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith(f"report-tool: {path}: ")
    assert reason in result.output
    assert "Traceback" not in result.output


def test_truncated_workbook_exits_2(make_workbook, tmp_path):
    data = make_workbook().read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    result = run("validate", str(cut), *ARGS)
    assert result.exit_code == 2
    assert "damaged or incomplete" in result.output


def test_help_documents_exit_codes_and_examples():
    for command in ([], ["validate"], ["init"]):
        result = run(*command, "--help")
        assert result.exit_code == 0
        assert "Exit codes:" in result.output and "2  a wrong option" in result.output
    assert "Example" in run("validate", "--help").output
    assert "Example" in run("init", "--help").output


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`report-tool validate ... | head -1`: the reader goes away before the output is written."""
    workbook = REPO / "workbooks" / "apmbc.xlsx"
    command = [sys.executable, "-m", "report_tool", "validate", str(workbook), "--format", "json"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    process.stdout.close()  # before the tool has read the workbook, let alone written a line
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == 141  # 128 + SIGPIPE, as a shell reports `yes | head -1`
    assert stderr == b""


def test_every_user_error_ends_through_the_one_catch_with_its_exit_code(tmp_path):
    """The error hierarchy: each kind of user error is a ReportToolError carrying its code."""
    from report_tool.errors import (
        GenerationRefused,
        OutputError,
        PluginError,
        PluginLoadError,
        ReportToolError,
        TemplateError,
        UnknownMeeting,
        UsageError,
        WorkbookUnreadable,
    )

    codes = {
        kind.__name__: kind.exit_code
        for kind in (WorkbookUnreadable, OutputError, TemplateError, UnknownMeeting, PluginLoadError)
    }
    assert codes == dict.fromkeys(codes, 2)
    assert issubclass(PluginLoadError, UsageError) and issubclass(UsageError, ReportToolError)
    assert (GenerationRefused.exit_code, PluginError.exit_code) == (1, 3)
    missing = run("validate", str(tmp_path / "nope.xlsx"))
    assert (missing.exit_code, missing.output) == (
        2,
        f"report-tool: {tmp_path / 'nope.xlsx'}: no such file\n",
    )
