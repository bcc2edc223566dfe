"""Views of a WorkbookDiff: text for people, CSV for Excel (JSON is WorkbookDiff.to_dict)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from report_tool.diff.changes import CellChange, Note, RowChange, WorkbookDiff
from report_tool.domain.treaty_dates import format_date
from report_tool.validation.issues import FORMULA_STARTS, _json_value, display_value, shown_value


def validation_line(diff: WorkbookDiff) -> str | None:
    """One line when either version has validation errors: the diff is made all the same."""
    broken = [
        f"{label} ({PurePath(v.path).name}) has {_plural(v.errors, 'validation error')}"
        for label, v in (("OLD", diff.old), ("NEW", diff.new))
        if v.errors
    ]
    if not broken:
        return None
    return (
        f"note: {' and '.join(broken)}; compared all the same, but a change below may come from "
        "a mistake (see report-tool validate)"
    )


def was_text(value: Any) -> str:
    """A value as staff would say it, in full: 25 June 2025, 1945, Norway, blank."""
    if value is None:
        return "blank"
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def key_text(key: tuple[tuple[str, Any], ...]) -> str:
    return " / ".join(shown_value(value) for _, value in key) if key else "(no key)"


def format_text(diff: WorkbookDiff) -> Iterator[str]:
    """The treaty meaning first, then each sheet's changes (the cell first), then the counts."""
    line = validation_line(diff)
    if line:
        yield line
    if diff.treaty or diff.treaty_note:
        yield "What changed for the Convention"
        for change in diff.treaty:
            yield f"  {change.message}"
        if diff.treaty_note:
            yield f"  ({diff.treaty_note})"
    by_sheet: dict[str, list[Note | RowChange | CellChange]] = {name: [] for name in diff.sheets}
    items: list[Note | RowChange | CellChange] = [*diff.notes, *diff.rows, *diff.cells]
    for item in items:
        by_sheet.setdefault(item.sheet, []).append(item)
    by_sheet = {sheet: items for sheet, items in by_sheet.items() if items}
    for sheet, items in by_sheet.items():
        yield sheet
        for item in items:
            yield from _item_lines(item)
    yield summary(diff)


def _item_lines(item: Note | RowChange | CellChange) -> Iterator[str]:
    if isinstance(item, Note):
        yield f"  {item.sheet}  {item.message}"
    elif isinstance(item, RowChange):
        where = item.cell if item.change == "added" else f"{item.cell} (OLD)"
        yield f"  {where}  row {item.change}  {key_text(item.key)}"
        shown = "; ".join(f"{header}: {display_value(value)}" for header, value in item.values)
        yield f"      {shown}"
    else:
        moved = f" (OLD: {item.old_cell})" if item.old_cell != item.new_cell else ""
        what = "form only" if item.kind == "form" else "changed"
        yield (
            f"  {item.new_cell}{moved}  {key_text(item.key)}  {item.column} {what}: "
            f"{_shown(item.old, item.old_form, item.kind)} -> {_shown(item.new, item.new_form, item.kind)}"
        )


def _shown(value: Any, form: str, kind: str) -> str:
    if form == "formula":
        return "a formula never calculated"
    if value is None:
        return "blank"
    text = display_value(value)
    return f"{text} (as {form})" if kind == "form" else text


def summary(diff: WorkbookDiff) -> str:
    names = f"{PurePath(diff.old.path).name} -> {PurePath(diff.new.path).name}"
    if not diff.differs:
        return f"{names}: no differences"
    counts = diff.counts()
    parts = [
        _plural(counts["treaty"], "treaty change"),
        _plural(counts["rows_added"], "row") + " added",
        f"{counts['rows_removed']:,} removed",
        _plural(counts["cells_changed"], "cell") + " changed",
        f"{counts['cells_changed_in_form']:,} in form only",
    ]
    if counts["sheets_and_columns"]:
        parts.append(_plural(counts["sheets_and_columns"], "sheet or column") + " in one file only")
    return f"{names}: " + ", ".join(parts)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


CSV_FIELDS = ("section", "kind", "sheet", "key", "column", "old", "new", "old_cell", "new_cell", "message")


def format_csv(diff: WorkbookDiff) -> str:
    """One row per change, treaty meaning first, for sorting and filtering in Excel."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for change in diff.treaty:
        writer.writerow(
            _safe(
                [
                    "treaty",
                    change.kind,
                    "",
                    change.subject,
                    "",
                    "",
                    "",
                    "",
                    " ".join(str(c) for c in change.cells),
                    change.message,
                ]
            )
        )
    for note in diff.notes:
        writer.writerow(_safe(["sheet", note.code, note.sheet, "", "", "", "", "", "", note.message]))
    for row in diff.rows:
        old_cell, new_cell = (row.cell, "") if row.change == "removed" else ("", row.cell)
        values = "; ".join(f"{header}: {display_value(value)}" for header, value in row.values)
        writer.writerow(
            _safe(["row", row.change, row.sheet, key_text(row.key), "", "", "", old_cell, new_cell, values])
        )
    for cell in diff.cells:
        writer.writerow(
            _safe(
                [
                    "cell",
                    cell.kind,
                    cell.sheet,
                    key_text(cell.key),
                    cell.column,
                    _json_value(cell.old),
                    _json_value(cell.new),
                    str(cell.old_cell),
                    str(cell.new_cell),
                    "",
                ]
            )
        )
    return buffer.getvalue()


def _safe(values: list[Any]) -> list[Any]:
    """Text Excel would take for a formula stays text, as validate's CSV keeps it."""
    return [
        "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else ("" if v is None else v)
        for v in values
    ]


__all__ = ["CSV_FIELDS", "format_csv", "format_text", "key_text", "summary", "validation_line", "was_text"]
