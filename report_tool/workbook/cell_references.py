"""Cell references as Excel writes them: the one place that quotes sheet names, turns column
numbers into letters and back, and formats a cell, a row, a column or a range.

Everything that points at a place in a workbook (an issue, a diff's changed cell, an annotated
copy's link) keeps the place as data (a `CellRef`: sheet, row, column) and formats it here, so
no layer ever splits a printed reference back into its parts.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

#: A sheet name Excel writes without quotes: a letter or underscore, then letters, digits, underscores.
PLAIN_SHEET_NAME = re.compile(r"[^\W\d]\w*")
#: ...unless it reads as a cell (A1, R1C1), which must be quoted.
LOOKS_LIKE_CELL = re.compile(r"([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]?\d*)")


@functools.lru_cache(maxsize=1024)
def quote_sheet(name: str) -> str:
    """The sheet name as Excel writes it in a reference: quoted, quotes doubled, unless plain
    (' WITHDRAWALS '!C2, 'My States'!A1, 'O''Brien'!A1, but States!A1). Cached: a workbook has
    a few sheets, and tens of thousands of issues and links name them."""
    if PLAIN_SHEET_NAME.fullmatch(name) and not LOOKS_LIKE_CELL.fullmatch(name):
        return name
    return "'" + name.replace("'", "''") + "'"


@functools.lru_cache(maxsize=4096)
def column_letters(number: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@functools.lru_cache(maxsize=4096)
def column_number(letters: str) -> int:
    """A -> 1, AZ -> 52, XFD -> 16384 (either case)."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


@dataclass(frozen=True)
class CellRef:
    """A place on a sheet: a cell (row and column), a whole row, a whole column, or the sheet.
    `last_row`/`last_column` make it a range (A2:H2)."""

    sheet: str
    row: int | None = None
    column: str | None = None  # Excel letters
    last_row: int | None = None
    last_column: str | None = None

    @property
    def local(self) -> str:
        """The part after the '!': C3, A2:H2, 3:3, C:C; empty for the whole sheet."""
        if self.column and self.row:
            first = f"{self.column}{self.row}"
            if self.last_column and self.last_row:
                return f"{first}:{self.last_column}{self.last_row}"
            return first
        if self.row:
            return f"{self.row}:{self.last_row or self.row}"
        if self.column:
            return f"{self.column}:{self.last_column or self.column}"
        return ""

    @property
    def is_cells(self) -> bool:
        """A cell or a range of cells, not a whole row, column or sheet."""
        return bool(self.row and self.column)

    def __str__(self) -> str:
        local = self.local
        return f"{quote_sheet(self.sheet)}!{local}" if local else quote_sheet(self.sheet)

    @classmethod
    def of(cls, text: str, sheet: str) -> CellRef:
        """A reference given as text by a plugin ('Objections!D5', 'D5', 'D:D'), read once where
        it comes in; `sheet` is the one it is on when the text names none."""
        named, bang, local = text.rpartition("!")
        if bang:
            if len(named) > 1 and named[0] == named[-1] == "'":
                named = named[1:-1].replace("''", "'")
            sheet = named or sheet
        found = _LOCAL.fullmatch(local.replace("$", "").strip())
        if found is None:
            return cls(sheet)
        column, row, last_column, last_row = found.groups()
        if (last_column or column, last_row or row) == (column, row):  # D:D, 3:3: one column, one row
            last_column = last_row = None
        return cls(
            sheet,
            int(row) if row else None,
            column.upper() if column else None,
            int(last_row) if last_row else None,
            last_column.upper() if last_column else None,
        )


_LOCAL = re.compile(r"([A-Za-z]{1,3})?(\d+)?(?::([A-Za-z]{1,3})?(\d+)?)?")
