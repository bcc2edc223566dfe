"""Cell references: made in one place from data, quoted where Excel quotes, and never split back;
values shown as typed wherever an issue or a change is listed."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import AS_OF
from report_tool.cli import cli
from report_tool.plugins.hookspecs import hookimpl
from report_tool.plugins.registry import Registry
from report_tool.workbook.cell_references import CellRef, column_letters, column_number, quote_sheet
from report_tool.workbook.schema import Column, ColumnType, Sheet

MY_STATES = "My States"
TYPED = "Party's"  # an apostrophe: shown as typed, never "Party's" in double quotes
WHERE = "'My States'!A2"


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("States", "States"),
        ("My States", "'My States'"),
        ("O'Brien", "'O''Brien'"),
        (" WITHDRAWALS ", "' WITHDRAWALS '"),
        ("A1", "'A1'"),  # reads as a cell
        ("R1C1", "'R1C1'"),
        ("2024", "'2024'"),
        ("Données_2024", "Données_2024"),
    ],
)
def test_sheet_names_are_quoted_as_excel_quotes_them(name, written):
    assert quote_sheet(name) == written


@pytest.mark.parametrize(("number", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (16384, "XFD")])
def test_column_letters_and_numbers_are_one_conversion(number, letters):
    assert column_letters(number) == letters
    assert column_number(letters) == column_number(letters.lower()) == number


def test_a_reference_is_formatted_from_its_parts():
    assert str(CellRef(MY_STATES, 2, "A")) == WHERE
    assert str(CellRef("States", 3)) == "States!3:3"
    assert str(CellRef("States", column="G")) == "States!G:G"
    assert str(CellRef("States", 2, "A", 2, "H")) == "States!A2:H2"
    assert str(CellRef(MY_STATES)) == "'My States'"
    assert CellRef.of("'O''Brien'!B7", "Other") == CellRef("O'Brien", 7, "B")
    assert CellRef.of("D:D", "Objections") == CellRef("Objections", column="D")


class MyStates:
    """A plugin's sheet whose name has a space: every reference to it must be quoted."""

    @hookimpl
    def register_sheets(self):
        state = Column("state", "State", ColumnType.STATE, "The state.", required=True, is_key=True)
        note = Column("note", "Note", ColumnType.TEXT, "Anything.")
        return [Sheet(MY_STATES, "States with notes.", (state, note), required=False)]


@pytest.fixture
def registry():
    found = Registry()
    found.register(MyStates(), "my-states")
    return found


def _with_my_states(make_workbook, state: str, note: str):
    path = make_workbook()
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet(MY_STATES)
    sheet.append(["State", "Note"])
    sheet.append([state, note])
    book.save(path)
    return path


def _run(registry, *args):
    return CliRunner().invoke(cli, [*args, "--data-date", AS_OF.isoformat()], obj=registry)


def test_an_issue_on_my_states_is_quoted_and_its_value_shown_as_typed_everywhere(
    make_workbook, registry, tmp_path
):
    path = _with_my_states(make_workbook, TYPED, "")

    text = _run(registry, "validate", str(path)).output
    assert f"  {WHERE}  error  " in text

    [issue] = json.loads(_run(registry, "validate", str(path), "--format", "json").output)["issues"]
    assert (issue["code"], issue["sheet"], issue["row"], issue["column"]) == (
        "unknown-state",
        MY_STATES,
        2,
        "A",
    )
    assert (issue["cell"], issue["value"]) == (WHERE, TYPED)

    rows = list(csv.DictReader(io.StringIO(_run(registry, "validate", str(path), "--format", "csv").output)))
    assert [(r["cell"], r["value"]) for r in rows] == [(WHERE, TYPED)]

    copy = tmp_path / "checked.xlsx"
    assert _run(registry, "validate", str(path), "--annotate", str(copy)).exit_code == 1
    book = openpyxl.load_workbook(copy)
    issues = book["Issues"]
    row = next(r for r in issues.iter_rows() if r[2].value == WHERE)
    assert row[4].value == TYPED  # the Value column: as typed, no quotes added
    assert row[2].hyperlink.location == WHERE
    assert book[MY_STATES]["A2"].comment.text.startswith("Error: ")


def test_a_change_on_my_states_is_quoted_in_every_view_of_the_diff(make_workbook, registry, tmp_path):
    old = _with_my_states(make_workbook, "Norway", "one")
    new = _with_my_states(make_workbook, "Norway", TYPED)
    where = "'My States'!B2"

    [cell] = json.loads(_run(registry, "diff", str(old), str(new), "--format", "json").output)["cells"]
    assert (cell["old_cell"], cell["new_cell"], cell["new"]) == (where, where, TYPED)

    assert (
        f"  {where}  Norway  Note changed: 'one' -> '{TYPED}'"
        in _run(registry, "diff", str(old), str(new)).output
    )

    rows = list(
        csv.DictReader(io.StringIO(_run(registry, "diff", str(old), str(new), "--format", "csv").output))
    )
    assert [(r["new_cell"], r["key"], r["new"]) for r in rows if r["section"] == "cell"] == [
        (where, "Norway", TYPED)
    ]

    copy = tmp_path / "changes.xlsx"
    assert _run(registry, "diff", str(old), str(new), "--annotate", str(copy)).exit_code in (0, 1)
    book = openpyxl.load_workbook(copy)
    assert book[MY_STATES]["B2"].comment.text == "was one"
    changes = book[book.sheetnames[0]]
    row = next(r for r in changes.iter_rows() if r[2].value == where)
    assert row[2].hyperlink.location == where
