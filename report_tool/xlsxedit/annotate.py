"""validate's annotated copy: the staff's own workbook with every problem shown at its cell.

Built on xlsxedit.package, which changes only the parts annotation needs and copies every other part of
the workbook byte for byte (pictures, charts, pivot tables, macros and all). This module only
says what to mark: a fill and a note per issue, and the Issues sheet listing them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from report_tool.domain.treaty_dates import format_date
from report_tool.validation.issues import Issue, Severity, ValidationReport, shown_value
from report_tool.xlsxedit.package import (
    AnnotatedCopy,
    CellMark,
    Column,
    SummaryRow,
    SummarySheet,
    write_annotated_copy,
)

ISSUES_SHEET = "Issues"
#: Red for errors, yellow for warnings: on the cells and in the Issues sheet alike.
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C"}
COLUMNS = (
    Column("Severity", 10),
    Column("Sheet", 14),
    Column("Cell", 18),
    Column("Column", 18),
    Column("Value", 24),
    Column("Message", 60),
    Column("Hint", 50),
    Column("Code", 26),
)


def annotate(source: Path, target: Path, report: ValidationReport, overwrite: bool = True) -> AnnotatedCopy:
    """Write an annotated copy of `source` to `target` (see xlsxedit.package.write_annotated_copy)."""
    issues = sorted(report.issues, key=lambda i: i.severity is not Severity.ERROR)  # errors' colour wins
    marks = [
        CellMark(sheet, cell, FILLS[issue.severity], note_text(issue))
        for issue in issues
        for sheet, cell in places(issue)
    ]
    return write_annotated_copy(source, target, marks, issues_sheet(report), overwrite=overwrite)


def places(issue: Issue) -> list[tuple[str, str]]:
    """The cells an issue is noted on: its many cells, its cell, or its row's first cell."""
    if issue.sheet is None:
        return []
    if issue.cells:
        return [(cell.sheet, cell.local) for cell in issue.cells if cell.is_cells]  # not a column D:D
    if issue.column and issue.row:
        return [(issue.sheet, f"{issue.column}{issue.row}")]
    if issue.row:
        return [(issue.sheet, f"A{issue.row}")]
    return []


def note_text(issue: Issue) -> str:
    label = "Error" if issue.severity is Severity.ERROR else "Warning"
    text = f"{label}: {issue.text}"
    return f"{text}\nHint: {issue.hint}" if issue.hint else text


def issues_sheet(report: ValidationReport) -> SummarySheet:
    rows = []
    for issue in report.issues:
        found = places(issue)
        link = (found[0][0], found[0][1].partition(":")[0]) if found else None
        if link is None and issue.sheet:
            link = (issue.sheet, "A1")
        rows.append(
            SummaryRow(
                (
                    str(issue.severity),
                    issue.sheet or "",
                    issue.cell or "",
                    issue.header or "",
                    shown_value(issue.value),
                    issue.text,
                    issue.hint or "",
                    issue.code,
                ),
                colour=FILLS[issue.severity],
                link=link,
            )
        )
    summary = (
        f"{report.summary()}, checked as at {format_date(report.as_of)}. Cells with a problem are "
        "coloured (red: error, yellow: warning) and carry a note; click a cell below to go to it."
    )
    return SummarySheet(
        title=ISSUES_SHEET,
        heading="Problems found by report-tool",
        columns=COLUMNS,
        rows=rows,
        lines=(summary,),
        link_column=2,
        empty_text="No problems found.",
    )


__all__: Sequence[str] = ("FILLS", "annotate", "issues_sheet", "note_text", "places")
