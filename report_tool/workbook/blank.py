"""A workbook that guides the staff who fill it in: notes on headers, dropdowns, formats.

`init` writes it empty; the example workbook is the same layout with rows in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from report_tool.output import atomic_output, close_xlsx
from report_tool.plugins.registry import Registry, builtin_registry
from report_tool.workbook.cell_references import column_letters
from report_tool.workbook.schema import (
    DATA_AS_AT,
    SETTINGS,
    SOURCES,
    STATES,
    YEAR_MAX,
    YEAR_MIN,
    Column,
    ColumnType,
    Sheet,
)
from report_tool.workbook.text_dates import parse_day

LISTS_SHEET = "Lists"
STATE_NAMES = "StateNames"
SOURCE_KEYS = "SourceKeys"
DATE_FORMAT = "d mmm yyyy"
HEADER_COLOUR = "#1F3864"
README_CHARS_PER_LINE = 95

Rows = Mapping[str, Sequence[Mapping[str, Any]]]


def write_workbook(
    path: Path,
    rows: Rows | None = None,
    force: bool = False,
    registry: Registry | None = None,
    constant_memory: bool = False,
) -> Path:
    """Write the schema's workbook to `path`, with `rows` by sheet name if given; `registry` adds
    the plugins' sheets and columns (default: the built-ins alone). `constant_memory`: each row
    is written out as the next begins (XlsxWriter's mode of that name; its strings are inline),
    for a million rows made as they are written (the benchmark's)."""
    sheets = (registry or builtin_registry()).sheets()
    with atomic_output(Path(path), overwrite=force) as temporary:
        _write(temporary, rows or {}, sheets, constant_memory)
    return Path(path)


def _write(path: Path, rows: Rows, sheets: Sequence[Sheet], constant_memory: bool = False) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "constant_memory": constant_memory,
        },
    )
    book.set_properties({"title": "Anti-Personnel Mine Ban Convention workbook", "comments": "report-tool"})
    book.set_calc_mode("auto")
    formats = _Formats(book)
    _write_readme(book, formats, sheets)
    lists = {key: f"List_{key}" for key in _choice_columns(sheets)}
    state_column = column_letters(STATES.columns.index(STATES.column("state")) + 1)
    book.define_name(
        STATE_NAMES,
        f"=OFFSET(States!${state_column}$2,0,0,MAX(1,COUNTA(States!${state_column}:${state_column})-1),1)",
    )
    if any(sheet.name == SOURCES.name for sheet in sheets):
        key = column_letters(SOURCES.columns.index(SOURCES.column("key")) + 1)
        book.define_name(
            SOURCE_KEYS, f"=OFFSET(Sources!${key}$2,0,0,MAX(1,COUNTA(Sources!${key}:${key})-1),1)"
        )
        lists["source"] = SOURCE_KEYS
    for sheet in sheets:
        _write_sheet(book, sheet, rows.get(sheet.name, ()), formats, lists)
    _write_lists(book, lists, sheets)
    close_xlsx(book)


class _Formats:
    def __init__(self, book: Any) -> None:
        self.header = book.add_format(
            {
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": HEADER_COLOUR,
                "border": 1,
                "text_wrap": True,
                "valign": "top",
            }
        )
        self.date = book.add_format({"num_format": DATE_FORMAT, "align": "left"})
        self.count = book.add_format({"num_format": "#,##0"})
        self.year = book.add_format({"num_format": "0"})
        self.percent = book.add_format({"num_format": "0.0"})
        self.text = book.add_format({"num_format": "@"})
        self.title = book.add_format({"bold": True, "font_size": 16, "font_color": HEADER_COLOUR})
        self.bold = book.add_format({"bold": True, "valign": "top"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})

    def for_column(self, column: Column) -> Any:
        return {
            ColumnType.DATE: self.date,
            ColumnType.COUNT: self.count,
            ColumnType.YEAR: self.year,
            ColumnType.PERCENT: self.percent,
        }.get(column.type, self.text)


def _write_readme(book: Any, formats: _Formats, sheets: Sequence[Sheet]) -> None:
    sheet = book.add_worksheet("README")
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 100)
    sheet.write_string(0, 0, "Anti-Personnel Mine Ban Convention workbook", formats.title)
    lines = [
        (
            "How to use it",
            "Fill in one row per item on each sheet. Each column header has a note: "
            "point at the header to read what goes in the column and in what form. Pick values from "
            "the dropdowns where there are some. Type each state's name on the States sheet (any "
            "name: validate checks it against the ISO3 code); it then appears in the state "
            "dropdowns of the other sheets. Type dates as dates (for example 27 June 2025).",
        ),
        (
            "Checking it",
            "Run `report-tool validate` on the saved workbook: it lists every problem "
            "with its cell, for example Withdrawals!C5, and a hint.",
        ),
        (
            "Sources",
            "List each source document once on the Sources sheet (a key, its publisher, title, "
            "date of publication, address and kind), then cite it on every other sheet by its key "
            "in the Source column, best source first (pick a key from the dropdown; several are "
            "separated by ;). The reports print each citation from its Sources row. Where a value "
            "is not confirmed, name its column in Unconfirmed with the reason, for example "
            "Effective (day derived: six months after the notification).",
        ),
    ]
    row = 2
    for label, text in lines:
        sheet.write_string(row, 0, label, formats.bold)
        _write_wrapped(sheet, row, 1, text, formats.wrap)
        row += 1
    row += 1
    sheet.write_string(row, 0, "Sheet", formats.header)
    sheet.write_string(row, 1, "What it holds (required columns in brackets)", formats.header)
    for schema in sheets:
        row += 1
        required = ", ".join(c.header for c in schema.required_columns)
        optional = "" if schema.required else " This sheet is optional."
        sheet.write_string(row, 0, schema.name, formats.bold)
        _write_wrapped(sheet, row, 1, f"{schema.description}{optional} (Required: {required}.)", formats.wrap)
    _print_setup(sheet, 0)
    sheet.activate()


def _write_wrapped(sheet: Any, row: int, col: int, text: str, cell_format: Any) -> None:
    """Neither XlsxWriter nor LibreOffice sizes a wrapped row: give it the height of its lines."""
    sheet.write_string(row, col, text, cell_format)
    lines = max(1, -(-len(text) // README_CHARS_PER_LINE))
    sheet.set_row(row, 15 * lines)


def _print_setup(sheet: Any, header_rows: int) -> None:
    """Landscape A4; the README fits the width, data sheets repeat their header row."""
    sheet.set_landscape()
    sheet.set_paper(9)
    if header_rows:
        sheet.repeat_rows(0, header_rows - 1)
    else:
        sheet.fit_to_pages(1, 0)


def _choice_columns(sheets: Sequence[Sheet]) -> dict[str, Column]:
    return {c.key: c for s in sheets for c in s.columns if c.type is ColumnType.CHOICE}


def _write_lists(book: Any, names: dict[str, str], sheets: Sequence[Sheet]) -> None:
    """The dropdowns' allowed values, on a hidden last sheet: Excel's inline lists cannot hold commas."""
    sheet = book.add_worksheet(LISTS_SHEET)
    columns = list(_choice_columns(sheets).values())
    # row by row, as constant_memory needs: a row is written out once the next one begins
    for row in range(1 + max((len(column.choices) for column in columns), default=0)):
        for index, column in enumerate(columns):
            if row <= len(column.choices):
                sheet.write_string(row, index, column.choices[row - 1] if row else column.header)
    for index, column in enumerate(columns):
        letter = column_letters(index + 1)
        book.define_name(names[column.key], f"={LISTS_SHEET}!${letter}$2:${letter}${len(column.choices) + 1}")
    sheet.hide()


def _write_sheet(
    book: Any,
    schema: Sheet,
    rows: Sequence[Mapping[str, Any]],
    formats: _Formats,
    lists: dict[str, str],
) -> None:
    sheet = book.add_worksheet(schema.name)
    last_column = len(schema.columns) - 1
    for index, column in enumerate(schema.columns):
        sheet.set_column(index, index, column.width, formats.for_column(column))
        sheet.write_string(0, index, column.header, formats.header)
        note = f"{column.header}{' (required)' if column.required else ''}: {column.note}"
        sheet.write_comment(0, index, note, {"x_scale": 2.2, "y_scale": 1.3})
        validation = _validation(column, lists)
        if validation and not _names_a_state_on_its_own_sheet(schema, column):
            sheet.data_validation(1, index, 1_048_575, index, validation)
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, 0)
    _print_setup(sheet, 1)
    sheet.autofilter(0, 0, max(len(rows), 1), last_column)
    for row_index, values in enumerate(_with_data_date(schema, rows), start=1):
        data_date = schema.name == SETTINGS.name and values.get("setting") == DATA_AS_AT
        for index, column in enumerate(schema.columns):
            value = values.get(column.key)
            if data_date and column.key == "value":
                # A date cell, so that a day typed there (26/11/2026) is the day Excel reads.
                day = parse_day(value) if isinstance(value, str) else value
                if value is None:
                    sheet.write_blank(row_index, index, None, formats.date)
                else:
                    _write_cell(sheet, row_index, index, value if day is None else day, formats.date)
            else:
                _write_cell(sheet, row_index, index, value, formats.for_column(column))


def _with_data_date(schema: Sheet, rows: Sequence[Mapping[str, Any]]) -> Sequence[Mapping[str, Any]]:
    """The rows, with a Data as at row on a Settings sheet that has none, ready for the day."""
    if schema.name != SETTINGS.name or any(r.get("setting") == DATA_AS_AT for r in rows):
        return rows
    return [*rows, {"setting": DATA_AS_AT}]


def _names_a_state_on_its_own_sheet(schema: Sheet, column: Column) -> bool:
    """The States sheet's State column is where states are added: a list fed from that same
    column would refuse every new name, the first one included. validate checks it instead."""
    return schema.name == STATES.name and column.key == "state"


def _write_cell(sheet: Any, row: int, col: int, value: Any, cell_format: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), cell_format)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, value, cell_format)
    else:
        sheet.write_string(row, col, str(value), cell_format)


def _validation(column: Column, lists: dict[str, str]) -> dict[str, Any] | None:
    """Excel data validation for a column: dropdowns and ranges that match what `validate` checks."""
    kind = column.type
    if kind is ColumnType.CHOICE:
        return {
            "validate": "list",
            "source": f"={lists[column.key]}",
            "error_title": column.header,
            "error_message": "Pick a value from the list.",
        }
    if kind is ColumnType.STATE:
        extra = f" or {', '.join(column.also_allowed)}" if column.also_allowed else ""
        if column.other_areas:
            extra += ", or an area the Landmine Monitor lists apart from states (Kosovo, Western Sahara, ...)"
        return {
            "validate": "list",
            "source": f"={STATE_NAMES}",
            # A warning, not a stop: a state not yet on the States sheet can still be typed.
            "error_type": "warning" if column.also_allowed else "stop",
            "error_title": column.header,
            "error_message": f"Pick a state from the States sheet{extra}.",
            "input_title": column.header[:32],
            "input_message": f"A state from the States sheet{extra}."[:255],
        }
    if column.key == "source" and "source" in lists:
        return {
            "validate": "list",
            "source": f"={lists['source']}",
            # a warning, not a stop: several keys (a; b) or a web address can still be typed
            "error_type": "warning",
            "error_title": column.header,
            "error_message": "Pick a key from the Sources sheet (several are separated by ;).",
        }
    if kind is ColumnType.COUNT:
        return {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "error_title": column.header,
            "error_message": "Type a whole number, 0 or more.",
        }
    if kind is ColumnType.PERCENT:
        return {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 100,
            "error_title": column.header,
            "error_message": "Type a number from 0 to 100 (90 for 90%).",
        }
    if kind is ColumnType.YEAR:
        return {
            "validate": "integer",
            "criteria": "between",
            "minimum": YEAR_MIN,
            "maximum": YEAR_MAX,
            "error_title": column.header,
            "error_message": f"Type a year from {YEAR_MIN} to {YEAR_MAX}.",
        }
    if kind is ColumnType.DATE:
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(1990, 1, 1),
            "maximum": dt.date(2100, 12, 31),
            "error_title": column.header,
            "error_message": "Type a date, for example 27 June 2025.",
        }
    return None
