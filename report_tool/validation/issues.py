"""Problems found in a workbook, as data: an Issue per problem, a report with text and JSON views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from report_tool import __version__
from report_tool.workbook.cell_references import CellRef, column_number


class Severity(StrEnum):
    """`error` blocks generation; `warning` is shown and reported but does not block."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem, at the most precise place known (sheet, then row, then column)."""

    code: str
    severity: Severity
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # Excel letter
    header: str | None = None
    value: Any = None
    hint: str | None = None
    #: for one issue that speaks for many cells; a reference given as text is read once here
    cells: tuple[CellRef, ...] = ()
    #: what the issue's row is about ("Estonia", "Ukraine 2024"), kept apart from the message
    subject: str | None = None

    def __post_init__(self) -> None:
        if any(isinstance(c, str) for c in self.cells):
            sheet = self.sheet or ""
            read = tuple(CellRef.of(c, sheet) if isinstance(c, str) else c for c in self.cells)
            object.__setattr__(self, "cells", read)

    @property
    def text(self) -> str:
        """The message as people read it, the row's subject first: "Estonia – Status is ..."."""
        return f"{self.subject} – {self.message}" if self.subject else self.message

    @property
    def place(self) -> CellRef | None:
        """Where the issue is, as data: its sheet, row and column, as far as known."""
        return None if self.sheet is None else CellRef(self.sheet, self.row, self.column)

    @property
    def cell(self) -> str | None:
        """`States!G14`; `States!3:3` a row, `States!G:G` a column, `States` a whole sheet."""
        place = self.place
        return None if place is None else str(place)

    def sort_key(self, order: dict[str, int]) -> tuple[int, str, int, int, str, str]:
        """Workbook-wide issues first, then sheets in workbook order, rows, columns."""
        return (
            order.get(self.sheet or "", -1 if self.sheet is None else len(order)),
            self.sheet or "",
            self.row or 0,
            column_number(self.column or ""),
            self.code,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "cell": self.cell,
            "value": _json_value(self.value),
            "subject": self.subject,
            "message": self.message,
            "hint": self.hint,
            "cells": [str(c) for c in self.cells],
        }


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # calamine reads every number as a float, openpyxl whole ones as int
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def shown_value(value: Any) -> str:
    """A value as staff typed it, for a column of values (text as it is: Party's, not "Party's")."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def display_value(value: Any) -> str:
    """A value as staff would recognise it inside a sentence: text in quotes, as typed."""
    shown = shown_value(value)
    return f"'{shown}'" if isinstance(value, str) else shown


@dataclass
class ValidationReport:
    """The outcome of validating one workbook: its issues and what they were checked against."""

    path: str
    as_of: dt.date
    sha256: str
    issues: list[Issue] = field(default_factory=list)
    #: sheet name -> its place (Registry.sheet_order(), given by validate); sheets not in it last
    sheet_order: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        order = self.sheet_order
        self.issues.sort(key=lambda issue: issue.sort_key(order))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def flatten(self, fields: Sequence[str] = ("code", "cell", "severity")) -> list[list[Any]]:
        """Compact view for tests: one list of the chosen fields per issue."""
        return [[i.to_dict()[name] for name in fields] for i in self.issues]

    def summary(self) -> str:
        from pathlib import PurePath

        return f"{PurePath(self.path).name}: {_plural(len(self.errors), 'error')}, " + _plural(
            len(self.warnings), "warning"
        )

    def to_dict(self, limit: int | None = None) -> dict[str, Any]:
        shown = self.issues if limit is None else self.issues[:limit]
        return {
            "tool": "report-tool",
            "version": __version__,
            "file": self.path,
            "sha256": self.sha256,
            "as_of": self.as_of.isoformat(),
            "valid": self.valid,
            "counts": {"error": len(self.errors), "warning": len(self.warnings)},
            "shown": len(shown),
            "issues": [issue.to_dict() for issue in shown],
        }


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def format_text(
    report: ValidationReport, color: bool = False, limit: int | None = None, more_hint: str = ""
) -> Iterable[str]:
    """Lines for people: grouped by sheet, in row order, the cell first on each line. With `limit`,
    the line that counts the rest ends with `more_hint`, the caller's words for listing them all."""

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    current_sheet: object = object()
    shown = report.issues if limit is None else report.issues[:limit]
    for issue in shown:
        if issue.sheet != current_sheet:
            current_sheet = issue.sheet
            yield paint(issue.sheet or "Workbook", "1")
        label = "error" if issue.severity is Severity.ERROR else "warning"
        label = paint(label, "31" if issue.severity is Severity.ERROR else "33")
        yield f"  {issue.cell or '-'}  {label}  {issue.text}  [{issue.code}]"
        if issue.cells:
            yield f"      cells: {_cell_list(issue.cells)}"
        if issue.hint:
            yield f"      hint: {issue.hint}"
    if len(shown) < len(report.issues):
        hidden = _plural(len(report.issues) - len(shown), "more issue")
        yield f"... and {hidden} not shown (at most {limit} listed{'; ' + more_hint if more_hint else ''})"
    verdict = paint(report.summary(), "1;31" if report.errors else "1;32")
    yield verdict


CSV_FIELDS = (
    "severity",
    "sheet",
    "cell",
    "row",
    "column",
    "header",
    "value",
    "subject",
    "message",
    "hint",
    "code",
)
#: A cell beginning with one of these is a formula to Excel: CSV text is kept as text with a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def format_csv(report: ValidationReport, limit: int | None = None) -> str:
    """One row per issue, for people who sort and filter in Excel."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for issue in report.issues if limit is None else report.issues[:limit]:
        data = issue.to_dict()
        writer.writerow([_csv_safe(data[name]) for name in CSV_FIELDS])
    return buffer.getvalue()


def _csv_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def _cell_list(cells: Sequence[CellRef], limit: int = 12) -> str:
    shown = ", ".join(str(c) for c in cells[:limit])
    return shown if len(cells) <= limit else f"{shown} and {len(cells) - limit:,} more"
