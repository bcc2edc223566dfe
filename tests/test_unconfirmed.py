"""One marking, with its reason, everywhere: a value the workbook marks unconfirmed (or that was
worked out) carries "(unconfirmed)" in every table and sentence of the briefing that shows it,
and a visible "Not confirmed" column on every sheet of the summary; partial lists say so."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from conftest import EXAMPLE
from report_tool.cli import cli
from report_tool.domain.treaty_dates import format_date

MARK = "(unconfirmed)"
REASON = "day derived: six months after the notification"
#: after the 22MSP so that its changes show: a meeting already held is otherwise as at its last day
AFTER = ("--report-date", "2026-01-01")


def _generate(workbook: Path, out: Path, *args: str) -> list[Path]:
    result = CliRunner().invoke(cli, ["generate", str(workbook), "-o", str(out), "--no-map", *args])
    assert result.exit_code == 0, result.output
    return [out / name for name in result.stdout.splitlines()[-1].rsplit(": ", 1)[-1].split(", ")]


def _docx_rows(path: Path) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in docx.Document(str(path)).tables for row in t.rows]


def _footnotes(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return re.sub(r"<[^>]+>", "", archive.read("word/footnotes.xml").decode())


def _shown(value: Any) -> str:
    """A summary cell's value as the briefing writes it."""
    if isinstance(value, dt.datetime):
        return format_date(value.date())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,.0f}"
    return "" if value is None else str(value)


def _sheet_rows(path: Path) -> dict[str, list[dict[str, str]]]:
    """Every table of the summary as rows of header -> shown value."""
    book = openpyxl.load_workbook(path)
    found = {}
    for ws in book.worksheets:
        for table in ws.tables.values():
            cells = ws[table.ref]
            headers = [str(c.value) for c in cells[0]]
            found[f"{ws.title}/{table.name}"] = [
                dict(zip(headers, (_shown(c.value) for c in row), strict=True)) for row in cells[1:]
            ]
    return found


def _subject(row: list[str]) -> str:
    """What a row is about: its first cell that is a name, not a date or a number."""
    return next((c for c in row if c and not c[0].isdigit()), row[0])


def _marked_values(rows: list[list[str]]) -> set[tuple[str, str]]:
    """(row subject, value) for every cell of the briefing's tables that carries the marking."""
    return {
        (_subject(row), cell.removesuffix(MARK).strip())
        for row in rows
        for cell in row
        if cell.endswith(MARK) and len(cell.removesuffix(MARK).strip()) > 3 and cell != _subject(row)
    }


def _check_everywhere(briefing: Path, summary: Path, marked: set[tuple[str, str]]) -> int:
    """Every table row about the subject that shows the value marks it: in the briefing with the
    marking, in the summary with a reason in its Not confirmed column. Returns the places checked."""
    checked = 0
    for subject, value in marked:
        for row in _docx_rows(briefing):
            if subject in row:
                for cell in row:
                    if value in cell:
                        assert MARK in cell, (subject, value, row)
                        checked += 1
        for name, rows in _sheet_rows(summary).items():
            for row in rows:
                if subject in row.values() and value in row.values():
                    assert row.get("Not confirmed"), (name, subject, value, row)
                    checked += 1
    return checked


def test_a_reason_in_the_unconfirmed_cell_marks_the_value_everywhere(make_workbook, tmp_path):
    def change(sheets):
        sheets["Withdrawals"][0]["Unconfirmed"] = f"Effective ({REASON})"

    briefing, summary = _generate(make_workbook(change), tmp_path, "--meeting", "22MSP", *AFTER)
    day = "27 December 2025"
    assert ("Estonia", day) in _marked_values(_docx_rows(briefing))
    # the withdrawals table, the changes since the 22MSP and the annex's note, and their sheets
    assert _check_everywhere(briefing, summary, {("Estonia", day)}) >= 4
    assert f"Not confirmed: Effective: {REASON}." in _footnotes(briefing)
    annex = [r for r in _docx_rows(briefing) if r[0] == "Estonia" and "withdrawal took effect" in r[-1]]
    assert annex and annex[0][-1] == f"withdrawal took effect {day} {MARK}"
    reasons = [
        r["Not confirmed"] for rows in _sheet_rows(summary).values() for r in rows if r.get("Not confirmed")
    ]
    assert reasons and all(REASON in r for r in reasons)


def test_a_derived_date_is_marked_with_why(make_workbook, tmp_path):
    def change(sheets):
        sheets["Withdrawals"][1]["Effective"] = None  # Finland: worked out as 10 January 2026

    briefing, summary = _generate(make_workbook(change), tmp_path, "--meeting", "22MSP", *AFTER)
    assert ("Finland", "10 January 2026") in _marked_values(_docx_rows(briefing))
    assert "Effective: worked out under Article 20(3)" in _footnotes(briefing)
    assert _check_everywhere(briefing, summary, {("Finland", "10 January 2026")}) >= 3


@pytest.fixture(scope="module")
def example_22msp(tmp_path_factory):
    out = tmp_path_factory.mktemp("22msp")
    return _generate(EXAMPLE, out, "--meeting", "22MSP", "--as-of", "2025-12-05")


def test_the_example_marks_each_unconfirmed_value_in_every_table_and_sheet(example_22msp):
    briefing, summary = example_22msp
    marked = _marked_values(_docx_rows(briefing))
    subjects = {subject for subject, _ in marked}
    assert {"Estonia", "Poland", "Tonga"} <= subjects
    assert _check_everywhere(briefing, summary, marked) > len(marked)
    notes = _footnotes(briefing)
    assert "Not confirmed: Effective: day derived" in notes  # Estonia, from the sources' own words
    assert "the workbook" not in notes.lower()


def test_objections_the_sources_list_as_partial_are_said_as_at_least(example_22msp, make_workbook, tmp_path):
    briefing, _ = example_22msp
    text = "\n".join(p.text for p in docx.Document(str(briefing)).paragraphs)
    assert re.search(r"At least six States Parties have lodged formal objections .*, as reported by ", text)

    def complete(sheets):
        sheets["Settings"].append({"Setting": "Complete lists", "Value": "Objections"})

    (briefing,) = _generate(
        make_workbook(complete), tmp_path, "--meeting", "22MSP", *AFTER, "--format", "docx"
    )
    text = "\n".join(p.text for p in docx.Document(str(briefing)).paragraphs)
    assert "At least" not in text and "One State Party has lodged a formal objection" in text
