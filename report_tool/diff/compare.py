"""Two versions of the workbook -> rows added and removed and cells changed, matched by key.

Rows are matched by each sheet's key from the schema (plugins' sheets included), columns by
header (order, case and surrounding spaces do not matter), values as the reader types them, so
that moving a column is no change and a date typed as text is a change of form, not of value.
This module holds the records and the one call; a sheet is matched in matching.py, cells
compared in values.py, the treaty meaning worked out in meaning.py, the views in render.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from report_tool import __version__
from report_tool.diff.values import meaning
from report_tool.plugins.registry import Registry, builtin_registry
from report_tool.validation.issues import ValidationReport, _json_value
from report_tool.workbook.reader import DEFAULT_MAX_UNCOMPRESSED, RawWorkbook, read_workbook
from report_tool.workbook.schema import ColumnType, normalise_header
from report_tool.workbook.speedups import collection_paused
from report_tool.workbook.tables import LoadedWorkbook, load_tables


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
    old_cell: str
    new_cell: str
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
            "old_cell": self.old_cell,
            "new_cell": self.new_cell,
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
    def cell(self) -> str:
        return f"{self.named or self.sheet}!{self.row}:{self.row}"

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
    cells: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "message": self.message,
            "cells": list(self.cells),
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


# -- reading ---------------------------------------------------------------------------------------


@dataclass
class Side:
    """One file as the comparison needs it: its raw cells (for forms and unknown columns), its
    typed tables (for values and keys) and its validation."""

    raw: RawWorkbook
    loaded: LoadedWorkbook
    report: ValidationReport


def read_side(
    path: Path, as_of: dt.date | None, registry: Registry, max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED
) -> Side:
    """Read and validate one file as at `as_of`, else its data date, else today, as validate
    does, keeping its raw cells; raises WorkbookUnreadable."""
    from report_tool.validation.checks import CheckContext
    from report_tool.validation.validate import data_as_at

    with collection_paused():
        raw = read_workbook(Path(path), max_uncompressed, registry=registry)
        loaded, issues = load_tables(raw, registry)
        day = as_of or data_as_at(loaded) or dt.date.today()
        issues.extend(registry.run_checks(CheckContext(loaded, day)))
    report = ValidationReport(
        path=str(path), as_of=day, sha256=raw.sha256, issues=issues, sheet_order=registry.sheet_order()
    )
    _read_what_text_says(loaded)
    return Side(raw, loaded, report)


NUMBER_TYPES = (ColumnType.COUNT, ColumnType.YEAR, ColumnType.PERCENT)


def _read_what_text_says(loaded: LoadedWorkbook) -> None:
    """A date or number the reader could not use because it was typed as text ("9 January 2012")
    is taken as what it says, so that the treaty meaning agrees with "a change of form only"."""
    for table in loaded.tables.values():
        for position, cells in table.unusable.items():
            for key, raw in cells.items():
                column = table.schema.column(key)
                meant = meaning(raw, None)
                if column.type is ColumnType.DATE and isinstance(meant, dt.date):
                    table.columns[key][position] = meant
                elif column.type in NUMBER_TYPES and isinstance(meant, float) and meant.is_integer():
                    table.columns[key][position] = int(meant)


def diff_workbooks(
    old_path: Path | str,
    new_path: Path | str,
    as_of: dt.date | None = None,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    registry: Registry | None = None,
) -> WorkbookDiff:
    """Compare two versions of the workbook, each as at `as_of`, else its own data date, with the
    sheets of `registry`'s plugins (default: the built-ins alone). Both are only read; either may
    have validation errors. Raises WorkbookUnreadable when one cannot be read at all."""
    from report_tool.diff.matching import diff_sheet
    from report_tool.diff.meaning import treaty_meaning

    registry = registry or builtin_registry()
    registry.sheets()  # a plugin failing here is named as such, not taken for a damaged workbook
    old = read_side(Path(old_path), as_of, registry, max_uncompressed)
    new = read_side(Path(new_path), as_of, registry, max_uncompressed)
    result = WorkbookDiff(_version(old), _version(new))
    known = set()
    for schema in registry.sheets():
        known.add(normalise_header(schema.name))
        result.sheets.append(schema.name)
        diff_sheet(schema, old, new, result)
    _other_sheets(old.raw, new.raw, known, result)
    result.treaty, result.treaty_note = treaty_meaning(old, new, result)
    return result


def _version(side: Side) -> Version:
    report = side.report
    return Version(report.path, side.raw.sha256, report.as_of, len(report.errors), len(report.warnings))


def _other_sheets(old: RawWorkbook, new: RawWorkbook, known: set[str], result: WorkbookDiff) -> None:
    """Sheets the schema does not know (a README, lists) are not compared, but one missing is said."""
    old_names = {normalise_header(s.name): s.name for s in old.sheets}
    new_names = {normalise_header(s.name): s.name for s in new.sheets}
    for name, shown in old_names.items():
        if name not in known and name not in new_names:
            result.notes.append(Note(shown, "sheet-removed", f"The sheet {shown!r} is only in OLD", True))
    for name, shown in new_names.items():
        if name not in known and name not in old_names:
            result.notes.append(Note(shown, "sheet-added", f"The sheet {shown!r} is only in NEW", True))
