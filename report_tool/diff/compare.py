"""Two versions of the workbook -> rows added and removed and cells changed, matched by key.

Rows are matched by each sheet's key from the schema (plugins' sheets included), columns by
header (order, case and surrounding spaces do not matter), values as the reader types them, so
that moving a column is no change and a date typed as text is a change of form, not of value.
This module holds the one call; the records are in changes.py, a sheet is matched in matching.py,
cells compared in values.py, the treaty meaning worked out in meaning.py, the views in render.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from report_tool.diff.changes import Note, Side, Version, WorkbookDiff
from report_tool.diff.matching import diff_sheet
from report_tool.diff.meaning import treaty_meaning
from report_tool.diff.values import meaning
from report_tool.plugins.registry import Registry, builtin_registry
from report_tool.validation.validate import Validation, validate
from report_tool.workbook.raw import RawWorkbook
from report_tool.workbook.reader import DEFAULT_MAX_UNCOMPRESSED
from report_tool.workbook.schema import ColumnType, Sheet, normalise_header
from report_tool.workbook.tables import LoadedWorkbook


def diff_workbooks(
    old_path: Path | str,
    new_path: Path | str,
    as_of: dt.date | None = None,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    registry: Registry | None = None,
) -> WorkbookDiff:
    """Compare two versions of the workbook, each as at `as_of`, else its own data date, with the
    sheets of `registry`'s plugins (default: the built-ins alone). Both are only read, and each
    validated as `validate` does; either may have validation errors. Raises WorkbookUnreadable
    when one cannot be read at all."""
    registry = registry or builtin_registry()
    old = validate(old_path, as_of, max_uncompressed, registry=registry, keep_raw=True)
    new = validate(new_path, as_of, max_uncompressed, registry=registry, keep_raw=True)
    return diff_validations(old, new, registry.sheets())


def diff_validations(old: Validation, new: Validation, sheets: Sequence[Sheet]) -> WorkbookDiff:
    """Compare two workbooks already validated with their raw cells kept (validate's keep_raw),
    sheet by sheet in the order of `sheets`: how `generate --since` compares without validating
    its workbook a second time."""
    old_side, new_side = _side(old), _side(new)
    result = WorkbookDiff(_version(old_side), _version(new_side))
    known = set()
    for schema in sheets:
        known.add(normalise_header(schema.name))
        result.sheets.append(schema.name)
        diff_sheet(schema, old_side, new_side, result)
    _other_sheets(old_side.raw, new_side.raw, known, result)
    result.treaty, result.treaty_note = treaty_meaning(old_side, new_side, result)
    return result


def _side(validation: Validation) -> Side:
    if validation.raw is None:
        raise ValueError("a comparison needs the raw cells: validate with keep_raw=True")
    return Side(validation.raw, _read_what_text_says(validation.workbook), validation.report)


NUMBER_TYPES = (ColumnType.COUNT, ColumnType.YEAR, ColumnType.PERCENT)


def _read_what_text_says(loaded: LoadedWorkbook) -> LoadedWorkbook:
    """A date or number the reader could not use because it was typed as text ("9 January 2012")
    is taken as what it says, so that the treaty meaning agrees with "a change of form only".
    The tables are copied where a value changes: the validation's own (a report's) stay as read."""
    tables = dict(loaded.tables)
    for name, table in loaded.tables.items():
        columns = table.columns
        for position, cells in table.unusable.items():
            for key, raw in cells.items():
                column = table.schema.column(key)
                meant = meaning(raw, None)
                if column.type is ColumnType.DATE and isinstance(meant, dt.date):
                    value: object = meant
                elif column.type in NUMBER_TYPES and isinstance(meant, float) and meant.is_integer():
                    value = int(meant)
                else:
                    continue
                if columns is table.columns:
                    columns = dict(table.columns)
                if columns[key] is table.columns[key]:
                    columns[key] = list(columns[key])
                columns[key][position] = value
        if columns is not table.columns:
            tables[name] = dataclasses.replace(table, columns=columns, _records=None)
    return dataclasses.replace(loaded, tables=tables)


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
