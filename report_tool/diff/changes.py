"""What a comparison of two workbook versions finds: the records every diff module shares.

The comparison (compare.py), the matching of a sheet (matching.py), the treaty meaning
(meaning.py) and the views (render.py, annotate.py) all speak in these; none imports another
to get them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from report_tool import __version__
from report_tool.validation.issues import ValidationReport, _json_value
from report_tool.workbook.cell_references import CellRef
from report_tool.workbook.raw import RawWorkbook
from report_tool.workbook.tables import LoadedWorkbook


@dataclass(frozen=True)
class Version:
    """One of the two files: where it is, its fingerprint, and how it validated."""

    path: str
    sha256: str
    as_of: dt.date  # its data date: validated, and its status worked out, as at this day
    errors: int
    warnings: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "sha256": self.sha256,
            "as_of": self.as_of.isoformat(),
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass(frozen=True)
class CellChange:
    """One cell of a matched row whose value (or only its form: text vs date) changed."""

    sheet: str
    key: tuple[tuple[str, Any], ...]  # (header, value) of the row's key columns
    column: str  # the header, as the schema names it
    old: Any
    new: Any
    old_cell: CellRef
    new_cell: CellRef
    kind: str  # "value" or "form"
    old_form: str  # blank, text, number, date, boolean, other
    new_form: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "key": {header: _json_value(value) for header, value in self.key},
            "column": self.column,
            "kind": self.kind,
            "old": _json_value(self.old),
            "new": _json_value(self.new),
            "old_form": self.old_form,
            "new_form": self.new_form,
            "old_cell": str(self.old_cell),
            "new_cell": str(self.new_cell),
        }


@dataclass(frozen=True)
class RowChange:
    """A row only one file has."""

    sheet: str
    change: str  # "added" or "removed"
    key: tuple[tuple[str, Any], ...]
    row: int  # the Excel row in the file that has it
    values: tuple[tuple[str, Any], ...]  # (header, value) of its non-blank cells
    named: str = ""  # the sheet's name as that file spells it, when not as the schema does
    width: int = 0  # how many columns that file's sheet has headers for

    @property
    def place(self) -> CellRef:
        """The row in the file that has it, on the sheet as that file names it."""
        return CellRef(self.named or self.sheet, self.row)

    @property
    def cell(self) -> str:
        return str(self.place)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "change": self.change,
            "key": {header: _json_value(value) for header, value in self.key},
            "row": self.row,
            "cell": self.cell,
            "values": {header: _json_value(value) for header, value in self.values},
        }


@dataclass(frozen=True)
class Note:
    """Something about a sheet as a whole: missing in one file, a column added, how rows were matched.
    `differs` says whether it is a difference between the files (a sheet or a column added) or
    only how the comparison was made (duplicate keys matched in order)."""

    sheet: str
    code: str
    message: str
    differs: bool

    def to_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "code": self.code, "message": self.message, "differs": self.differs}


@dataclass(frozen=True)
class TreatyChange:
    """What a change means for the Convention, in plain words."""

    kind: str
    subject: str  # a state, a year, a meeting
    message: str
    cells: tuple[CellRef, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "message": self.message,
            "cells": [str(c) for c in self.cells],
        }


@dataclass
class WorkbookDiff:
    """The whole comparison: the treaty meaning first, then sheets, rows and cells."""

    old: Version
    new: Version
    sheets: list[str] = field(default_factory=list)  # the sheets compared, in schema order
    treaty: list[TreatyChange] = field(default_factory=list)
    treaty_note: str | None = None  # why the treaty meaning is incomplete, if it is
    notes: list[Note] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)
    cells: list[CellChange] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return bool(self.rows or self.cells or any(note.differs for note in self.notes))

    def counts(self) -> dict[str, int]:
        return {
            "rows_added": sum(1 for r in self.rows if r.change == "added"),
            "rows_removed": sum(1 for r in self.rows if r.change == "removed"),
            "cells_changed": sum(1 for c in self.cells if c.kind == "value"),
            "cells_changed_in_form": sum(1 for c in self.cells if c.kind == "form"),
            "sheets_and_columns": sum(1 for n in self.notes if n.differs),
            "treaty": len(self.treaty),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "tool": "report-tool",
            "version": __version__,
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "differs": self.differs,
            "counts": self.counts(),
            "treaty": [change.to_dict() for change in self.treaty],
            "treaty_note": self.treaty_note,
            "notes": [note.to_dict() for note in self.notes],
            "rows": [row.to_dict() for row in self.rows],
            "cells": [cell.to_dict() for cell in self.cells],
        }


@dataclass
class Side:
    """One file as the comparison needs it: its raw cells (for forms and unknown columns), its
    typed tables (for values and keys) and its validation."""

    raw: RawWorkbook
    loaded: LoadedWorkbook
    report: ValidationReport
