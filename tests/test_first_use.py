"""What staff and programme officers meet first on the command line: generate's warnings and its
summary line, --open, validate --output, and help that reads as plain sentences."""

from __future__ import annotations

import csv
import json
import re
import subprocess

import click
import pytest
from click.testing import CliRunner

from conftest import AS_OF, EUROPE
from report_tool import desktop
from report_tool.cli import cli

ARGS = ["--data-date", AS_OF.isoformat()]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _a_warning(sheets):
    """A valid workbook with one warning: a share typed as a fraction (0.9 for 90%)."""
    sheets["Casualties"][1]["Civilians %"] = 0.9


def test_generate_shows_the_warnings_grouped_before_writing_and_ends_with_one_summary_line(
    make_workbook, tmp_path
):
    path = make_workbook(_a_warning)
    out = tmp_path / "out"
    result = run("generate", str(path), *ARGS, "-o", str(out))
    assert result.exit_code == 0, result.output
    errors = result.stderr.splitlines()
    grouped = errors.index("Casualties")
    assert errors[grouped + 1].startswith(
        "  Casualties!H3  warning  Global 2024 – Civilians %: 0.9 reads as 0.9%"
    )
    assert errors[grouped + 2].startswith("      hint: ")
    assert errors[grouped + 3] == f"{path.name}: 0 errors, 1 warning"
    assert grouped < min(i for i, line in enumerate(errors) if line.startswith("Writing "))
    assert result.stdout.splitlines() == [
        "Wrote the briefing and the summary for the 22MSP, as at 1 January 2026, in "
        f"{out}/: 22MSP-briefing-2026-01-01.docx, 22MSP-summary-2026-01-01.xlsx"
    ]
    assert sorted(p.name for p in out.iterdir()) == [
        "22MSP-briefing-2026-01-01.docx",
        "22MSP-summary-2026-01-01.xlsx",
    ]


@pytest.mark.parametrize("platform", ["win32", "darwin", "linux"])
def test_open_opens_the_briefing_in_the_default_application(make_workbook, tmp_path, monkeypatch, platform):
    opened: list[list[str]] = []
    monkeypatch.setattr(desktop.sys, "platform", platform)
    monkeypatch.setattr(
        desktop.os, "startfile", lambda path: opened.append(["startfile", str(path)]), raising=False
    )
    monkeypatch.setattr(desktop.subprocess, "Popen", lambda command, **kw: opened.append(command))
    out = tmp_path / "out"
    result = run("generate", str(make_workbook()), *ARGS, "-o", str(out), "--open")
    assert result.exit_code == 0, result.output
    briefing = str(out / "22MSP-briefing-2026-01-01.docx")
    expected = {"win32": "startfile", "darwin": "open", "linux": "xdg-open"}[platform]
    assert opened == [[expected, briefing]]


def test_open_without_a_way_to_open_says_so_and_keeps_the_reports(make_workbook, tmp_path, monkeypatch):
    def missing(command, **kw):
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(desktop.sys, "platform", "linux")
    monkeypatch.setattr(subprocess, "Popen", missing)
    out = tmp_path / "out"
    result = run("generate", str(make_workbook()), *ARGS, "-o", str(out), "--format", "xlsx", "--open")
    assert result.exit_code == 0
    summary = out / "22MSP-summary-2026-01-01.xlsx"
    assert result.stderr.splitlines()[-1] == (
        f"report-tool: cannot open {summary}: No such file or directory; open it yourself"
    )
    assert summary.is_file()


def _turkiye(sheets):
    sheets["States"].append({"State": "Türkiye", "ISO3": "TUR", "Region": EUROPE, "Status": "Not party"})
    sheets["Casualties"].append(
        {"Year": 2024, "Country": "Türkiye", "Total": -1, "Edition": "Landmine Monitor 2025"}
    )


def test_validate_writes_csv_with_a_byte_order_mark_to_a_file(make_workbook, tmp_path):
    path = make_workbook(_turkiye)
    target = tmp_path / "problems.csv"
    result = run("validate", str(path), *ARGS, "--format", "csv", "--output", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"Wrote {target}: {path.name}: 1 error, 0 warnings"]
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the mark
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert [(r["cell"], r["code"]) for r in rows] == [("Casualties!C5", "negative-count")]
    assert (rows[0]["subject"], rows[0]["message"]) == ("Türkiye 2024", "Total: -1 is negative")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary left


def test_validate_writes_json_to_a_file_and_replaces_it_only_with_overwrite(make_workbook, tmp_path):
    path = make_workbook()
    target = tmp_path / "report.json"
    assert run("validate", str(path), *ARGS, "--format", "json", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["valid"] is True
    again = run("validate", str(path), *ARGS, "--format", "json", "-o", str(target))
    assert again.exit_code == 2
    assert again.stderr == f"report-tool: {target} already exists; use --overwrite to replace it\n"
    assert (
        run("validate", str(path), *ARGS, "--format", "json", "-o", str(target), "--overwrite").exit_code == 0
    )


def _help(*command: str) -> list[str]:
    result = CliRunner().invoke(cli, [*command, "--help"], terminal_width=80)
    assert result.exit_code == 0
    return result.output.splitlines()


def _exit_codes(lines: list[str]) -> list[str]:
    start = lines.index("  Exit codes:")
    return [line.split()[0] for line in lines[start + 1 :] if line.strip()]


@pytest.mark.parametrize(
    ("command", "codes"),
    [((), ["0", "1", "2", "3"]), (("init",), ["0", "2", "3"]), (("plugins",), ["0", "2", "3"])]
    + [((name,), ["0", "1", "2", "3"]) for name in ("validate", "generate")],
)
def test_help_lists_only_the_exit_codes_a_command_can_return(command, codes):
    """...and every command's help the two that any run can end with: Ctrl-C and a closed pipe."""
    assert _exit_codes(_help(*command)) == [*codes, "130", "141"]


ALL_HELP = [(), ("init",), ("validate",), ("generate",), ("plugins",), ("diff",)]


@pytest.mark.parametrize("command", ALL_HELP)
def test_help_fits_80_columns_says_defaults_one_way_and_has_no_programmer_notation(command):
    lines = _help(*command)
    assert [line for line in lines if len(line) > 80] == []
    text = "\n".join(lines)
    assert "[default:" not in text and "x>=" not in text and "RANGE" not in text


def test_command_summaries_are_whole_sentences():
    lines = _help()
    listed = lines[lines.index("Commands:") + 1 : lines.index("  Exit codes:")]
    summaries = dict(line.split(None, 1) for line in listed if line.strip())
    assert sorted(summaries) == sorted(cli.commands)
    for summary in summaries.values():
        assert summary[0].isupper() and summary.endswith(".") and not summary.endswith("..."), summary


def test_example_file_names_are_never_split():
    text = "\n".join(_help("generate"))
    for name in ("reports/23MSP-briefing-2026-11-26.docx", "reports/23MSP-summary-2026-11-26.xlsx"):
        assert re.search(rf"^\s+{re.escape(name)}$", text, re.MULTILINE), name


def test_a_number_option_says_what_it_wants_in_words(make_workbook):
    result = run("validate", str(make_workbook()), "--max-issues", "0")
    assert result.exit_code == 2
    assert "'0' is not a whole number of 1 or more" in result.output and "x>=" not in result.output


def test_init_force_is_a_hidden_alias_of_overwrite():
    text = "\n".join(_help("init"))
    assert "--overwrite" in text and "--force" not in text
    assert isinstance(cli.commands["init"], click.Command)
