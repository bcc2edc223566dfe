"""Workbook -> raw rows with their Excel positions.

The only place that knows how a workbook is opened and what the reading libraries do. Values are
read with python-calamine (Rust, several times faster than openpyxl); a workbook with formulas or
error cells is read with openpyxl instead (reader_openpyxl.py), because calamine reads a formula
without a cached value, and an error, as a blank. Both give the checks the same rows.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from report_tool.errors import WorkbookTooLarge, WorkbookUnreadable
from report_tool.workbook.raw import (
    CANNOT_BE_READ,
    EXCEL_SUFFIXES,
    RawSheet,
    RawWorkbook,
    ReadingNote,
    make_sheet,
    short_reason,
)
from report_tool.workbook.schema import SHEETS, Sheet, by_name, normalise_header
from report_tool.workbook.speedups import in_background

#: Refuse workbooks that would inflate to more than this (a zip bomb), unless raised.
DEFAULT_MAX_UNCOMPRESSED = 512 * 1024 * 1024
#: Excel never writes a document type declaration; one is how entity-expansion bombs begin.
XML_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
#: Cells calamine cannot read as Excel shows them: formulas (their cached value may be missing)
#: and error values such as #REF!.
CALCULATED = (b"<f>", b"<f ", b't="e"')
#: The first bytes of an XML part in UTF-16: a byte-order mark, or "<?" without one.
UTF16_STARTS = (b"\xff\xfe<\x00", b"\xfe\xff\x00<", b"<\x00?\x00", b"\x00<\x00?")
MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]{1,3}\d+:[A-Z]{1,3}\d+)"')
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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


ENGINES = ("auto", "calamine", "openpyxl")


def read_workbook(
    path: Path,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    engine: str = "auto",
    sheets: Sequence[Sheet] = SHEETS,
) -> RawWorkbook:
    """Read every sheet's values; raise WorkbookUnreadable with a one-line reason otherwise.

    `engine`: "auto" reads with calamine unless the workbook has formulas or error cells;
    "calamine" and "openpyxl" force one (tests use them to show both give the same issues).
    `sheets`: the sheets the tool reads (the built-ins, or a registry's with its plugins'), whose
    known headers find each header row; the cells of any other sheet are not read.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    path = Path(path)
    notes = _check_is_xlsx(path, max_uncompressed)
    other_kinds = _sheets_of_other_kinds(path)
    notes += [
        ReadingNote(
            "sheet-not-read",
            f"The sheet {name!r} is {kind}, which the tool does not read; it was skipped",
            "nothing to do: every sheet the tool reads was read",
            sheet=name,
        )
        for name, kind in other_kinds.items()
    ]
    declared = by_name(sheets)
    digest = file_sha256(path)
    # calamine refuses a whole workbook for one macro or dialog sheet; openpyxl passes over them
    if engine == "openpyxl" or other_kinds or _has_sparse_sheet(path, declared):
        scan = _scan_parts(path)
        if scan.damage is not None:
            raise WorkbookUnreadable(path, scan.damage)
        read = None
    else:
        # The scan inflates every part once; calamine reads meanwhile on the other core.
        scanning = in_background(lambda: _scan_parts(path))
        try:
            read = _read_calamine(path, declared)
        except WorkbookUnreadable:
            read = None  # openpyxl may read it
        scan = scanning.result()  # the scan's own error (a zip bomb, say) is raised here
        if scan.damage is not None:
            raise WorkbookUnreadable(path, scan.damage)
    if scan.declares_entities:
        raise WorkbookUnreadable(
            path, "the workbook's XML declares entities, which Excel never writes; refused for safety"
        )
    if read is None or (engine == "auto" and scan.has_formulas):
        read = _read_with_openpyxl(path, declared, scan.has_formulas, read, notes)
    for sheet in read:
        sheet.merged = scan.merged.get(sheet.name, [])
    return RawWorkbook(path=path, sha256=digest, sheets=read, notes=notes)


def _read_with_openpyxl(
    path: Path,
    declared: Mapping[str, Sheet],
    has_formulas: bool,
    by_calamine: list[RawSheet] | None,
    notes: list[ReadingNote],
) -> list[RawSheet]:
    """openpyxl, for formulas, far cells and what calamine cannot read. Where openpyxl fails on a
    file calamine has read (a style it does not know), the values Excel last saved, with a note;
    a refusal only when neither can read it."""
    from report_tool.workbook.reader_openpyxl import read_openpyxl

    refuse_strict(path)  # openpyxl would see no sheets at all
    try:
        return read_openpyxl(path, declared, mark_formulas=has_formulas)
    except WorkbookUnreadable:
        if by_calamine is None:  # calamine failed too, or must not try (a far cell, a macro sheet)
            raise
    if has_formulas:
        notes.append(
            ReadingNote(
                "formulas-read-as-saved",
                "The formulas were read as the values Excel last saved for them: a part of the file "
                "is written in a way the tool's formula reader does not know",
                "a formula never calculated, or showing an error such as #REF!, reads as blank; "
                "open the file in Excel, save it, and check again to be sure",
            )
        )
    return by_calamine


def _sheets_of_other_kinds(path: Path) -> dict[str, str]:
    from report_tool.workbook.sheet_extent import sheets_of_other_kinds

    try:
        with zipfile.ZipFile(path) as archive:
            return sheets_of_other_kinds(archive)
    except Exception:  # the readers give the one-line reason for a damaged package
        return {}


def _read_calamine(path: Path, declared: Mapping[str, Sheet]) -> list[RawSheet]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            workbook = CalamineWorkbook.from_path(str(path))
        else:  # calamine goes by the name: an .xlsx named .xls would be read as an .xls
            with path.open("rb") as handle:
                workbook = CalamineWorkbook.from_filelike(handle)
        sheets = []
        for meta in workbook.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            hidden = meta.visible != SheetVisibleEnum.Visible
            if (
                normalise_header(meta.name) not in declared
            ):  # not a sheet the tool reads: its cells are not needed
                sheets.append(RawSheet(meta.name, hidden, 0, [], []))
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            # Only the rectangle from the first cell holding data, which start says where it is
            first_row, first_column = sheet.start or (0, 0)
            values = sheet.to_python()
            del sheet  # calamine's own copy of the cells, not needed once they are Python values
            rows = _numbered_rows(values, first_row, first_column)
            del values
            sheets.append(make_sheet(meta.name, hidden, rows, declared))
        workbook.close()
    except BaseException as exc:  # calamine's errors carry no common base; a Rust panic is BaseException
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        raise WorkbookUnreadable(path, CANNOT_BE_READ) from exc
    return sheets


def _numbered_rows(values: list[list[Any]], first_row: int, first_column: int) -> list[tuple[int, list[Any]]]:
    """calamine's rectangle as (Excel row number, values from column A), its blank rows left out.
    A blank row (calamine's blank is "") is looked for in C first: most sheets have none."""
    blank = [""] * (len(values[0]) if values else 0)
    numbered = enumerate(values, start=first_row + 1)
    rows = [(n, row) for n, row in numbered if row != blank] if blank in values else list(numbered)
    if first_column:
        pad = [""] * first_column
        rows = [(number, pad + row) for number, row in rows]
    return rows


def _has_sparse_sheet(path: Path, declared: Mapping[str, Sheet]) -> bool:
    """A sheet the tool reads spans a rectangle far larger than its cells (one far-away value)."""
    from report_tool.workbook.sheet_extent import sheet_extents

    try:
        with zipfile.ZipFile(path) as archive:
            extents = sheet_extents(archive)
    except Exception:  # the readers give the one-line reason for a damaged package
        return False
    return any(extent.sparse for name, extent in extents.items() if normalise_header(name) in declared)


def excel_lock_file(path: Path) -> Path | None:
    """The `~$` file Excel keeps beside a workbook while it is open (for a long name, `~$` takes
    the place of its first two characters), if there is one."""
    path = Path(path)
    for name in (f"~${path.name}", f"~${path.name[2:]}"):
        lock = path.with_name(name)
        if lock != path and lock.is_file():
            return lock
    return None


def _check_is_xlsx(path: Path, max_uncompressed: int) -> list[ReadingNote]:
    """Tell the user in one line what the file is, when it is not a readable .xlsx; an .xlsx by
    its content under another name is read, with a note."""
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
            head = handle.read(512)
    except OSError as exc:
        raise WorkbookUnreadable(path, f"cannot be opened ({exc.strerror or exc})") from exc
    if not head:
        raise WorkbookUnreadable(
            path, "the file is empty (0 bytes): an interrupted copy or download? Use the saved workbook"
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        from report_tool.workbook.ole import stream_names

        if "EncryptedPackage" in stream_names(path):  # its header and directory only
            raise WorkbookUnreadable(
                path, "the workbook is password-protected; save a copy without a password"
            )
        raise WorkbookUnreadable(
            path, "this is an old Excel 97-2003 (.xls) file; open it in Excel and save as .xlsx"
        )
    if not head.startswith(b"PK"):
        raise WorkbookUnreadable(path, _what_else(path, head))
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            _check_container(path, infos)
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
            types = archive.read("[Content_Types].xml")[:100_000] if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise WorkbookUnreadable(path, "the file is damaged or incomplete (not a valid .xlsx)") from exc
    if b"opendocument" in mimetype:
        raise WorkbookUnreadable(path, "this is an OpenDocument (.ods) file; save it as .xlsx")
    if "xl/workbook.bin" in names:
        raise WorkbookUnreadable(path, "this is a binary Excel (.xlsb) file; save it as .xlsx")
    if "xl/workbook.xml" not in names:
        raise WorkbookUnreadable(path, "this zip file is not an Excel workbook")
    if total > max_uncompressed:
        raise WorkbookTooLarge(
            path,
            f"the workbook would expand to {total / 2**20:,.0f} MB, over the "
            f"{max_uncompressed / 2**20:,.0f} MB limit",
        )
    suffix = ".xlsm" if b"macroEnabled" in types else ".xlsx"
    if path.suffix.lower() in (suffix, ".xltx", ".xltm"):  # a template is read as its workbook
        return []
    named = f"named {path.suffix}" if path.suffix else "without .xlsx at the end of its name"
    return [
        ReadingNote(
            "misnamed-workbook",
            f"This is an {suffix} workbook {named}; it was read as the {suffix} it is",
            f"rename it to end in {suffix}, so that Excel opens it without a warning",
        )
    ]


#: The first bytes of the BOF record of a worksheet from Excel 2.x to 4.0 (BIFF2, BIFF3, BIFF4).
OLD_BIFF = (b"\x09\x00", b"\x09\x02", b"\x09\x04")


def _what_else(path: Path, head: bytes) -> str:
    """What a file that is not a zip package is, in words, from its first bytes."""
    if head[:2] in OLD_BIFF and head[2:3] in (b"\x04", b"\x06", b"\x08") and head[3:4] == b"\x00":
        return (
            "this is a worksheet from Excel 2 to 4 (before Excel 97), which cannot be read; "
            "open it in Excel or LibreOffice and save it as .xlsx"
        )
    if head.startswith(b"\x1f\x8b"):
        import gzip

        try:
            with gzip.open(path) as unpacked:
                text = unpacked.read(2048)
        except (OSError, EOFError, zlib.error):
            text = b""
        if b"gnumeric" in text.lower():
            return "this is a Gnumeric workbook; open it in Gnumeric or LibreOffice and save it as .xlsx"
        return "this is a gzip-compressed file, not an Excel workbook; unpack it first"
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "this is an Excel 2003 XML spreadsheet; open it in Excel and save it as .xlsx"
    if head.startswith(b"%PDF"):
        return "this is a PDF file, not an Excel workbook; give the .xlsx the PDF was made from"
    return (
        "this is not an Excel workbook (it looks like a text or CSV file); open it in Excel or "
        "LibreOffice and save it as Excel Workbook (.xlsx)"
    )


#: Namespaces openpyxl does not know (it finds no sheets in such a file), and what they mean.
NAMESPACES_OPENPYXL_LACKS = {
    b"http://purl.oclc.org/ooxml/spreadsheetml/main": (
        "the workbook is saved as Strict Open XML, which cannot be read with its formulas; "
        "in Excel, File > Save As > Excel Workbook (.xlsx), and try again"
    ),
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/5/main": (
        "the workbook was written in a draft of the .xlsx format, as early Excel 2007 builds wrote "
        "it, which cannot be read with its formulas; open it in Excel, save it as .xlsx, and try again"
    ),
}


def refuse_strict(path: Path) -> None:
    """One line for a Strict Open XML workbook, or one in the draft format of early Excel 2007
    builds, where openpyxl is needed (formulas, far cells): openpyxl would see no sheets at all."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as part:
            head = part.read(4096)
    except (KeyError, OSError, zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError):
        return
    for namespace, meaning in NAMESPACES_OPENPYXL_LACKS.items():
        if namespace in head:
            raise WorkbookUnreadable(path, meaning)


def _check_container(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Zip features Excel never uses, which the reading libraries fail on with a panic."""
    for info in infos:
        if info.flag_bits & 0x1:
            raise WorkbookUnreadable(
                path,
                "the workbook's zip container has a password (as 7-Zip or WinZip set one), which "
                "Excel cannot open; extract it with the password, or protect it in Excel instead",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookUnreadable(
                path,
                f"the workbook's zip container uses a compression method Excel never uses "
                f"(method {info.compress_type} in {info.filename}); use the workbook as Excel saved it",
            )


@dataclass(frozen=True)
class _Scan:
    declares_entities: bool
    has_formulas: bool  # or error cells
    damage: str | None = None  # why a part cannot be inflated: a wrong checksum, a lying size
    merged: dict[str, list[str]] = field(default_factory=dict)  # sheet name -> merged ranges


def _scan_parts(path: Path) -> _Scan:
    """One pass over the XML parts: entity declarations anywhere, formulas in worksheets, and
    every part's checksum (zipfile inflates no more than a part declares, so a bomb whose
    headers lie about its size fails its checksum here, in little memory)."""
    entities = formulas = False
    name = ""
    merged: dict[str, list[str]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith((".xml", ".rels")):
                    continue
                is_sheet = name.startswith("xl/worksheets/")
                with archive.open(name) as part:
                    if part.peek(4)[:4] in UTF16_STARTS:  # type: ignore[attr-defined]  # nor would the checks below see its text
                        return _Scan(
                            entities,
                            formulas,
                            f"the part {name} is encoded in UTF-16, which Excel never writes and the "
                            "reading libraries read as empty; open the file in Excel and save it",
                            merged,
                        )
                    for chunk in _chunks(part):
                        entities = entities or any(d in chunk for d in XML_DECLARATIONS)
                        formulas = formulas or (is_sheet and any(marker in chunk for marker in CALCULATED))
                        if entities:
                            return _Scan(True, formulas)
                        if is_sheet and b"mergeCell " in chunk:
                            refs = [ref.decode() for ref in MERGE_CELL.findall(chunk)]
                            merged.setdefault(name, []).extend(
                                r for r in refs if r not in merged.get(name, ())
                            )
            if merged:
                from report_tool.workbook.sheet_extent import sheet_parts

                merged = {
                    sheet: merged[part] for sheet, part in sheet_parts(archive).items() if part in merged
                }
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        detail = "its data does not match its checksum" if "CRC" in str(exc) else short_reason(exc)
        return _Scan(
            entities,
            formulas,
            f"the file is damaged: the part {name} cannot be unpacked ({detail}); "
            "use an earlier copy, or open it in Excel to repair it",
        )
    return _Scan(entities, formulas, merged=merged)


def _chunks(part: Any) -> Iterator[bytes]:
    previous = b""
    while block := part.read(1 << 20):
        yield previous[-64:] + block  # an element cut at the boundary is whole in one chunk
        previous = block
