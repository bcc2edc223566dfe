"""Two versions of the workbook -> rows added and removed and cells changed, matched by key.

Rows are matched by each sheet's key from the schema (plugins' sheets included), columns by
header (order, case and surrounding spaces do not matter), values as the reader types them, so
that moving a column is no change and a date typed as text is a change of form, not of value.
The treaty meaning of the changes is worked out in diff_treaty.py; the views in diff_format.py.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from report_tool import __version__
from report_tool.issues import ValidationReport, _json_value
from report_tool.reader import DEFAULT_MAX_UNCOMPRESSED, RawSheet, RawWorkbook, column_letter, read_workbook
from report_tool.schema import ColumnType, Sheet, normalise_header
from report_tool.tables import LoadedWorkbook, Table, load_tables

#: Numbers closer than this (relative or absolute) are equal: float noise, not an edit.
FLOAT_NOISE = 1e-9
#: Dates typed as text that a person reads one way only (27 June 2025, 27 Jun 2025, June 27, 2025).
TEXT_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y")
NUMBER_TEXT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


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


def read_side(path: Path, as_of: dt.date | None, max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED) -> Side:
    """Read and validate one file as at `as_of`, else its data date, else today, as validate
    does, keeping its raw cells; raises WorkbookUnreadable."""
    from report_tool.checks import CheckContext
    from report_tool.plugins import run_checks

    collecting = gc.isenabled()
    gc.disable()  # as validate does: many objects, no cycles
    try:
        raw = read_workbook(Path(path), max_uncompressed)
        loaded, issues = load_tables(raw)
        day = as_of or data_as_at(loaded) or dt.date.today()
        issues.extend(run_checks(CheckContext(loaded, day)))
    finally:
        if collecting:
            gc.enable()
    report = ValidationReport(path=str(path), as_of=day, sha256=raw.sha256, issues=issues)
    _read_what_text_says(loaded)
    return Side(raw, loaded, report)


DATA_AS_AT = "Data as at"


def data_as_at(loaded: LoadedWorkbook) -> dt.date | None:
    """The Settings value `Data as at`, when it is a day."""
    for record in loaded.records("Settings"):
        value = record.get("value")
        if record.get("setting") == DATA_AS_AT and value:
            try:
                return dt.date.fromisoformat(str(value).strip()[:10])
            except ValueError:
                return None
    return None


NUMBER_TYPES = (ColumnType.COUNT, ColumnType.YEAR, ColumnType.PERCENT)


def _read_what_text_says(loaded: LoadedWorkbook) -> None:
    """A date or number the reader could not use because it was typed as text ("9 January 2012")
    is taken as what it says, so that the treaty meaning agrees with "a change of form only"."""
    for table in loaded.tables.values():
        for position, cells in table.unusable.items():
            for key, raw in cells.items():
                column = table.schema.column(key)
                meant = _meaning(raw, None)
                if column.type is ColumnType.DATE and isinstance(meant, dt.date):
                    table.columns[key][position] = meant
                elif column.type in NUMBER_TYPES and isinstance(meant, float) and meant.is_integer():
                    table.columns[key][position] = int(meant)


def diff_workbooks(
    old_path: Path | str,
    new_path: Path | str,
    as_of: dt.date | None = None,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
) -> WorkbookDiff:
    """Compare two versions of the workbook, each as at `as_of`, else its own data date. Both are
    only read; either may have validation errors. Raises WorkbookUnreadable when one cannot be
    read at all."""
    from report_tool.diff_treaty import treaty_meaning
    from report_tool.plugins import sheets

    old = read_side(Path(old_path), as_of, max_uncompressed)
    new = read_side(Path(new_path), as_of, max_uncompressed)
    result = WorkbookDiff(_version(old), _version(new))
    known = set()
    for schema in sheets():
        known.add(normalise_header(schema.name))
        result.sheets.append(schema.name)
        _diff_sheet(schema, old, new, result)
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


# -- one sheet -------------------------------------------------------------------------------------


@dataclass
class _Columns:
    """A sheet's columns in one file: identity (schema key or folded header) -> raw index."""

    index: dict[str, int]
    header: dict[str, str]  # identity -> header to show


def _columns(schema: Sheet, raw: RawSheet, table: Table) -> _Columns:
    by_header = {normalise_header(c.header): c for c in schema.columns}
    index: dict[str, int] = {}
    header: dict[str, str] = {}
    for position, text in enumerate(raw.headers):
        name = normalise_header(text)
        if not name:
            continue
        column = by_header.get(name)
        identity = column.key if column is not None else "?" + name
        if identity not in index:
            index[identity] = position
            header[identity] = column.header if column is not None else " ".join(str(text).split())
    return _Columns(index, header)


def sheet_key(schema: Sheet) -> tuple[str, ...]:
    """The columns that identify a row: the sheet's first uniqueness rule, else its required name
    columns and choices (Objections: Objecting state, Objection to, Action); () matches by position."""
    if schema.unique:
        return schema.unique[0]
    names = (ColumnType.STATE, ColumnType.CHOICE, ColumnType.ISO3)
    return tuple(c.key for c in schema.columns if c.required and (c.is_key or c.type in names))


def _diff_sheet(schema: Sheet, old: Side, new: Side, result: WorkbookDiff) -> None:
    old_raw, new_raw = old.raw.sheet(schema.name), new.raw.sheet(schema.name)
    old_table, new_table = old.loaded.tables.get(schema.name), new.loaded.tables.get(schema.name)
    if old_raw is None and new_raw is None:
        return
    if old_raw is None or old_table is None:
        result.notes.append(Note(schema.name, "sheet-added", f"The {schema.name} sheet is only in NEW", True))
        return
    if new_raw is None or new_table is None:
        result.notes.append(
            Note(schema.name, "sheet-removed", f"The {schema.name} sheet is only in OLD", True)
        )
        return
    old_columns, new_columns = _columns(schema, old_raw, old_table), _columns(schema, new_raw, new_table)
    for identity in old_columns.index.keys() - new_columns.index.keys():
        shown = old_columns.header[identity]
        result.notes.append(
            Note(
                schema.name,
                "column-removed",
                f"The column {shown!r} is only in OLD; its values are not compared",
                True,
            )
        )
    for identity in new_columns.index.keys() - old_columns.index.keys():
        shown = new_columns.header[identity]
        result.notes.append(
            Note(
                schema.name,
                "column-added",
                f"The column {shown!r} is only in NEW; its values are not compared",
                True,
            )
        )
    common = [i for i in new_columns.index if i in old_columns.index]
    common.sort(key=lambda i: old_columns.index[i])
    key = tuple(k for k in sheet_key(schema) if k in old_columns.index and k in new_columns.index)
    if len(key) < len(sheet_key(schema)):
        key = ()
    pairs, added, removed = _match(schema, key, old_table, new_table, old_columns, result)
    _compare_rows(schema, common, key, pairs, old, new, old_columns, new_columns, result)
    for side, positions, change in ((new, added, "added"), (old, removed, "removed")):
        table = side.loaded.tables[schema.name]
        raw = side.raw.sheet(schema.name)
        columns = new_columns if side is new else old_columns
        assert raw is not None
        for position in positions:
            result.rows.append(
                RowChange(
                    schema.name,
                    change,
                    _key_of(schema, key, table, raw, columns, position),
                    raw.rows[position][0],
                    _row_values(raw, columns, table, position),
                    raw.name if raw.name != schema.name else "",
                    len(raw.headers),
                )
            )


def _fold(value: Any) -> Any:
    """A key value as rows are matched on it: names without case or spacing, whole floats as ints."""
    if isinstance(value, str):
        return normalise_header(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _match(
    schema: Sheet, key: tuple[str, ...], old: Table, new: Table, old_columns: _Columns, result: WorkbookDiff
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """(old, new) positions of matched rows, and the positions only NEW, only OLD has. Rows with
    the same key (or without one) are matched in the order they come, and that is said."""

    def keys(table: Table) -> list[tuple[Any, ...]]:
        if not key:
            return [()] * len(table.numbers)
        columns = []
        for k in key:  # folded once per distinct value: keys repeat (countries, years, editions)
            values = table.values(k)
            folded = {value: _fold(value) for value in set(values)}
            columns.append(list(map(folded.__getitem__, values)))
        return list(zip(*columns, strict=True))

    old_keys, new_keys = keys(old), keys(new)
    blank = tuple(None for _ in key)
    old_index = dict(zip(old_keys, range(len(old_keys)), strict=True))
    new_index = dict(zip(new_keys, range(len(new_keys)), strict=True))
    once = len(old_index) == len(old_keys) and len(new_index) == len(new_keys)
    if key and once and blank not in old_index and blank not in new_index:  # matched in C
        common = old_index.keys() & new_index.keys()
        return (
            sorted(zip(map(old_index.__getitem__, common), map(new_index.__getitem__, common), strict=True)),
            sorted(map(new_index.__getitem__, new_index.keys() - common)),
            sorted(map(old_index.__getitem__, old_index.keys() - common)),
        )
    old_groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    new_groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for position, item in enumerate(old_keys):
        old_groups[item].append(position)
    for position, item in enumerate(new_keys):
        new_groups[item].append(position)
    pairs: list[tuple[int, int]] = []
    added: list[int] = []
    removed: list[int] = []
    for item in old_groups.keys() | new_groups.keys():
        olds, news = old_groups.get(item, []), new_groups.get(item, [])
        pairs.extend(zip(olds, news, strict=False))
        removed.extend(olds[len(news) :])
        added.extend(news[len(olds) :])
        if not key:
            continue
        headers = ", ".join(schema.column(k).header for k in key)
        if item == blank and (olds or news):
            result.notes.append(
                Note(
                    schema.name,
                    "rows-without-key",
                    f"{len(olds)} row(s) in OLD and {len(news)} in NEW have no {headers}; "
                    "they are matched in the order they come",
                    False,
                )
            )
        elif len(olds) > 1 or len(news) > 1:
            shown = ", ".join(
                str(_json_value(v))
                for v in (old.values(k)[olds[0]] if olds else new.values(k)[news[0]] for k in key)
            )
            result.notes.append(
                Note(
                    schema.name,
                    "duplicate-key",
                    f"{headers} {shown!r} is on {len(olds)} row(s) in OLD and {len(news)} in NEW; "
                    "they are matched in the order they come",
                    False,
                )
            )
    if not key and (old.numbers or new.numbers):
        result.notes.append(
            Note(schema.name, "no-key", "The sheet has no key columns; rows are matched by position", False)
        )
    pairs.sort()
    added.sort()
    removed.sort()
    return pairs, added, removed


def _getter(indices: Sequence[int]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """Picks the cells at `indices` from a row in C; short (ragged) rows are padded first."""
    if not indices:
        return lambda row: ()
    pick = itemgetter(*indices)
    need = max(indices) + 1
    single = len(indices) == 1

    def get(row: tuple[Any, ...]) -> tuple[Any, ...]:
        if len(row) < need:
            row = tuple(row) + (None,) * (need - len(row))
        picked = pick(row)
        return (picked,) if single else picked

    return get


def _compare_rows(
    schema: Sheet,
    common: list[str],
    key: tuple[str, ...],
    pairs: list[tuple[int, int]],
    old: Side,
    new: Side,
    old_columns: _Columns,
    new_columns: _Columns,
    result: WorkbookDiff,
) -> None:
    old_raw, new_raw = old.raw.sheet(schema.name), new.raw.sheet(schema.name)
    assert old_raw is not None and new_raw is not None
    old_table, new_table = old.loaded.tables[schema.name], new.loaded.tables[schema.name]
    old_get = _getter([old_columns.index[i] for i in common])
    new_get = _getter([new_columns.index[i] for i in common])
    old_rows, new_rows = old_raw.rows, new_raw.rows
    for old_position, new_position in pairs:
        old_number, old_cells = old_rows[old_position]
        new_number, new_cells = new_rows[new_position]
        old_values, new_values = old_get(old_cells), new_get(new_cells)
        if old_values == new_values:
            continue
        for identity, before, after in zip(common, old_values, new_values, strict=True):
            if before == after and type(before) is type(after):
                continue
            typed_before = _typed(old_table, identity, old_position)
            typed_after = _typed(new_table, identity, new_position)
            kind = _change(before, after, typed_before, typed_after)
            if kind is None:
                continue
            result.cells.append(
                CellChange(
                    schema.name,
                    _key_of(schema, key, old_table, old_raw, old_columns, old_position),
                    old_columns.header[identity],
                    _shown(before),
                    _shown(after),
                    f"{old_raw.name}!{column_letter(old_columns.index[identity] + 1)}{old_number}",
                    f"{new_raw.name}!{column_letter(new_columns.index[identity] + 1)}{new_number}",
                    kind,
                    _form_at(old_raw, old_number, old_columns.index[identity], before),
                    _form_at(new_raw, new_number, new_columns.index[identity], after),
                )
            )


def _form_at(raw: RawSheet, number: int, index: int, value: Any) -> str:
    """A cell's form; "formula" for a formula whose value was never calculated (read as blank)."""
    if raw.uncached_formulas and (number, index + 1) in raw.uncached_formulas:
        return "formula"
    return form(value)


def _typed(table: Table, identity: str, position: int) -> Any:
    """The reader's typed value of a schema column (None for unknown columns and unusable cells)."""
    if identity.startswith("?"):
        return None
    return table.values(identity)[position]


def _shown(value: Any) -> Any:
    return None if value == "" else value


def form(value: Any) -> str:
    """What kind of cell staff typed: the form, apart from the value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "blank"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, str):
        return "text"
    return "other"


def _change(before: Any, after: Any, typed_before: Any, typed_after: Any) -> str | None:
    """None when the cells say the same; "form" when only their form differs (a date typed as
    text and a real date of the same day); "value" otherwise."""
    same = _same(_meaning(before, typed_before), _meaning(after, typed_after))
    if not same:
        return "value"
    return None if form(before) == form(after) else "form"


def _meaning(raw: Any, typed: Any) -> Any:
    """The value as the reader types it; for a cell it could not type, what the text says."""
    value = typed if typed is not None else raw
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, str):
        text = " ".join(value.split())
        for pattern in TEXT_DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        if NUMBER_TEXT.match(text):
            return float(text.replace(",", ""))
        return value
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=FLOAT_NOISE, abs_tol=FLOAT_NOISE)
    return bool(a == b)


def _key_of(
    schema: Sheet, key: tuple[str, ...], table: Table, raw: RawSheet, columns: _Columns, position: int
) -> tuple[tuple[str, Any], ...]:
    if not key:
        return ()
    found = []
    for k in key:
        typed = table.values(k)[position]
        if typed is None:
            cells = raw.rows[position][1]
            index = columns.index[k]
            typed = _shown(cells[index]) if index < len(cells) else None
        found.append((schema.column(k).header, typed))
    return tuple(found)


def _row_values(raw: RawSheet, columns: _Columns, table: Table, position: int) -> tuple[tuple[str, Any], ...]:
    cells = raw.rows[position][1]
    found = []
    for identity, index in sorted(columns.index.items(), key=lambda item: item[1]):
        value = _shown(cells[index]) if index < len(cells) else None
        if value is not None:
            found.append((columns.header[identity], value))
    return tuple(found)
