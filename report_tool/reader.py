"""Workbook -> raw rows with their Excel positions.

The only module that knows how a workbook is opened and what openpyxl's reading quirks are:
cached formula values, missing dimensions, files that are not workbooks at all.
"""

from __future__ import annotations

import hashlib
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from report_tool.schema import normalise_header

#: Refuse workbooks that would inflate to more than this (a zip bomb), unless raised.
DEFAULT_MAX_UNCOMPRESSED = 512 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
#: Excel stores characters XML cannot hold as _xHHHH_; openpyxl hands them over undecoded.
EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: Excel never writes a document type declaration; one is how entity-expansion bombs begin.
XML_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
EXCEL_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
    }
)


class WorkbookUnreadable(Exception):
    """The file cannot be read as a workbook at all (exit code 2)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class RawSheet:
    """A sheet's cells as values, with the header row found and Excel row numbers kept."""

    name: str
    hidden: bool
    header_row: int  # 1-based; 0 when the sheet is empty
    headers: list[Any]  # header cell values, index 0 is column A
    rows: list[tuple[int, tuple[Any, ...]]]  # (Excel row number, values from column A)
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)  # (row, 1-based column)


@dataclass
class RawWorkbook:
    path: Path
    sha256: str
    sheets: list[RawSheet]

    def sheet(self, name: str) -> RawSheet | None:
        wanted = normalise_header(name)
        for sheet in self.sheets:
            if normalise_header(sheet.name) == wanted:
                return sheet
        return None


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_workbook(path: Path, max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED) -> RawWorkbook:
    """Read every sheet's values; raise WorkbookUnreadable with a one-line reason otherwise."""
    path = Path(path)
    scan = _check_is_xlsx(path, max_uncompressed)
    digest = file_sha256(path)
    import openpyxl  # heavy: imported only when a workbook is read

    with warnings.catch_warnings():
        # openpyxl warns about parts it does not read (extensions, slicers): none hold data we check
        warnings.simplefilter("ignore", UserWarning)
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for damaged files
            raise WorkbookUnreadable(
                path, f"the workbook is damaged and cannot be opened ({_short(exc)})"
            ) from exc
        try:
            sheets = [_read_sheet(ws) for ws in workbook.worksheets]
        except Exception as exc:
            raise WorkbookUnreadable(path, f"a sheet is damaged and cannot be read ({_short(exc)})") from exc
        finally:
            workbook.close()
    if scan.has_formulas:
        _mark_uncached_formulas(path, sheets)
    return RawWorkbook(path=path, sha256=digest, sheets=sheets)


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def _check_is_xlsx(path: Path, max_uncompressed: int) -> _Scan:
    """Tell the user in one line what the file is, when it is not a readable .xlsx."""
    if not path.exists():
        raise WorkbookUnreadable(path, "no such file")
    if path.is_dir():
        raise WorkbookUnreadable(path, "this is a folder, not a workbook")
    if path.name.startswith("~$"):
        raise WorkbookUnreadable(
            path, "this is Excel's lock file, not the workbook; pass the file without '~$'"
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise WorkbookUnreadable(path, f"cannot be opened ({exc.strerror or exc})") from exc
    if not head:
        raise WorkbookUnreadable(path, "the file is empty")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise WorkbookUnreadable(
                path, "the workbook is password-protected; save a copy without a password"
            )
        raise WorkbookUnreadable(
            path, "this is an old Excel 97-2003 (.xls) file; open it in Excel and save as .xlsx"
        )
    if not head.startswith(b"PK"):
        raise WorkbookUnreadable(path, "this is not an Excel workbook (it looks like a text or CSV file)")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise WorkbookUnreadable(path, "the file is damaged or incomplete (not a valid .xlsx)") from exc
    if b"opendocument" in mimetype:
        raise WorkbookUnreadable(path, "this is an OpenDocument (.ods) file; save it as .xlsx")
    if "xl/workbook.bin" in names:
        raise WorkbookUnreadable(path, "this is a binary Excel (.xlsb) file; save it as .xlsx")
    if "xl/workbook.xml" not in names:
        raise WorkbookUnreadable(path, "this zip file is not an Excel workbook")
    if total > max_uncompressed:
        raise WorkbookUnreadable(
            path,
            f"the workbook would expand to {total / 2**20:,.0f} MB, over the "
            f"{max_uncompressed / 2**20:,.0f} MB limit (raise it with --max-size if it is genuine)",
        )
    scan = _scan_parts(path)
    if scan.declares_entities:
        raise WorkbookUnreadable(
            path, "the workbook's XML declares entities, which Excel never writes; refused for safety"
        )
    return scan


def _read_sheet(ws: Any) -> RawSheet:
    ws.reset_dimensions()  # a wrong <dimension> would otherwise hide rows
    from report_tool.plugins import find_sheet

    schema_sheet = find_sheet(ws.title)
    known = {normalise_header(c.header) for c in schema_sheet.columns} if schema_sheet else set()
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if any(v is not None and v != "" for v in values):
            if any(isinstance(v, str) and "_x" in v for v in values):
                values = tuple(_unescape(v) if isinstance(v, str) else v for v in values)
            rows.append((number, values))
    header_index = _find_header(rows, known)
    if header_index is None:
        return RawSheet(ws.title, ws.sheet_state != "visible", 0, [], [])
    header_row, headers = rows[header_index]
    return RawSheet(
        name=ws.title,
        hidden=ws.sheet_state != "visible",
        header_row=header_row,
        headers=list(headers),
        rows=rows[header_index + 1 :],
    )


def _unescape(text: str) -> str:
    return EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


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


@dataclass(frozen=True)
class _Scan:
    declares_entities: bool
    has_formulas: bool


def _scan_parts(path: Path) -> _Scan:
    """One pass over the XML parts: entity declarations anywhere, formulas in worksheets."""
    entities = formulas = False
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            is_sheet = name.startswith("xl/worksheets/")
            with archive.open(name) as part:
                for chunk in _chunks(part):
                    entities = entities or any(d in chunk for d in XML_DECLARATIONS)
                    formulas = formulas or (is_sheet and (b"<f>" in chunk or b"<f " in chunk))
                    if entities:
                        return _Scan(True, formulas)
    return _Scan(entities, formulas)


def _chunks(part: Any) -> Iterator[bytes]:
    previous = b""
    while block := part.read(1 << 20):
        yield previous[-8:] + block
        previous = block


def _mark_uncached_formulas(path: Path, sheets: list[RawSheet]) -> None:
    """A formula never calculated (saved by a program that does not compute) has no value to read."""
    import openpyxl

    by_name = {sheet.name: sheet for sheet in sheets}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # parts openpyxl does not read, as above
        _mark_in(openpyxl.load_workbook(path, read_only=True, data_only=False), by_name)


def _mark_in(workbook: Any, by_name: dict[str, RawSheet]) -> None:
    try:
        for ws in workbook.worksheets:
            sheet = by_name.get(ws.title)
            if sheet is None:
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
