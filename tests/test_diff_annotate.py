"""diff --annotate: the copy of NEW read back: fills, notes, the Changes sheet and its links."""

from __future__ import annotations

import datetime as dt

import openpyxl
from test_diff import next_row, row_of, run, version

from conftest import EXAMPLE, sha256
from report_tool.workbook.reader import read_workbook


def test_the_annotated_copy_marks_each_change_and_lists_them_first(tmp_path):
    example = openpyxl.load_workbook(EXAMPLE)
    norway = row_of(example["States"], "Norway")
    belgium = row_of(example["Objections"], "Belgium")
    added = next_row(example["Casualties"])

    def edit(book):
        book["States"].cell(norway, 7).value = dt.datetime(1998, 7, 10)
        book["Objections"].delete_rows(belgium)
        sheet = book["Casualties"]
        for column, value in enumerate([2024, "Global", 6300], start=1):
            sheet.cell(added, column).value = value
        sheet.cell(added, 12).value = "Landmine Monitor 2026"

    old, new = version(tmp_path, "old.xlsx"), version(tmp_path, "new.xlsx", edit)
    before = sha256(new)
    copy = tmp_path / "changes.xlsx"
    result = run(str(old), str(new), "--annotate", str(copy))
    assert result.exit_code == 1, result.output
    assert sha256(new) == before

    book = openpyxl.load_workbook(copy)
    assert book.sheetnames[0] == "Changes"
    cell = book["States"].cell(norway, 7)
    assert (cell.value, cell.comment.text, cell.fill.fgColor.rgb) == (
        dt.datetime(1998, 7, 10),
        "was 9 July 1998",
        "FFFCE4D6",
    )
    width = book["Casualties"].max_column
    assert {book["Casualties"].cell(added, c).fill.fgColor.rgb for c in range(1, 15)} == {"FFE2EFDA"}
    assert width >= 14
    changes = book["Changes"]
    rows = [r for r in changes.iter_rows(values_only=True) if r[0] in ("added", "removed", "changed")]
    assert [r[:5] for r in rows] == [
        (
            "removed",
            "Objections",
            f"Objections!{belgium}:{belgium} in OLD",
            "Belgium / Ukraine / Suspension",
            None,
        ),
        ("added", "Casualties", f"Casualties!{added}:{added}", "Global / 2024 / Landmine Monitor 2026", None),
        ("changed", "States", f"States!G{norway}", "Norway", "Deposited"),
    ]
    links = {c.value: c.hyperlink.location for r in changes.iter_rows() for c in r if c.hyperlink}
    assert links == {
        f"Casualties!{added}:{added}": f"Casualties!A{added}",
        f"States!G{norway}": f"States!G{norway}",
    }
    # nothing else in the copy changed: every sheet of NEW reads the same
    original, annotated = read_workbook(new), read_workbook(copy)
    for sheet in original.sheets:
        assert annotated.sheet(sheet.name).rows == sheet.rows


def test_an_annotated_copy_is_never_written_over_new(tmp_path):
    old, new = version(tmp_path, "old.xlsx"), version(tmp_path, "new.xlsx")
    result = run(str(old), str(new), "--annotate", str(new))
    assert result.exit_code == 2
    assert result.output.startswith(f"report-tool: {new}: ")
