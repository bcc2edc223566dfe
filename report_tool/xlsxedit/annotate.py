"""validate's annotated copy: the staff's own workbook with every problem shown at its cell.

Built on xlsxedit.package, which changes only the parts annotation needs and copies every other part of
the workbook byte for byte (pictures, charts, pivot tables, macros and all). This module only
says what to mark: a fill and a note per issue, and the Issues sheet listing them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import overload

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
    marks = (  # made as they are read: each issue is held once, by the report
        CellMark(sheet, cell, FILLS[issue.severity], note_text(issue))
        for issue in issues
        for sheet, cell in places(issue)
    )
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


class IssueRows(Sequence[SummaryRow]):
    """The Issues sheet's rows, each made from its issue when it is read and never kept."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = issues

    def __len__(self) -> int:
        return len(self.issues)

    @overload
    def __getitem__(self, index: int) -> SummaryRow: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[SummaryRow]: ...

    def __getitem__(self, index: int | slice) -> SummaryRow | Sequence[SummaryRow]:
        if isinstance(index, slice):
            return [issue_row(issue) for issue in self.issues[index]]
        return issue_row(self.issues[index])

    def __iter__(self) -> Iterator[SummaryRow]:
        return map(issue_row, self.issues)


def issue_row(issue: Issue) -> SummaryRow:
    """An issue as a row of the Issues sheet, linked to the first cell it is noted on."""
    found = places(issue)
    link = (found[0][0], found[0][1].partition(":")[0]) if found else None
    if link is None and issue.sheet:
        link = (issue.sheet, "A1")
    return SummaryRow(
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


def issues_sheet(report: ValidationReport) -> SummarySheet:
    summary = (
        f"{report.summary()}, checked as at {format_date(report.as_of)}. Cells with a problem are "
        "coloured (red: error, yellow: warning) and carry a note; click a cell below to go to it."
    )
    return SummarySheet(
        title=ISSUES_SHEET,
        heading="Problems found by report-tool",
        columns=COLUMNS,
        rows=IssueRows(report.issues),
        lines=(summary,),
        link_column=2,
        empty_text="No problems found.",
        colours=tuple(FILLS.values()),
    )


__all__: Sequence[str] = ("FILLS", "annotate", "issues_sheet", "note_text", "places")
