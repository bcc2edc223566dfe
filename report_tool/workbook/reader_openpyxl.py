"""The openpyxl engine: for workbooks with formulas or error cells, which calamine reads as blank.

openpyxl's data_only mode gives a formula's cached value and an error's text (#REF!); a second
pass without it finds formulas that have no cached value, to report them at their cells.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from report_tool.errors import WorkbookUnreadable
from report_tool.workbook.raw import CANNOT_BE_READ, EXCEL_ESCAPE, EXCEL_SUFFIXES, RawSheet, make_sheet
from report_tool.workbook.schema import Sheet, normalise_header


def read_openpyxl(path: Path, declared: Mapping[str, Sheet], mark_formulas: bool = True) -> list[RawSheet]:
    """Every sheet; only those `declared` (by normalised name) have their cells read."""
    import openpyxl

    with warnings.catch_warnings(), contextlib.ExitStack() as files:
        # openpyxl warns about parts it does not read (extensions, slicers): none hold data we check
        warnings.simplefilter("ignore", UserWarning)
        # openpyxl goes by the name: an .xlsx named .xls is handed over open, to be read by content
        source: Any = path if path.suffix.lower() in EXCEL_SUFFIXES else files.enter_context(path.open("rb"))
        try:
            workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
            try:
                sheets = [_read_sheet(ws, declared) for ws in workbook.worksheets]
            finally:
                workbook.close()
            if mark_formulas:
                if not isinstance(source, Path):
                    source.seek(0)
                _mark_in(openpyxl.load_workbook(source, read_only=True, data_only=False), sheets)
        except Exception as exc:  # openpyxl raises many kinds (TypeError, IndexError) for such files
            raise WorkbookUnreadable(path, CANNOT_BE_READ) from exc
    return sheets


def _read_sheet(ws: Any, declared: Mapping[str, Sheet]) -> RawSheet:
    if normalise_header(ws.title) not in declared:  # its cells are not needed
        return RawSheet(ws.title, ws.sheet_state != "visible", 0, [], [])
    ws.reset_dimensions()  # a wrong <dimension> would otherwise hide rows
    rows: list[tuple[int, Any]] = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if any(v is not None and v != "" for v in values):
            if any(isinstance(v, str) and "_x" in v for v in values):
                values = tuple(_unescape(v) if isinstance(v, str) else v for v in values)
            rows.append((number, values))
    return make_sheet(ws.title, ws.sheet_state != "visible", rows, declared)


def _unescape(text: str) -> str:
    """Excel stores characters XML cannot hold as _xHHHH_; openpyxl hands them over undecoded."""
    return EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _mark_in(workbook: Any, sheets: list[RawSheet]) -> None:
    """A formula never calculated (saved by a program that does not compute) has no value to read."""
    by_name = {sheet.name: sheet for sheet in sheets}
    try:
        for ws in workbook.worksheets:
            sheet = by_name.get(ws.title)
            if sheet is None or not sheet.header_row:
                continue
            ws.reset_dimensions()
            values_by_row = dict(sheet.rows)
            if sheet.header_row:
                values_by_row[sheet.header_row] = tuple(sheet.headers)
            for number, formulas in enumerate(ws.iter_rows(values_only=True), start=1):
                cached = values_by_row.get(number, ())
                for index, formula in enumerate(formulas):
                    if _is_formula(formula) and (index >= len(cached) or cached[index] in (None, "")):
                        sheet.uncached_formulas.add((number, index + 1))
                        if number not in values_by_row and number > sheet.header_row:
                            values_by_row[number] = ()
                            sheet.rows.append((number, ()))
            sheet.rows.sort(key=lambda item: item[0])
    finally:
        workbook.close()


def _is_formula(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith("=")
    return hasattr(value, "text") and hasattr(value, "ref")  # ArrayFormula
