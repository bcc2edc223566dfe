"""diff's annotated copy: NEW with every changed cell filled and noted ("was 25 June 2025"), added
rows marked, and a first sheet `Changes` listing every change, removed rows too, with links.

Built on xlsxedit.package, as validate's annotated copy is: only the parts that must change are edited,
every other part of NEW is copied byte for byte. This module only says what to mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from report_tool.diff.changes import CellChange, RowChange, WorkbookDiff
from report_tool.diff.render import key_text, summary, was_text
from report_tool.workbook.cell_references import CellRef, column_letters
from report_tool.xlsxedit.package import (
    AnnotatedCopy,
    CellMark,
    Column,
    SummaryRow,
    SummarySheet,
    write_annotated_copy,
)

CHANGES_SHEET = "Changes"
#: Changed values orange, changes of form only blue, added rows green; removed rows are only listed.
FILLS = {"value": "FCE4D6", "form": "DDEBF7", "added": "E2EFDA", "removed": "EDEDED"}
COLUMNS = (
    Column("Change", 12),
    Column("Sheet", 14),
    Column("Cell", 18),
    Column("Key", 30),
    Column("Column", 18),
    Column("Was", 30),
    Column("Now", 30),
)
#: The treaty meaning is listed above the table; beyond this many lines, the rest are counted.
TREATY_LINES = 25


def annotate_diff(diff: WorkbookDiff, target: Path, overwrite: bool = False) -> AnnotatedCopy:
    """Write the annotated copy of NEW to `target` (see xlsxedit.package.write_annotated_copy)."""
    marks = [_cell_mark(cell) for cell in diff.cells]
    marks += [_row_mark(row) for row in diff.rows if row.change == "added" and row.width]
    return write_annotated_copy(Path(diff.new.path), Path(target), marks, changes_sheet(diff), overwrite)


def _cell_mark(cell: CellChange) -> CellMark:
    if cell.kind == "form":
        note = (
            f"Same value, typed differently: was {was_text(cell.old)} ({cell.old_form}), now {cell.new_form}"
        )
    else:
        note = f"was {was_text(cell.old)}"
    return CellMark(cell.new_cell.sheet, cell.new_cell.local, FILLS[cell.kind], note)


def _row_mark(row: RowChange) -> CellMark:
    cells = CellRef(row.place.sheet, row.row, "A", row.row, column_letters(row.width))
    return CellMark(cells.sheet, cells.local, FILLS["added"], "Row added in this version")


def changes_sheet(diff: WorkbookDiff) -> SummarySheet:
    rows: list[SummaryRow] = []
    for note in diff.notes:
        if note.differs:
            rows.append(SummaryRow((note.code, note.sheet, "", "", "", "", note.message)))
    for row in diff.rows:
        shown = "; ".join(f"{header}: {was_text(value)}" for header, value in row.values)
        if row.change == "added":
            values = ("added", row.sheet, row.cell, key_text(row.key), "", "", shown)
            rows.append(SummaryRow(values, FILLS["added"], (row.place.sheet, f"A{row.row}")))
        else:
            values = ("removed", row.sheet, f"{row.cell} in OLD", key_text(row.key), "", shown, "")
            rows.append(SummaryRow(values, FILLS["removed"]))
    for cell in diff.cells:
        changed: tuple[str | int | float | None, ...] = (
            "changed" if cell.kind == "value" else "form only",
            cell.sheet,
            str(cell.new_cell),
            key_text(cell.key),
            cell.column,
            _value(cell.old),
            _value(cell.new),
        )
        rows.append(SummaryRow(changed, FILLS[cell.kind], (cell.new_cell.sheet, cell.new_cell.local)))
    return SummarySheet(
        title=CHANGES_SHEET,
        heading="Changes from the previous version, found by report-tool",
        columns=COLUMNS,
        rows=rows,
        lines=_lines(diff),
        link_column=2,
        empty_text="No differences.",
    )


def _value(value: Any) -> str | int | float | None:
    if value is None or (isinstance(value, int | float | str) and not isinstance(value, bool)):
        return value
    return was_text(value)


def _lines(diff: WorkbookDiff) -> Sequence[str]:
    lines = [
        f"{summary(diff)}. Changed cells are orange (blue: the same value typed differently) and "
        "note what they were; added rows are green; removed rows are listed below. Click a cell "
        "below to go to it."
    ]
    treaty = [change.message for change in diff.treaty]
    lines += treaty[:TREATY_LINES]
    if len(treaty) > TREATY_LINES:
        lines.append(
            f"... and {len(treaty) - TREATY_LINES:,} more changes for the Convention "
            "(report-tool diff lists them)"
        )
    if diff.treaty_note:
        lines.append(diff.treaty_note)
    return lines
