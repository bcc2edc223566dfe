"""One sheet of two versions: columns matched by header, rows by the sheet's key, cells compared.

Rows are matched in C where every key is once on each side (the usual case, and 100,000 rows);
rows that share a key, or have none, are matched in the order they come, and that is said.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from report_tool.diff.changes import CellChange, Note, RowChange, Side, WorkbookDiff
from report_tool.diff.values import change_kind, form
from report_tool.domain.names import fold_name
from report_tool.validation.issues import _json_value
from report_tool.workbook.cell_references import CellRef, column_letters
from report_tool.workbook.raw import RawSheet
from report_tool.workbook.schema import ColumnType, Sheet, normalise_header
from report_tool.workbook.tables import SheetTable


@dataclass
class _Columns:
    """A sheet's columns in one file: identity (schema key or folded header) -> raw index."""

    index: dict[str, int]
    header: dict[str, str]  # identity -> header to show


def _columns(schema: Sheet, raw: RawSheet, table: SheetTable) -> _Columns:
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


def diff_sheet(schema: Sheet, old: Side, new: Side, result: WorkbookDiff) -> None:
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
    for code, label, mine, theirs in (
        ("column-removed", "OLD", old_columns, new_columns),
        ("column-added", "NEW", new_columns, old_columns),
    ):
        for identity in sorted(mine.index.keys() - theirs.index.keys(), key=mine.index.__getitem__):
            shown = mine.header[identity]
            message = f"The column {shown!r} is only in {label}; its values are not compared"
            result.notes.append(Note(schema.name, code, message, True))
    common = [i for i in new_columns.index if i in old_columns.index]
    common.sort(key=lambda i: old_columns.index[i])
    key = tuple(k for k in sheet_key(schema) if k in old_columns.index and k in new_columns.index)
    if len(key) < len(sheet_key(schema)):
        key = ()
    pairs, added, removed = _match(schema, key, old_table, new_table, old_columns, result)
    if key and added and removed:
        pairs, added, removed = _pair_renamed(schema, key, old_table, new_table, pairs, added, removed)
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
        return fold_name(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _match(
    schema: Sheet,
    key: tuple[str, ...],
    old: SheetTable,
    new: SheetTable,
    old_columns: _Columns,
    result: WorkbookDiff,
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """(old, new) positions of matched rows, and the positions only NEW, only OLD has. Rows with
    the same key (or without one) are matched in the order they come, and that is said."""

    def keys(table: SheetTable) -> list[tuple[Any, ...]]:
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
    for item in dict.fromkeys([*old_groups, *new_groups]):  # in the order rows come: notes are stable
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


def _pair_renamed(
    schema: Sheet,
    key: tuple[str, ...],
    old: SheetTable,
    new: SheetTable,
    pairs: list[tuple[int, int]],
    added: list[int],
    removed: list[int],
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Rows the key left apart that another of the sheet's unique columns joins: a state renamed
    under the same ISO3 code is one row whose State changed, not a state removed and one added."""
    for other in (u for u in schema.unique if u != key):
        olds, news = _once_by(old, removed, other), _once_by(new, added, other)
        joined = [(olds[value], news[value]) for value in olds.keys() & news.keys()]
        if joined:
            pairs = sorted([*pairs, *joined])
            left_old, left_new = {o for o, _ in joined}, {n for _, n in joined}
            removed = [p for p in removed if p not in left_old]
            added = [p for p in added if p not in left_new]
    return pairs, added, removed


def _once_by(table: SheetTable, positions: list[int], columns: tuple[str, ...]) -> dict[Any, int]:
    """Folded value of `columns` -> position, for the values found once among `positions` and
    not blank: a value on two rows joins neither."""
    found: dict[Any, int | None] = {}
    for position in positions:
        value = tuple(_fold(table.values(k)[position]) for k in columns)
        if all(v not in (None, "") for v in value):
            found[value] = None if value in found else position
    return {value: position for value, position in found.items() if position is not None}


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
            kind = change_kind(before, after, typed_before, typed_after)
            if kind is None:
                continue
            result.cells.append(
                CellChange(
                    schema.name,
                    _key_of(schema, key, old_table, old_raw, old_columns, old_position),
                    old_columns.header[identity],
                    _shown(before),
                    _shown(after),
                    CellRef(old_raw.name, old_number, column_letters(old_columns.index[identity] + 1)),
                    CellRef(new_raw.name, new_number, column_letters(new_columns.index[identity] + 1)),
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


def _typed(table: SheetTable, identity: str, position: int) -> Any:
    """The reader's typed value of a schema column (None for unknown columns and unusable cells)."""
    if identity.startswith("?"):
        return None
    return table.values(identity)[position]


def _shown(value: Any) -> Any:
    return None if value == "" else value


def _key_of(
    schema: Sheet, key: tuple[str, ...], table: SheetTable, raw: RawSheet, columns: _Columns, position: int
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


def _row_values(
    raw: RawSheet, columns: _Columns, table: SheetTable, position: int
) -> tuple[tuple[str, Any], ...]:
    cells = raw.rows[position][1]
    found = []
    for identity, index in sorted(columns.index.items(), key=lambda item: item[1]):
        value = _shown(cells[index]) if index < len(cells) else None
        if value is not None:
            found.append((columns.header[identity], value))
    return tuple(found)
