"""The rows both reading engines give: each sheet's cells as values, its header row found.

calamine (reader.py) and openpyxl (reader_openpyxl.py) each turn a sheet into rows and hand them
to make_sheet, so that both give the checks the same rows; neither engine imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from report_tool.workbook.schema import Sheet, normalise_header

HEADER_SEARCH_ROWS = 10
#: The names the reading libraries go by; a workbook named otherwise is opened by its content.
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
#: What both reading libraries failing on a sound-looking package means, in words.
CANNOT_BE_READ = (
    "the workbook cannot be read: a part of it is damaged, or written in a way Excel does not "
    "write it; open it in Excel or LibreOffice, save it as .xlsx, and try again"
)
#: Excel stores characters XML cannot hold as _xHHHH_; openpyxl hands them over undecoded.
EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


@dataclass
class RawSheet:
    """A sheet's cells as values, with the header row found and Excel row numbers kept."""

    name: str
    hidden: bool
    header_row: int  # 1-based; 0 when the sheet is empty
    headers: list[Any]  # header cell values, index 0 is column A
    rows: list[tuple[int, tuple[Any, ...]]]  # (Excel row number, values from column A)
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)  # (row, 1-based column)
    #: Columns right of the last header that hold values (0-based index -> first row): the rows
    #: are cut at the last header, so that one far cell does not widen every row.
    stray_columns: dict[int, int] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)  # merged ranges as Excel writes them, "C2:C4"


@dataclass(frozen=True)
class ReadingNote:
    """How the file was read where that differs from what its name says or what Excel shows (a
    workbook named .xls, a macro sheet skipped): a warning of this code, never a refusal."""

    code: str
    message: str
    hint: str
    sheet: str | None = None


@dataclass
class RawWorkbook:
    path: Path
    sha256: str
    sheets: list[RawSheet]
    notes: list[ReadingNote] = field(default_factory=list)

    def sheet(self, name: str) -> RawSheet | None:
        wanted = normalise_header(name)
        for sheet in self.sheets:
            if normalise_header(sheet.name) == wanted:
                return sheet
        return None


def make_sheet(
    name: str, hidden: bool, rows: list[tuple[int, Any]], declared: Mapping[str, Sheet]
) -> RawSheet:
    """A sheet from its non-blank rows: the header row found, the rows below it kept, each cut
    at the last header (what lies further right is noted, not kept). `declared`: the sheets the
    tool reads, by normalised name (schema.by_name), whose known headers find the header row."""
    schema_sheet = declared.get(normalise_header(name))
    known = {normalise_header(c.header) for c in schema_sheet.columns} if schema_sheet else set()
    header_index = _find_header(rows, known)
    if header_index is None:
        return RawSheet(name, hidden, 0, [], [])
    header_row, headers = rows[header_index]
    headers = [None if header == "" else header for header in headers]  # calamine's blank is ""
    while headers and headers[-1] is None:
        headers.pop()
    width = len(headers)
    kept = rows[header_index + 1 :]
    stray: dict[int, int] = {}
    if max(map(len, map(itemgetter(1), kept)), default=0) > width:  # the widest row, found in C
        cut = [(number, _cut(number, values, width, stray)) for number, values in kept]
        # a row whose only values lie right of the headers is blank where the tool reads
        kept = [(number, values) for number, values in cut if any(v is not None and v != "" for v in values)]
    return RawSheet(name, hidden, header_row, headers, kept, stray_columns=stray)


def _cut(number: int, values: Any, width: int, stray: dict[int, int]) -> Any:
    """The row's values up to `width`; the columns further right that hold a value go to `stray`."""
    if len(values) <= width:
        return values
    for index in range(width, len(values)):
        value = values[index]
        if value is not None and value != "" and index not in stray:
            stray[index] = number
    return values[:width]


def _find_header(rows: list[tuple[int, tuple[Any, ...]]], known: set[str]) -> int | None:
    """The first non-blank row, unless a later one among the first few names more known columns."""
    if not rows:
        return None
    best, best_score = 0, -1
    for index, (_, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = sum(1 for v in values if normalise_header(v) in known)
        if score > best_score:
            best, best_score = index, score
    return best if best_score > 0 else 0


def short_reason(exc: BaseException) -> str:
    """A library's exception as the tail of a one-line message."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
