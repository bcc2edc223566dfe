"""diff: OLD and NEW built from the example workbook, one edit each, the exact JSON asserted."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import EXAMPLE
from report_tool.cli import cli
from report_tool.diff.compare import diff_workbooks
from report_tool.plugins.hookspecs import hookimpl
from report_tool.workbook.schema import Column, ColumnType, Sheet

AS_OF = dt.date(2026, 11, 26)
Edit = Callable[[openpyxl.Workbook], None]


def version(tmp_path: Path, name: str, edit: Edit | None = None) -> Path:
    """The example workbook, saved by openpyxl (so OLD and NEW differ only by `edit`)."""
    path = tmp_path / name
    if edit is None:
        path.write_bytes(_resaved())
        return path
    book = openpyxl.load_workbook(EXAMPLE)
    edit(book)
    book.save(path)
    return path


@functools.cache
def _resaved() -> bytes:
    buffer = io.BytesIO()
    openpyxl.load_workbook(EXAMPLE).save(buffer)
    return buffer.getvalue()


def row_of(sheet: Any, first: str) -> int:
    """The Excel row whose first cell is `first`."""
    return next(row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value == first)


def next_row(sheet: Any) -> int:
    """The row after the last one with data (the example has formatted blank rows below it)."""
    return max(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value is not None) + 1


def changes(tmp_path: Path, edit: Edit) -> dict[str, Any]:
    """The JSON of diff(example, example + edit), without what varies from run to run."""
    old, new = version(tmp_path, "old.xlsx"), version(tmp_path, "new.xlsx", edit)
    found = diff_workbooks(old, new, AS_OF).to_dict()
    for side in ("old", "new"):
        assert found[side]["file"] == str(tmp_path / f"{side}.xlsx")
        assert found[side]["as_of"] == "2026-11-26"
        found[side] = {"errors": found[side]["errors"]}
    del found["tool"], found["version"]
    return found


NOTHING = {"treaty": [], "treaty_note": None, "notes": [], "rows": [], "cells": []}
NO_COUNTS = {
    "rows_added": 0,
    "rows_removed": 0,
    "cells_changed": 0,
    "cells_changed_in_form": 0,
    "sheets_and_columns": 0,
    "treaty": 0,
}


def expected(errors: tuple[int, int] = (0, 0), **given: Any) -> dict[str, Any]:
    counts = dict(NO_COUNTS, **given.pop("counts", {}))
    found = {
        "old": {"errors": errors[0]},
        "new": {"errors": errors[1]},
        "differs": given.pop("differs", True),
        "counts": counts,
        **NOTHING,
    }
    found.update(given)
    return found


def test_the_same_workbook_has_no_differences(tmp_path):
    assert changes(tmp_path, lambda book: None) == expected(differs=False)


def test_a_value_changed(tmp_path):
    def edit(book):
        states = book["States"]
        states.cell(row_of(states, "Norway"), 7).value = dt.datetime(1998, 7, 10)

    row = row_of(openpyxl.load_workbook(EXAMPLE)["States"], "Norway")
    assert changes(tmp_path, edit) == expected(
        counts={"cells_changed": 1, "treaty": 1},
        treaty=[
            {
                "kind": "deposit",
                "subject": "Norway",
                "message": "Norway: Ratification deposited re-dated from 9 July 1998 to 10 July 1998",
                "cells": [],
            }
        ],
        cells=[
            {
                "sheet": "States",
                "key": {"State": "Norway"},
                "column": "Deposited",
                "kind": "value",
                "old": "1998-07-09",
                "new": "1998-07-10",
                "old_form": "date",
                "new_form": "date",
                "old_cell": f"States!G{row}",
                "new_cell": f"States!G{row}",
            }
        ],
    )


def test_a_row_added_revises_a_casualty_year(tmp_path):
    added = [2024, "Global", 6300, 1950, 4350, None, None, None, None, None, None, "Landmine Monitor 2026"]

    def edit(book):
        sheet = book["Casualties"]
        row = next_row(sheet)
        for column, value in enumerate(added, start=1):
            sheet.cell(row, column).value = value

    row = next_row(openpyxl.load_workbook(EXAMPLE)["Casualties"])
    assert changes(tmp_path, edit) == expected(
        (0, 1),  # Landmine Monitor 2026 is not on the Editions sheet: an error, still a revision
        counts={"rows_added": 1, "treaty": 1},
        treaty=[
            {
                "kind": "casualties-revised",
                "subject": "2024 Global",
                "message": "2024 (Global): Landmine Monitor 2026 revises the total from 6,279 "
                "(Landmine Monitor 2025) to 6,300 (+21)",
                "cells": [f"Casualties!{row}:{row}"],
            }
        ],
        rows=[
            {
                "sheet": "Casualties",
                "change": "added",
                "key": {"Country": "Global", "Year": 2024, "Edition": "Landmine Monitor 2026"},
                "row": row,
                "cell": f"Casualties!{row}:{row}",
                "values": {
                    "Year": 2024,
                    "Country": "Global",
                    "Total": 6300,
                    "Killed": 1950,
                    "Injured": 4350,
                    "Edition": "Landmine Monitor 2026",
                },
            }
        ],
    )


def test_a_row_removed_removes_an_objection(tmp_path):
    example = openpyxl.load_workbook(EXAMPLE)["Objections"]
    row = row_of(example, "Belgium")
    headers = [c.value for c in example[1]]
    values = {h: v for h, v in zip(headers, (c.value for c in example[row]), strict=True) if v is not None}
    assert changes(tmp_path, lambda book: book["Objections"].delete_rows(row)) == expected(
        counts={"rows_removed": 1, "treaty": 1},
        treaty=[
            {
                "kind": "objection-removed",
                "subject": "Belgium",
                "message": "Belgium: objection to the suspension by Ukraine removed",
                "cells": [f"Objections!{row}:{row}"],
            }
        ],
        rows=[
            {
                "sheet": "Objections",
                "change": "removed",
                "key": {"Objecting state": "Belgium", "Objection to": "Ukraine", "Action": "Suspension"},
                "row": row,
                "cell": f"Objections!{row}:{row}",
                "values": values,
            }
        ],
    )


def test_a_column_moved_is_no_change(tmp_path):
    def edit(book):
        sheet = book["States"]
        sheet.move_range("C1:C300", cols=sheet.max_column - 2)  # Region to after the last column
        sheet.delete_cols(3)

    assert changes(tmp_path, edit) == expected(differs=False)


def test_a_header_in_other_case_and_spaces_is_no_change(tmp_path):
    def edit(book):
        book["Casualties"]["A1"].value = "  YEAR "
        book["States"]["H1"].value = "entry into FORCE"

    assert changes(tmp_path, edit) == expected(differs=False)


def test_a_sheet_missing_in_new(tmp_path):
    def edit(book):
        del book["Suspensions"]

    assert changes(tmp_path, edit) == expected(
        errors=(0, 1),
        counts={"sheets_and_columns": 1, "treaty": 1},
        treaty=[
            {
                "kind": "suspension",
                "subject": "Ukraine",
                "message": "Ukraine: \u2018Suspension\u2019 notified 18 July 2025 no longer recorded",
                "cells": [],
            }
        ],
        notes=[
            {
                "sheet": "Suspensions",
                "code": "sheet-removed",
                "message": "The Suspensions sheet is only in OLD",
                "differs": True,
            }
        ],
    )


def test_a_duplicate_key_is_matched_in_order_and_said(tmp_path):
    example = openpyxl.load_workbook(EXAMPLE)["Withdrawals"]
    first = row_of(example, "Finland")
    copied = [c.value for c in example[first]]
    last = next_row(example) - 1

    def edit(book):
        sheet = book["Withdrawals"]
        for column, value in enumerate(copied, start=1):
            sheet.cell(last + 1, column).value = value

    headers = [c.value for c in example[1]]
    values = {h: v for h, v in zip(headers, copied, strict=True) if v is not None}
    values = {h: v.date().isoformat() if isinstance(v, dt.datetime) else v for h, v in values.items()}
    assert changes(tmp_path, edit) == expected(
        errors=(0, 1),
        counts={"rows_added": 1},
        notes=[
            {
                "sheet": "Withdrawals",
                "code": "duplicate-key",
                "message": "State 'Finland' is on 1 row(s) in OLD and 2 in NEW; they are matched in the "
                "order they come",
                "differs": False,
            }
        ],
        rows=[
            {
                "sheet": "Withdrawals",
                "change": "added",
                "key": {"State": "Finland"},
                "row": last + 1,
                "cell": f"Withdrawals!{last + 1}:{last + 1}",
                "values": values,
            }
        ],
    )


def test_a_date_typed_as_text_is_a_change_of_form_only(tmp_path):
    def edit(book):
        states = book["States"]
        states.cell(row_of(states, "Finland"), 7).value = "9 January 2012"

    row = row_of(openpyxl.load_workbook(EXAMPLE)["States"], "Finland")
    found = changes(tmp_path, edit)
    assert found["treaty"] == [] and found["rows"] == []
    assert found["counts"]["cells_changed"] == 0 and found["counts"]["cells_changed_in_form"] == 1
    assert found["cells"] == [
        {
            "sheet": "States",
            "key": {"State": "Finland"},
            "column": "Deposited",
            "kind": "form",
            "old": "2012-01-09",
            "new": "9 January 2012",
            "old_form": "date",
            "new_form": "text",
            "old_cell": f"States!G{row}",
            "new_cell": f"States!G{row}",
        }
    ]
    assert found["new"]["errors"] == 0  # validation reads the text as the same day, with a warning


def test_numbers_within_float_noise_are_equal(tmp_path):
    def edit(book):
        sheet = book["Casualties"]
        share = next(row[7] for row in sheet.iter_rows(min_row=2) if isinstance(row[7].value, int | float))
        share.value = share.value + 1e-12  # a percentage, which need not be whole

    assert changes(tmp_path, edit) == expected(differs=False)


def _state_row(sheet, name: str) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == name)


def test_a_state_renamed_under_its_iso3_code_is_one_change_not_a_state_removed_and_one_added(tmp_path):
    def edit(book):
        sheet = book["States"]
        sheet.cell(_state_row(sheet, "Slovenia"), 1).value = "Kovačič"

    found = changes(tmp_path, edit)
    assert [(t["kind"], t["message"]) for t in found["treaty"]] == [
        ("name", "Slovenia: named 'Kovačič' on the States sheet (SVN)")
    ]
    assert found["rows"] == []
    assert [(c["column"], c["old"], c["new"]) for c in found["cells"]] == [("State", "Slovenia", "Kovačič")]


def test_a_state_replaced_by_another_code_is_still_removed_and_added(tmp_path):
    def edit(book):
        sheet = book["States"]
        row = _state_row(sheet, "Slovenia")
        sheet.cell(row, 1).value, sheet.cell(row, 2).value = "Kosovo Republic", "XKX"

    found = changes(tmp_path, edit)
    assert {(t["kind"], t["message"].split(":")[0]) for t in found["treaty"] if t["kind"] == "status"} == {
        ("status", "Kosovo Republic"),
        ("status", "Slovenia"),
    }
    assert sorted(r["change"] for r in found["rows"]) == ["added", "removed"]


def test_a_withdrawal_notified_changes_a_status_on_the_data_date(tmp_path):
    """Norway notifies a withdrawal effective before the as-at date: its status changes."""

    def edit(book):
        sheet = book["Withdrawals"]
        row = next_row(sheet)
        sheet.cell(row, 1).value = "Norway"
        sheet.cell(row, 3).value = dt.datetime(2026, 1, 5)

    found = changes(tmp_path, edit)
    assert [(t["kind"], t["message"]) for t in found["treaty"]] == [
        ("status", "Norway: State Party -> Withdrawn as at 26 November 2026"),
        ("withdrawal", "Norway: Withdrawal notified 5 January 2026 (takes effect 5 July 2026)"),
        ("withdrawal", "Norway: Withdrawal takes effect 5 July 2026"),
    ]


def test_meetings_added_and_dated(tmp_path):
    def edit(book):
        sheet = book["Meetings"]
        sheet.cell(row_of(sheet, "First Meeting of the States Parties"), 4).value = dt.datetime(1999, 5, 4)
        row = next_row(sheet)
        for column, value in enumerate(["Fiftieth Meeting of the States Parties", "50MSP", "MSP"], start=1):
            sheet.cell(row, column).value = value

    found = changes(tmp_path, edit)
    assert [(t["kind"], t["message"]) for t in found["treaty"]] == [
        ("meeting-added", "50MSP: added (not yet dated)"),
        ("meeting-dated", "1MSP: Starts moved from 3 May 1999 to 4 May 1999"),
    ]


# -- the command ------------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, ["diff", *args, "--data-date", AS_OF.isoformat()])


def test_exit_codes_are_those_of_diff(tmp_path):
    old = version(tmp_path, "old.xlsx")
    same = version(tmp_path, "same.xlsx")
    changed = version(tmp_path, "new.xlsx", lambda book: book["Settings"].delete_rows(2))
    result = run(str(old), str(same))
    assert (result.exit_code, result.output) == (0, "old.xlsx -> same.xlsx: no differences\n")
    result = run(str(old), str(changed))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "old.xlsx -> new.xlsx: 0 treaty changes, 0 rows added, 1 removed, 0 cells changed, 0 in form only"
    )
    broken = tmp_path / "broken.xlsx"
    broken.write_text("State,ISO3\n")
    result = run(str(old), str(broken))
    assert result.exit_code == 2
    assert result.output == (
        f"report-tool: {broken}: this is not an Excel workbook (it looks like a text or CSV file); "
        "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)\n"
    )


def test_text_puts_the_treaty_first_then_the_sheets_and_the_cell_first(tmp_path):
    def edit(book):
        states = book["States"]
        states.cell(row_of(states, "Norway"), 7).value = dt.datetime(1998, 7, 10)
        del book["Suspensions"]

    row = row_of(openpyxl.load_workbook(EXAMPLE)["States"], "Norway")
    result = run(str(version(tmp_path, "old.xlsx")), str(version(tmp_path, "new.xlsx", edit)))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "note: NEW (new.xlsx) has 1 validation error; compared all the same, but a change below may "
        "come from a mistake (see report-tool validate)",
        "What changed for the Convention",
        "  Norway: Ratification deposited re-dated from 9 July 1998 to 10 July 1998",
        "  Ukraine: \u2018Suspension\u2019 notified 18 July 2025 no longer recorded",
        "States",
        f"  States!G{row}  Norway  Deposited changed: 9 July 1998 -> 10 July 1998",
        "Suspensions",
        "  Suspensions  The Suspensions sheet is only in OLD",
        "old.xlsx -> new.xlsx: 2 treaty changes, 0 rows added, 0 removed, 1 cell changed, 0 in form only, "
        "1 sheet or column in one file only",
    ]


def test_json_is_the_library_dict_and_csv_keeps_formula_like_text_as_text(tmp_path):
    def edit(book):
        settings = book["Settings"]
        settings.cell(2, 2).value = "=HYPERLINK(1)"
        settings.cell(2, 2).data_type = "s"

    old, new = version(tmp_path, "old.xlsx"), version(tmp_path, "new.xlsx", edit)
    result = run(str(old), str(new), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.output) == diff_workbooks(old, new, AS_OF).to_dict()
    result = run(str(old), str(new), "--format", "csv")
    assert result.exit_code == 1
    import csv

    convention = openpyxl.load_workbook(EXAMPLE)["Settings"]["B2"].value
    assert list(csv.reader(result.output.splitlines())) == [
        ["section", "kind", "sheet", "key", "column", "old", "new", "old_cell", "new_cell", "message"],
        [
            "cell",
            "value",
            "Settings",
            "Convention",
            "Value",
            convention,
            "'=HYPERLINK(1)",
            "Settings!B2",
            "Settings!B2",
            "",
        ],
    ]


@pytest.mark.parametrize("which", ["old", "new"])
def test_both_files_are_only_read(tmp_path, which):
    from conftest import sha256

    old, new = (
        version(tmp_path, "old.xlsx"),
        version(tmp_path, "new.xlsx", lambda b: b["Settings"].delete_rows(2)),
    )
    before = sha256(old if which == "old" else new)
    run(str(old), str(new))
    assert sha256(old if which == "old" else new) == before


def test_each_sheet_has_the_key_the_docs_give():
    from report_tool.diff.matching import sheet_key
    from report_tool.workbook.schema import SHEETS

    keys = {sheet.name: [sheet.column(k).header for k in sheet_key(sheet)] for sheet in SHEETS}
    assert keys == {
        "States": ["State"],
        "Withdrawals": ["State"],
        "Suspensions": ["State"],
        "Objections": ["Objecting state", "Objection to", "Action"],
        "Casualties": ["Country", "Year", "Edition"],
        "Meetings": ["Short name"],
        "Timeline": ["State", "Step"],
        "Decisions": ["Meeting", "Text"],
        "Sources": ["Key"],
        "Editions": ["Edition"],
        "Agenda": ["Meeting", "Item"],
        "Settings": ["Setting"],
    }
    docs = (Path(__file__).resolve().parent.parent / "docs" / "diff.md").read_text(encoding="utf-8")
    for sheet, headers in keys.items():
        assert f"| {sheet} | {', '.join(headers)} |" in docs


class FocalPoints:
    """A plugin's sheet without a uniqueness rule: its required State column is its key."""

    @hookimpl
    def register_sheets(self):

        state = Column("state", "State", ColumnType.STATE, "The state.", required=True, is_key=True)
        email = Column("email", "Email", ColumnType.TEXT, "Whom to write to.")
        return [Sheet("Focal points", "Who to ask.", (state, email), required=False)]


def test_a_plugins_sheet_is_matched_by_its_key(tmp_path):
    from report_tool.plugins.registry import Registry

    registry = Registry()
    registry.register(FocalPoints(), "focal-points")

    def focal(emails):
        def edit(book):
            sheet = book.create_sheet("Focal points")
            sheet.append(["Email", "State"])  # columns in another order than the plugin's
            for state, email in emails:
                sheet.append([email, state])

        return edit

    old = version(tmp_path, "old.xlsx", focal([("Norway", "a@example.org"), ("Austria", "b@example.org")]))
    new = version(tmp_path, "new.xlsx", focal([("Austria", "b@example.org"), ("Norway", "c@example.org")]))
    found = diff_workbooks(old, new, AS_OF, registry=registry).to_dict()
    assert found["rows"] == [] and found["notes"] == []
    assert found["cells"] == [
        {
            "sheet": "Focal points",
            "key": {"State": "Norway"},
            "column": "Email",
            "kind": "value",
            "old": "a@example.org",
            "new": "c@example.org",
            "old_form": "text",
            "new_form": "text",
            "old_cell": "'Focal points'!A2",
            "new_cell": "'Focal points'!A3",
        }
    ]


def test_a_version_too_broken_to_model_is_still_compared_and_says_so(tmp_path):
    def edit(book):
        sheet = book["Withdrawals"]
        row = row_of(sheet, "Latvia")
        sheet.cell(row, 3).value = None  # Notified, required
        sheet.cell(row, 4).value = None  # Effective, worked out from Notified

    found = changes(tmp_path, edit)
    assert found["new"] == {"errors": 1}  # Notified missing (Latvia's Status waits for it)
    assert found["treaty"] == []
    assert found["treaty_note"] == (
        "NEW has errors that stop status and treaty events being worked out; run validate"
    )
    assert [(c["column"], c["old"], c["new"]) for c in found["cells"]] == [
        ("Notified", "2025-06-27", None),
        ("Effective", "2025-12-27", None),
    ]


def test_a_formula_never_calculated_is_said_as_such(tmp_path):
    def edit(book):
        book["Settings"]["B2"].value = "=1+1"  # openpyxl stores no calculated value

    found = changes(tmp_path, edit)
    assert [(c["sheet"], c["column"], c["new"], c["new_form"], c["new_cell"]) for c in found["cells"]] == [
        ("Settings", "Value", None, "formula", "Settings!B2")
    ]


def test_a_sheet_renamed_in_other_case_is_the_same_sheet_and_cells_name_it_as_each_file_does(tmp_path):
    def edit(book):
        sheet = book["Settings"]
        sheet.title = "renamed"  # openpyxl refuses a name that differs from a taken one in case only
        sheet.title = "SETTINGS"
        sheet["B2"].value = "APMBC"

    found = changes(tmp_path, edit)
    assert found["notes"] == []
    assert [(c["sheet"], c["old_cell"], c["new_cell"], c["new"]) for c in found["cells"]] == [
        ("Settings", "Settings!B2", "SETTINGS!B2", "APMBC")
    ]


def test_a_column_only_one_version_has_is_said_once(tmp_path):
    def edit(book):
        sheet = book["Withdrawals"]
        last = sheet.max_column + 1
        sheet.cell(1, last).value = "Checked by"
        sheet.cell(2, last).value = "=cell text"
        sheet.cell(2, last).data_type = "s"
        meetings = book["Meetings"]
        meetings.delete_cols(next(c.column for c in meetings[1] if c.value == "President"))

    assert changes(tmp_path, edit) == expected(
        counts={"sheets_and_columns": 2},
        notes=[
            {
                "sheet": "Withdrawals",
                "code": "column-added",
                "message": "The column 'Checked by' is only in NEW; its values are not compared",
                "differs": True,
            },
            {
                "sheet": "Meetings",
                "code": "column-removed",
                "message": "The column 'President' is only in OLD; its values are not compared",
                "differs": True,
            },
        ],
    )


def test_generate_since_adds_an_annex_of_the_changes_in_plain_words(tmp_path):
    """The annex says what the changes mean, then what was and what is, in the document's own
    formats: no file name, hash or cell reference (diff's own output keeps those for staff)."""
    import docx

    norway = row_of(openpyxl.load_workbook(EXAMPLE)["States"], "Norway")

    def edit(book):
        book["States"].cell(norway, 7).value = dt.datetime(1998, 7, 10)

    def earlier(book):  # Switzerland's objection not yet dated, a 2022 total since corrected
        objections = book["Objections"]
        objections.cell(row_of(objections, "Switzerland"), 4).value = None
        casualties = book["Casualties"]
        header = [c.value for c in casualties[1]]
        row = next(
            r
            for r in casualties.iter_rows(min_row=2)
            if r[0].value == 2022 and r[header.index("Total")].value == 4709
        )
        row[header.index("Total")].value = 4800

    old, new = version(tmp_path, "old.xlsx", earlier), version(tmp_path, "new.xlsx", edit)
    out = tmp_path / "out"
    args = ["generate", str(new), "--since", str(old), "--meeting", "23MSP", "--report-date", "2026-11-26"]
    result = CliRunner().invoke(cli, [*args, "-o", str(out), "--format", "docx"])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out / "23MSP-briefing-2026-11-26.docx"))
    texts = [p.text for p in document.paragraphs]
    heading = "Changes since the version of 26 November 2026"  # also listed in the cover's contents
    start = next(
        i for i, p in enumerate(document.paragraphs) if p.text == heading and p.style.name == "Heading 1"
    )
    end = next(i for i, p in enumerate(document.paragraphs) if i > start and p.style.name == "Heading 1")
    annex = texts[start:end]
    assert annex[1] == (
        "Compared with the version of the data as at 26 November 2026: 0 rows added, 0 removed and "
        "3 values changed."
    )
    assert annex[2] == "What the changes mean for the Convention:"
    meanings = annex[3:6]
    assert sorted(meanings) == sorted(
        [
            "Norway: Ratification deposited re-dated from 9 July 1998 to 10 July 1998",
            "Switzerland: objection to the suspension by Ukraine dated 17 October 2025 "
            "(its date was not known)",
            "2022 (Global, Landmine Monitor 2024): Total from 4,800 to 4,709 (\u221291)",
        ]
    )
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["Sheet", "Row"])
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Sheet", "Row", "Change", "What was", "What is"]
    assert ["States", "Norway", "Deposited", "9 July 1998", "10 July 1998"] in rows
    assert ["Objections", "Switzerland / Ukraine / Suspension", "Date", "blank", "17 October 2025"] in rows
    assert ["Casualties", "Global / 2022 / Landmine Monitor 2024", "Total", "4,800", "4,709"] in rows
    said = "\n".join([*annex, *(" | ".join(r) for r in rows)])
    assert not re.search(r"[A-Za-z]+![A-Z]*\$?\d|\b[A-Z]{1,3}\d+:[A-Z]{0,3}\d+\b", said)  # no Sheet!A1
    assert "old.xlsx" not in said and "SHA" not in said and not re.search(r"\b[0-9a-f]{12,}\b", said)
    # diff's own output keeps the cells, for staff
    own = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    assert "Objections!D" in own.output
    result = CliRunner().invoke(cli, [*args, "-o", str(out), "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    summary = openpyxl.load_workbook(out / "23MSP-summary-2026-11-26.xlsx")
    sheet = summary["Changes since last version"]
    assert [c.value for c in next(r for r in sheet.iter_rows() if r[0].value == "Sheet")] == [
        "Sheet",
        "Row",
        "Change",
        "What was",
        "What is",
    ]
    without = CliRunner().invoke(
        cli, [*args[:2], *args[4:], "-o", str(tmp_path / "plain"), "--format", "docx"]
    )
    assert without.exit_code == 0, without.output
    plain = docx.Document(str(tmp_path / "plain" / "23MSP-briefing-2026-11-26.docx"))
    assert heading not in [p.text for p in plain.paragraphs]


def test_each_version_is_as_at_its_own_data_date(tmp_path):
    """NEW's data date is after three withdrawals took effect: their status changes."""

    def dated(day):
        def edit(book):
            sheet = book["Settings"]
            row = next((r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == "Data as at"), None)
            row = row or next_row(sheet)
            sheet.cell(row, 1).value = "Data as at"
            sheet.cell(row, 2).value = day

        return edit

    old = version(tmp_path, "old.xlsx", dated("2025-12-01"))
    new = version(tmp_path, "new.xlsx", dated("2026-01-15"))
    found = diff_workbooks(old, new).to_dict()
    assert (found["old"]["as_of"], found["new"]["as_of"]) == ("2025-12-01", "2026-01-15")
    assert [t["message"] for t in found["treaty"] if t["kind"] == "status"] == [
        f"{state}: State Party -> Withdrawn as at 1 December 2025 in OLD and 15 January 2026 in NEW"
        for state in ("Estonia", "Finland", "Latvia", "Lithuania")
    ]


def test_a_stray_value_above_a_change_does_not_shift_the_cells_compared(tmp_path):
    """A stray value is not a row of data (validate says so); the rows after it still line up."""

    def edit(book):
        states = book["States"]
        states.insert_rows(3)
        states["C3"] = "x"
        states.cell(row_of(states, "Norway"), 7).value = dt.datetime(1998, 7, 10)

    found = changes(tmp_path, edit)
    assert found["new"] == {"errors": 1}
    assert [(c["key"], c["column"], c["old"], c["new"]) for c in found["cells"]] == [
        ({"State": "Norway"}, "Deposited", "1998-07-09", "1998-07-10")
    ]
    assert found["rows"] == []


@pytest.mark.parametrize("command", ["diff", "generate --since"])
def test_each_workbook_is_read_and_validated_once(tmp_path, monkeypatch, command):
    """diff and generate --since go through validate's one pipeline, each file through it once."""
    from collections import Counter

    from report_tool.plugins.registry import Registry
    from report_tool.workbook import reader

    reads: Counter[str] = Counter()
    checked: list[int] = []
    sha256 = reader.file_sha256
    run_checks = Registry.run_checks

    def counted_read(path):
        reads[Path(path).name] += 1
        return sha256(path)

    def counted_checks(self, context):
        checked.append(1)
        return run_checks(self, context)

    monkeypatch.setattr(reader, "file_sha256", counted_read)
    monkeypatch.setattr(Registry, "run_checks", counted_checks)
    old, new = version(tmp_path, "old.xlsx"), version(tmp_path, "new.xlsx")
    reads.clear()
    if command == "diff":
        args = ["diff", str(old), str(new)]
    else:
        args = ["generate", str(new), "--since", str(old), "--report-date", "2026-11-26", "--format", "docx"]
        args += ["-o", str(tmp_path / "out")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert reads == {"old.xlsx": 1, "new.xlsx": 1}
    assert len(checked) == 2


def _annex(document: Any) -> tuple[list[str], list[list[str]]]:
    """The --since annex's paragraphs and its table's rows, read back from the briefing."""
    paragraphs = document.paragraphs
    start = next(
        i
        for i, p in enumerate(paragraphs)
        if p.text.startswith("Changes since the version of") and p.style.name == "Heading 1"
    )
    end = next(i for i, p in enumerate(paragraphs) if i > start and p.style.name == "Heading 1")
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["Sheet", "Row"])
    return [p.text for p in paragraphs[start:end]], [[c.text for c in row.cells] for row in table.rows]


def test_the_since_annex_leaves_source_keys_and_notes_in_the_workbook(tmp_path):
    import docx

    norway = row_of(openpyxl.load_workbook(EXAMPLE)["States"], "Norway")

    def edit(book):
        book["States"].cell(norway, 7).value = dt.datetime(1998, 7, 10)  # Deposited
        book["States"].cell(norway, 9).value = "Checked against the depositary's notification"  # Notes

    old, new = version(tmp_path, "old.xlsx"), version(tmp_path, "new.xlsx", edit)
    out = tmp_path / "out"
    args = ["generate", str(new), "--since", str(old), "--report-date", "2026-11-26", "--format", "docx"]
    result = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    texts, rows = _annex(docx.Document(str(next(out.glob("*.docx")))))
    assert ["States", "Norway", "Deposited", "9 July 1998", "10 July 1998"] in rows
    assert not any(row[2] in ("Notes", "Source", "Unconfirmed") for row in rows)
    assert not any("depositary's notification" in " ".join(row) for row in rows)
    assert (
        "1 change to the sources, notes or confirmation of a value is counted above and not listed: "
        "they are kept in the workbook." in texts
    )


def test_generate_since_a_version_without_a_sheet_is_refused(tmp_path):
    """Its rows would all seem removed: five withdrawals 'no longer recorded' in a briefing."""

    def renamed(book):
        book["Withdrawals"].title = "Withdrawls"

    old, new = version(tmp_path, "old.xlsx", renamed), version(tmp_path, "new.xlsx")
    out = tmp_path / "out"
    args = ["generate", str(new), "--since", str(old), "--report-date", "2026-11-26", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"report-tool: {old}: the workbook has no sheet named 'Withdrawals', so the annex would report "
        "all its rows as removed; `report-tool validate old.xlsx` says how to fix it (nothing was written)"
    )
    assert not out.exists()


def test_generate_since_a_version_with_errors_says_so_on_the_screen(tmp_path):
    norway = row_of(openpyxl.load_workbook(EXAMPLE)["States"], "Norway")

    def broken(book):
        book["States"].cell(norway, 4).value = "Signatory"  # Status against its deposit: an error

    old, new = version(tmp_path, "old.xlsx", broken), version(tmp_path, "new.xlsx")
    args = ["generate", str(new), "--since", str(old), "--report-date", "2026-11-26", "--format", "docx"]
    result = CliRunner().invoke(cli, [*args, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (
        "  warning: old.xlsx has 1 validation error; a change in the annex may come from one of them "
        "(see report-tool validate)" in result.stderr.splitlines()
    )
