"""The corpus of bad workbooks: each built by code (no opaque binaries) with its expected outcome.

Run as a script to rewrite docs/robustness.md from the corpus, so the document cannot drift:

    python tests/bad_workbooks.py docs/robustness.md
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import AS_OF, baseline, write_rows

Sheets = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class Case:
    """One bad input: how to make it, and exactly what the tool must answer."""

    key: str
    description: str
    build: Callable[[Path], Path]  # makes the input inside a folder, returns its path
    exit_code: int
    says: str = ""  # for unreadable input: part of the one-line reason
    issues: dict[str, int] = field(default_factory=dict)  # issue code -> how many
    cells: tuple[tuple[str, str | None], ...] = ()  # (code, cell) that must be among the issues


def _changed(change: Callable[[Sheets], None], name: str = "workbook.xlsx") -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        sheets = baseline()
        change(sheets)
        return write_rows(folder / name, sheets)

    return build


def _edited(edit: Callable[[Any], None], name: str = "workbook.xlsx") -> Callable[[Path], Path]:
    """The baseline, then changed with openpyxl (merges, hidden sheets, raw cell values)."""

    def build(folder: Path) -> Path:
        path = write_rows(folder / name, baseline())
        book = openpyxl.load_workbook(path)
        edit(book)
        book.save(path)
        return path

    return build


def _rewritten(extra: Callable[[Any, Any, Any], None], name: str = "workbook.xlsx") -> Callable[[Path], Path]:
    """The baseline rewritten with XlsxWriter, which can store cached formula values and
    format rows; `extra(book, worksheet_by_name, date_format)` adds the damage."""

    def build(folder: Path) -> Path:
        source = openpyxl.load_workbook(write_rows(folder / "base.xlsx", baseline()))
        path = folder / name
        book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
        date_format = book.add_format({"num_format": "d mmm yyyy"})
        sheets = {}
        for ws in source.worksheets:
            target = sheets[ws.title] = book.add_worksheet(ws.title)
            for r, row in enumerate(ws.iter_rows(values_only=True)):
                for c, value in enumerate(row):
                    if isinstance(value, dt.datetime):
                        target.write_datetime(r, c, value, date_format)
                    elif value is not None:
                        target.write(r, c, value)
        extra(book, sheets, date_format)
        book.close()
        (folder / "base.xlsx").unlink()
        return path

    return build


def _bytes(data: bytes, name: str = "workbook.xlsx") -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def _missing(folder: Path) -> Path:
    return folder / "apmbc.xlsx"


def _folder(folder: Path) -> Path:
    path = folder / "apmbc.xlsx"
    path.mkdir()
    return path


def _truncated(folder: Path) -> Path:
    path = write_rows(folder / "workbook.xlsx", baseline())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _zip_of_photos(folder: Path) -> Path:
    path = folder / "workbook.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photos/site-visit.txt", "not a workbook")
    return path


def _legacy_xls(folder: Path) -> Path:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("States")
    for col, header in enumerate(("State", "ISO3", "Region", "Status")):
        sheet.write(0, col, header)
    path = folder / "workbook.xlsx"
    book.save(str(path))
    return path


def _ods(folder: Path) -> Path:
    path = folder / "workbook.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        )
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
    return path


def _encrypted(folder: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_rows(folder / "plain.xlsx", baseline())
    encrypted = io.BytesIO()
    with plain.open("rb") as handle:
        OOXMLFile(handle).encrypt("secret", encrypted)
    plain.unlink()
    path = folder / "workbook.xlsx"
    path.write_bytes(encrypted.getvalue())
    return path


def _large_encrypted(folder: Path) -> Path:
    """A password-protected workbook grown to 300 MB (sparse, so the test costs no disk)."""
    path = _encrypted(folder)
    with path.open("r+b") as handle:
        handle.truncate(300 * 2**20)
    return path


def _lock_file(folder: Path) -> Path:
    path = folder / "~$apmbc.xlsx"
    owner = "Programme Officer".encode("utf-16-le")
    path.write_bytes(bytes([len("Programme Officer")]) + b"\0" + owner + b"\0" * 100)
    return path


def _entity_bomb(folder: Path) -> Path:
    """A 'billion laughs' DTD inside the States sheet's XML."""
    path = write_rows(folder / "workbook.xlsx", baseline())
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
        )
        + "]>"
    )
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.split("?>", 1)[1] if sheet.startswith("<?xml") else sheet
    parts["xl/worksheets/sheet1.xml"] = (
        (bomb + sheet.replace("<c ", "<c ", 1)).replace("Norway", "&lol9;", 1).encode()
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _zip_bomb(folder: Path) -> Path:
    """A valid-looking workbook whose one extra part inflates to 640 MB of zeros."""
    path = write_rows(folder / "workbook.xlsx", baseline())
    zeros = b"\0" * (10 * 2**20)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as part,
    ):
        for _ in range(64):
            part.write(zeros)
    return path


def _headers_changed(**fields: int) -> Callable[[Path], Path]:
    """The baseline with fields of its zip headers changed, as a damaged or foreign zip tool
    leaves them: flags (bit 0: a zip password), method (compression), crc (of the States sheet)."""

    def build(folder: Path) -> Path:
        path = write_rows(folder / "workbook.xlsx", baseline())
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
        # (local header offset, central offset) of each field: local header, central directory
        where = {"flags": (6, 8), "method": (8, 10), "crc": (14, 16)}
        central = data.find(b"PK\x01\x02")
        for info in infos:
            for key, value in fields.items():
                if key == "crc" and info.filename != "xl/worksheets/sheet1.xml":
                    continue
                local, in_central = where[key]
                size = 4 if key == "crc" else 2
                old = int.from_bytes(
                    data[info.header_offset + local : info.header_offset + local + size], "little"
                )
                new = (old | value if key == "flags" else old ^ value if key == "crc" else value).to_bytes(
                    size, "little"
                )
                data[info.header_offset + local : info.header_offset + local + size] = new
                entry = data.find(b"PK\x01\x02", central)
                while entry != -1:
                    length = int.from_bytes(data[entry + 28 : entry + 30], "little")
                    if data[entry + 46 : entry + 46 + length] == info.filename.encode():
                        data[entry + in_central : entry + in_central + size] = new
                    entry = data.find(b"PK\x01\x02", entry + 4)
        path.write_bytes(bytes(data))
        return path

    return build


def _lying_bomb(folder: Path) -> Path:
    """The States sheet followed by 600 MB of spaces, its zip headers claiming 1 KB."""
    plain = write_rows(folder / "plain.xlsx", baseline())
    part = "xl/worksheets/sheet1.xml"
    path = folder / "workbook.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != part:
                archive.writestr(info.filename, source.read(info.filename))
        with archive.open(part, "w") as handle:
            handle.write(source.read(part))
            for _ in range(600):
                handle.write(b" " * 2**20)
    plain.unlink()
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(part).header_offset
    data[offset + 22 : offset + 26] = (1024).to_bytes(4, "little")  # the local header's size
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        if data[entry + 46 : entry + 46 + length] == part.encode():
            data[entry + 24 : entry + 28] = (1024).to_bytes(4, "little")  # the central directory's
        entry = data.find(b"PK\x01\x02", entry + 4)
    path.write_bytes(bytes(data))
    return path


STRICT = (  # Transitional namespace -> the one Excel's "Strict Open XML Spreadsheet" writes
    (
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
)


def _strict(change: Callable[[Sheets], None] | None = None) -> Callable[[Path], Path]:
    """The baseline saved as Strict Open XML (its namespaces rewritten as Excel writes them)."""

    def build(folder: Path) -> Path:
        sheets = baseline()
        if change is not None:
            change(sheets)
        plain = write_rows(folder / "plain.xlsx", sheets)
        path = folder / "workbook.xlsx"
        with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in source.infolist():
                data = source.read(info.filename)
                for transitional, strict in STRICT:
                    data = data.replace(transitional, strict)
                archive.writestr(info.filename, data)
        plain.unlink()
        return path

    return build


def _utf16_sheet(folder: Path) -> Path:
    """The States sheet's XML re-encoded as UTF-16, as some exporting programs write it."""
    plain = write_rows(folder / "plain.xlsx", baseline())
    path = folder / "workbook.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
                data = text.encode("utf-16")  # with its byte-order mark
            archive.writestr(info.filename, data)
    plain.unlink()
    return path


def _no_known_sheets(folder: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active.append(["Country", "Ratified"])
    book.active.append(["Norway", "1998"])
    path = folder / "workbook.xlsx"
    book.save(path)
    return path


def _title_row(book: Any) -> None:
    ws = book["Withdrawals"]
    ws.insert_rows(1, 2)
    ws["A1"] = "Withdrawals under Article 20 (as of today)"


def _merged_header(book: Any) -> None:
    ws = book["States"]
    ws["J2"] = "Monitor"
    ws.merge_cells("I1:J1")


def _duplicate_headers(folder: Path) -> Path:
    headers = {"Suspensions": ["State", "Announced", "Notified", "Notified", "Notes", "Source"]}
    return write_rows(folder / "workbook.xlsx", baseline(), headers)


def _all_text(sheets: Sheets) -> None:
    for rows in sheets.values():
        for row in rows:
            for key, value in row.items():
                if isinstance(value, dt.date):
                    row[key] = value.isoformat()
                elif isinstance(value, int | float):
                    row[key] = str(value)


def _dates_as_text(sheets: Sheets) -> None:
    withdrawals = sheets["Withdrawals"]
    withdrawals[0]["Notified"] = "27/06/2025"
    withdrawals[0]["Effective"] = "December 27, 2025"
    withdrawals[1]["Notified"] = "10.07.2025"
    withdrawals[1]["Announced"] = "1 Apr 2025"


def _thousands_as_text(sheets: Sheets) -> None:
    sheets["Casualties"][1].update({"Total": "6,279", "Killed": "1,945", "Injured": "4,325"})
    sheets["Casualties"][0]["Total"] = "5.757"  # a European thousands separator: read as 5.757


def _bad_counts(sheets: Sheets) -> None:
    sheets["Casualties"][2]["Total"] = -293
    sheets["Casualties"][0]["Unknown"] = 110.5


def _uncached_formula(sheets: Sheets) -> None:
    sheets["Casualties"][1]["Total"] = "=D3+E3+F3"  # openpyxl saves it without a value


def _formula_errors(book: Any, sheets: dict[str, Any], _: Any) -> None:
    sheets["Casualties"].write_formula(2, 2, "=D3/0", None, "#DIV/0!")
    sheets["Casualties"].write_formula(3, 2, "=#REF!+1", None, "#REF!")


def _awkward_text(book: Any) -> None:
    notes = book["States"]["I2"]
    notes.value = "Line one\nline two\twith a tab; Arabic: الدول الأطراف; flags 🇳🇴 ✅"
    book["States"]["A2"].value = "Norway_x0007_"  # Excel's escape for a control character (bell)
    book["Withdrawals"]["F2"].value = "שלום — Hebrew, right to left"


def _spaces_in_keys(sheets: Sheets) -> None:
    sheets["Withdrawals"][0]["State"] = "  Estonia "
    sheets["Objections"][0]["Objection to"] = "Ukraine\n"


def _blank_formatted_rows(book: Any, sheets: dict[str, Any], _: Any) -> None:
    fill = book.add_format({"bg_color": "#FFF2CC", "num_format": "#,##0"})
    for row in range(4, 100_004):
        sheets["Casualties"].set_row(row, None, fill)


def _times_in_numbers(book: Any) -> None:
    """Cells formatted as a time or a duration, as happens when a format is painted over."""
    ws = book["Casualties"]
    ws["C2"].value, ws["C2"].number_format = dt.time(12, 30), "hh:mm"
    ws["D2"].value, ws["D2"].number_format = dt.timedelta(hours=30), "[h]:mm:ss"
    ws["H3"].value, ws["H3"].number_format = dt.time(0, 45), "hh:mm"


def _placeholder_date(book: Any) -> None:
    ws = book["Withdrawals"]
    ws["C2"].value, ws["C2"].number_format = dt.datetime(9999, 12, 31), "dd/mm/yyyy"


def _huge_counts(sheets: Sheets) -> None:
    sheets["Casualties"][0].update({"Total": 1e308, "Killed": 1e308})


def _blank_formatted_cells(book: Any, sheets: dict[str, Any], _: Any) -> None:
    """200,000 formatted blank cells (a fill painted over whole columns, cell by cell)."""
    fill = book.add_format({"bg_color": "#DDEBF7"})
    for row in range(4, 20_004):
        for column in range(10):
            sheets["Casualties"].write_blank(row, column, None, fill)


def _long_cell(sheets: Sheets) -> None:
    sheets["States"][0]["Notes"] = ("A very long note. " * 2000)[:32_767]


def _merged_dates(book: Any) -> None:
    """One date merged across the three withdrawal rows, as staff do for a shared date."""
    book["Withdrawals"].merge_cells("C2:C4")


def _spaced_sheet_name(book: Any) -> None:
    book["Withdrawals"].title = " WITHDRAWALS "
    book[" WITHDRAWALS "]["C3"] = "10/07/2025"


def _hidden_sheet(book: Any) -> None:
    book["Withdrawals"].sheet_state = "hidden"
    book["Withdrawals"]["C3"] = "10/07/2025"


def _far_cell(sheet: str, ref: str) -> Callable[[Any], None]:
    """One `x` typed far away: the rectangle up to it is gigabytes, the cells a few hundred."""

    def edit(book: Any) -> None:
        if sheet not in book.sheetnames:
            book.create_sheet(sheet)["A1"] = "About this workbook"
        book[sheet][ref] = "x"

    return edit


def _far_cell_lying_dimension(folder: Path) -> Path:
    """The far cell in Casualties, with the sheet's <dimension> claiming the data ends at N6."""
    import re

    plain = _edited(_far_cell("Casualties", "AZ1048576"), "plain.xlsx")(folder)
    path = folder / "workbook.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if b"AZ1048576" in data:
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:N6"', data)
            archive.writestr(info.filename, data)
    plain.unlink()
    return path


def _dates_1904(book: Any) -> None:
    """Saved with the 1904 date system (old Mac Excel): the same dates, other serial numbers."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book.epoch = CALENDAR_MAC_1904


def _prefixed_namespaces(folder: Path) -> Path:
    """Every sheet's elements written with an `x:` prefix, as some generators do."""
    import re

    plain = write_rows(folder / "plain.xlsx", baseline())
    path = folder / "workbook.xlsx"
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb"<(/?)([A-Za-z]+)(?=[ >/])", rb"<\1x:\2", data)
                data = data.replace(b'xmlns="' + main + b'"', b'xmlns:x="' + main + b'"')
            archive.writestr(info.filename, data)
    plain.unlink()
    return path


def _repackaged(
    build: Callable[[Path], Path], edit: Callable[[str, bytes], bytes], name: str, extra: dict[str, bytes]
) -> Callable[[Path], Path]:
    """A workbook `build` makes, its parts passed through `edit` and `extra` parts added, as
    `name`: the changes only a hand-made package shows (another program, another Excel)."""

    def make(folder: Path) -> Path:
        work = folder / "build"
        work.mkdir()
        plain = build(work)
        path = folder / name
        with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in source.infolist():
                archive.writestr(info.filename, edit(info.filename, source.read(info.filename)))
            for part, data in extra.items():
                archive.writestr(part, data)
        return path

    return make


MACRO_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xm:macrosheet '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1">'
    b'<c r="A1" t="str"><f>RETURN()</f><v></v></c></row></sheetData></xm:macrosheet>'
)


def _with_macro_sheet(part: str, data: bytes) -> bytes:
    """An Excel 4 macro sheet, Macro1, as Excel saves one in an .xlsm."""
    if part == "[Content_Types].xml":
        data = data.replace(
            b"</Types>",
            b'<Override PartName="/xl/macrosheets/sheet1.xml" '
            b'ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>',
        ).replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
    elif part == "xl/_rels/workbook.xml.rels":
        data = data.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdMacro1" Target="macrosheets/sheet1.xml" '
            b'Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"/></Relationships>',
        )
    elif part == "xl/workbook.xml":
        data = data.replace(
            b"</sheets>",
            b'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            b'name="Macro1" sheetId="99" r:id="rIdMacro1"/></sheets>',
        )
    return data


def _early_excel_2007(part: str, data: bytes) -> bytes:
    return data.replace(
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/5/main",
    )


def _empty_fill(part: str, data: bytes) -> bytes:
    """A <fill/> with no pattern: Excel and LibreOffice show no fill, openpyxl cannot read it."""
    if part == "xl/styles.xml":
        data = re.sub(
            rb'<fills count="(\d+)">', lambda m: b'<fills count="%d"><fill/>' % (int(m[1]) + 1), data
        )
    return data


def _cached_formula(book: Any, sheets: dict[str, Any], _: Any) -> None:
    sheets["Casualties"].write_formula(2, 2, "=6000+279", None, 6279)


#: The first record of a worksheet saved by Excel 2.1 (BIFF2): BOF, version 2, a worksheet.
BIFF2 = b"\x09\x00\x04\x00\x02\x00\x10\x00" + b"\x00" * 24
GNUMERIC = gzip.compress(
    b'<?xml version="1.0" encoding="UTF-8"?>\n<gnm:Workbook xmlns:gnm="http://www.gnumeric.org/v10.dtd">'
    b"<gnm:Sheets/></gnm:Workbook>",
    mtime=0,
)


def _nbsp_and_tab(sheets: Sheets) -> None:
    sheets["Withdrawals"][0]["State"] = "Estonia\u00a0"  # a non-breaking space pasted from the web
    sheets["Objections"][0]["Objection to"] = "Ukraine\t"


def _only_headers(sheets: Sheets) -> None:
    sheets["Objections"] = []


CORPUS: tuple[Case, ...] = (
    Case("missing", "a file that does not exist", _missing, 2, "no such file"),
    Case("folder", "a folder instead of a file", _folder, 2, "this is a folder, not a workbook"),
    Case("empty", "an empty file", _bytes(b""), 2, "the file is empty"),
    Case(
        "csv",
        "a CSV file named .xlsx",
        _bytes(b"State,ISO3\nNorway,NOR\n"),
        2,
        "not an Excel workbook (it looks like a text or CSV file)",
    ),
    Case(
        "truncated", "a truncated .xlsx (half a download)", _truncated, 2, "the file is damaged or incomplete"
    ),
    Case(
        "zip",
        "a zip file that is not a workbook",
        _zip_of_photos,
        2,
        "this zip file is not an Excel workbook",
    ),
    Case("xls", "a legacy Excel 97-2003 .xls renamed .xlsx", _legacy_xls, 2, "old Excel 97-2003 (.xls) file"),
    Case(
        "biff2",
        "an Excel 2.1 worksheet (BIFF2, before Excel 97)",
        _bytes(BIFF2),
        2,
        "this is a worksheet from Excel 2 to 4 (before Excel 97), which cannot be read",
    ),
    Case(
        "gnumeric",
        "a Gnumeric workbook (gzipped XML)",
        _bytes(GNUMERIC),
        2,
        "this is a Gnumeric workbook; open it in Gnumeric or LibreOffice and save it as .xlsx",
    ),
    Case(
        "named-xls",
        "a sound .xlsx named .xls",
        _changed(lambda sheets: None, "workbook.xls"),
        0,
        issues={"misnamed-workbook": 1},
    ),
    Case(
        "named-ods",
        "a sound .xlsx named .ods",
        _changed(lambda sheets: None, "workbook.ods"),
        0,
        issues={"misnamed-workbook": 1},
    ),
    Case(
        "macro-sheet",
        "an .xlsm with an Excel 4 macro sheet",
        _repackaged(
            _changed(lambda sheets: None),
            _with_macro_sheet,
            "workbook.xlsm",
            {"xl/macrosheets/sheet1.xml": MACRO_SHEET},
        ),
        0,
        issues={"sheet-not-read": 1},
        cells=(("sheet-not-read", "Macro1"),),
    ),
    Case(
        "early-2007",
        "saved by an early Excel 2007 build (its namespace .../spreadsheetml/2006/5/main)",
        _repackaged(_changed(lambda sheets: None), _early_excel_2007, "workbook.xlsx", {}),
        0,
    ),
    Case(
        "empty-fill",
        "a formula with its value saved, and a cell fill openpyxl cannot read",
        _repackaged(_rewritten(_cached_formula), _empty_fill, "workbook.xlsx", {}),
        0,
        issues={"formulas-read-as-saved": 1},
    ),
    Case("ods", "an OpenDocument .ods renamed .xlsx", _ods, 2, "OpenDocument (.ods) file; save it as .xlsx"),
    Case("encrypted", "a password-protected workbook", _encrypted, 2, "the workbook is password-protected"),
    Case(
        "encrypted-large",
        "a 300 MB password-protected workbook (read by its header only)",
        _large_encrypted,
        2,
        "the workbook is password-protected",
    ),
    Case("lock", "Excel's lock file (~$apmbc.xlsx) passed by mistake", _lock_file, 2, "Excel's lock file"),
    Case(
        "entities",
        "an XML entity-expansion bomb inside a sheet",
        _entity_bomb,
        2,
        "declares entities, which Excel never writes",
    ),
    Case(
        "zip-bomb",
        "a zip bomb: 640 MB of zeros in a small file",
        _zip_bomb,
        2,
        "would expand to 640 MB, over the 512 MB limit",
    ),
    Case(
        "zip-crc",
        "a part whose data does not match its checksum (a bad copy or download)",
        _headers_changed(crc=0xFFFF),
        2,
        "the part xl/worksheets/sheet1.xml cannot be unpacked (its data does not match its checksum)",
    ),
    Case(
        "zip-password",
        "a zip-level password, as 7-Zip or WinZip set it",
        _headers_changed(flags=0x1),
        2,
        "zip container has a password (as 7-Zip or WinZip set one)",
    ),
    Case(
        "zip-method",
        "parts compressed with a method Excel never uses (99, WinZip's AES)",
        _headers_changed(method=99),
        2,
        "uses a compression method Excel never uses (method 99",
    ),
    Case(
        "zip-lying-bomb",
        "a zip bomb whose headers say 1 KB for 600 MB",
        _lying_bomb,
        2,
        "the part xl/worksheets/sheet1.xml cannot be unpacked",
    ),
    Case(
        "utf16-part",
        "a sheet's XML encoded in UTF-16",
        _utf16_sheet,
        2,
        "the part xl/worksheets/sheet1.xml is encoded in UTF-16",
    ),
    Case("strict", "saved by Excel as Strict Open XML", _strict(), 0),
    Case(
        "strict-formula",
        "saved as Strict Open XML, with a formula",
        _strict(_uncached_formula),
        2,
        "saved as Strict Open XML, which cannot be read with its formulas",
    ),
    Case(
        "no-sheets",
        "a workbook with none of the sheets the tool knows",
        _no_known_sheets,
        1,
        issues={"missing-sheet": 6},
    ),
    Case("only-header", "a sheet with only its header row", _changed(_only_headers), 0),
    Case(
        "title-row",
        "headers in row 3, under a title",
        _edited(_title_row),
        0,
        issues={"header-not-first-row": 1},
        cells=(("header-not-first-row", "Withdrawals!3:3"),),
    ),
    Case(
        "merged-header",
        "a header merged across two columns",
        _edited(_merged_header),
        0,
        issues={"blank-header": 1},
        cells=(("blank-header", "States!J1"),),
    ),
    Case(
        "duplicate-headers",
        "the same header twice",
        _duplicate_headers,
        1,
        issues={"duplicate-header": 1},
        cells=(("duplicate-header", "Suspensions!D1"),),
    ),
    Case(
        "all-text",
        "every column stored as text",
        _changed(_all_text),
        0,
        issues={"iso-date-as-text": 28, "number-as-text": 13},
    ),
    Case(
        "dates-as-text",
        "dates typed as text in several formats",
        _changed(_dates_as_text),
        1,
        issues={"date-as-text": 3, "ambiguous-date": 1},
        cells=(
            ("date-as-text", "Withdrawals!C2"),
            ("date-as-text", "Withdrawals!D2"),
            ("date-as-text", "Withdrawals!B3"),
            ("ambiguous-date", "Withdrawals!C3"),
        ),
    ),
    Case(
        "thousands",
        "numbers with thousands separators stored as text",
        _changed(_thousands_as_text),
        1,
        issues={"number-as-text": 3, "not-whole-number": 1},
        cells=(("number-as-text", "Casualties!C3"), ("not-whole-number", "Casualties!C2")),
    ),
    Case(
        "bad-counts",
        "a negative and a fractional count",
        _changed(_bad_counts),
        1,
        issues={"negative-count": 1, "not-whole-number": 1},
        cells=(("negative-count", "Casualties!C4"), ("not-whole-number", "Casualties!F2")),
    ),
    Case(
        "uncached-formula",
        "a formula with no cached value (saved by a program that does not calculate)",
        _changed(_uncached_formula),
        1,
        issues={"formula-not-calculated": 1},
        cells=(("formula-not-calculated", "Casualties!C3"),),
    ),
    Case(
        "formula-errors",
        "formulas showing #DIV/0! and #REF!",
        _rewritten(_formula_errors),
        1,
        issues={"formula-error": 2},
        cells=(("formula-error", "Casualties!C3"), ("formula-error", "Casualties!C4")),
    ),
    Case(
        "awkward-text",
        "line breaks, tabs, a control character, right-to-left text and emoji",
        _edited(_awkward_text),
        0,
        issues={"control-characters": 1},
        cells=(("control-characters", "States!A2"),),
    ),
    Case(
        "spaces",
        "leading and trailing spaces and line breaks in names",
        _changed(_spaces_in_keys),
        0,
        issues={"untrimmed-text": 2},
        cells=(("untrimmed-text", "Withdrawals!A2"), ("untrimmed-text", "Objections!B2")),
    ),
    Case("blank-rows", "100,000 blank formatted rows after the data", _rewritten(_blank_formatted_rows), 0),
    Case(
        "far-cell-readme",
        "an `x` typed in README!XFD1048576, the last cell a sheet has",
        _edited(_far_cell("README", "XFD1048576")),
        0,
    ),
    Case(
        "far-cell-data",
        "an `x` typed in Casualties!AZ1048576, far below and right of the data",
        _edited(_far_cell("Casualties", "AZ1048576")),
        0,
        issues={"blank-header": 1},
        cells=(("blank-header", "Casualties!AZ1"),),
    ),
    Case(
        "times-in-numbers",
        "a time (12:30) and a duration (30:00) in counts, a time in a percentage",
        _edited(_times_in_numbers),
        1,
        issues={"wrong-type": 3},
        cells=(
            ("wrong-type", "Casualties!C2"),
            ("wrong-type", "Casualties!D2"),
            ("wrong-type", "Casualties!H3"),
        ),
    ),
    Case(
        "placeholder-date",
        "31/12/9999 typed as a placeholder for a date not yet known",
        _edited(_placeholder_date),
        1,
        issues={"out-of-range": 1},
        cells=(("out-of-range", "Withdrawals!C2"),),
    ),
    Case(
        "huge-count",
        "a count of 1E+308",
        _changed(_huge_counts),
        1,
        issues={"out-of-range": 2},
        cells=(("out-of-range", "Casualties!C2"), ("out-of-range", "Casualties!D2")),
    ),
    Case(
        "blank-cells",
        "200,000 formatted blank cells below the data",
        _rewritten(_blank_formatted_cells),
        0,
    ),
    Case(
        "far-cell-lying-dimension",
        "the same far cell, with the sheet's `<dimension>` claiming the data ends at N6",
        _far_cell_lying_dimension,
        0,
        issues={"blank-header": 1},
        cells=(("blank-header", "Casualties!AZ1"),),
    ),
    Case("dates-1904", "saved with the 1904 date system (old Mac Excel)", _edited(_dates_1904), 0),
    Case("prefixed-xml", "sheets written with prefixed XML elements (<x:row>)", _prefixed_namespaces, 0),
    Case(
        "nbsp-tab",
        "a non-breaking space and a tab after state names",
        _changed(_nbsp_and_tab),
        0,
        issues={"untrimmed-text": 2},
        cells=(("untrimmed-text", "Withdrawals!A2"), ("untrimmed-text", "Objections!B2")),
    ),
    Case("long-cell", "a cell of 32,767 characters (Excel's maximum)", _changed(_long_cell), 0),
    Case(
        "merged-rows",
        "a date merged across three withdrawal rows",
        _edited(_merged_dates),
        1,
        issues={"merged-cells": 1, "required-value-missing": 1},
        cells=(("merged-cells", "Withdrawals!C2"), ("required-value-missing", "Withdrawals!C3")),
    ),
    Case(
        "spaced-sheet-name",
        "a sheet named ' WITHDRAWALS ' (spaces, capitals), with a mistake in it",
        _edited(_spaced_sheet_name),
        1,
        issues={"ambiguous-date": 1},
        cells=(("ambiguous-date", "' WITHDRAWALS '!C3"),),
    ),
    Case(
        "hidden-sheet",
        "a hidden sheet with a mistake in it",
        _edited(_hidden_sheet),
        1,
        issues={"ambiguous-date": 1},
        cells=(("ambiguous-date", "Withdrawals!C3"),),
    ),
)


def run_case(case: Case, folder: Path) -> tuple[Path, Any]:
    """Build the input and validate it from the command line, as a user would."""
    from click.testing import CliRunner

    from report_tool.cli import cli

    path = case.build(folder)
    result = CliRunner().invoke(
        cli, ["validate", str(path), "--data-date", AS_OF.isoformat(), "--format", "json"]
    )
    return path, result


def outcome(case: Case, result: Any, path: Path) -> str:
    """What the tool says, with the file's folder left out so that the text does not vary."""
    if result.exit_code == 2:
        return result.output.strip().replace(str(path.parent) + "/", "").replace(str(path.parent), ".")
    data = json.loads(result.output)
    counts = Counter(issue["code"] for issue in data["issues"])
    if not counts:
        return "no issues"
    severity = {issue["code"]: issue["severity"] for issue in data["issues"]}
    return "; ".join(f"{n} × `{code}` ({severity[code]})" for code, n in sorted(counts.items()))


def write_doc(target: Path) -> str:
    import tempfile

    lines = [
        "# Bad input: what report-tool says",
        "",
        "Generated from the corpus in `tests/bad_workbooks.py` by `python tests/bad_workbooks.py "
        "docs/robustness.md`; `tests/test_robustness.py` fails when this page and the corpus differ.",
        f"Each input is checked with `report-tool validate FILE --data-date {AS_OF.isoformat()}`. "
        "Exit code 2: the file cannot be read at all, said in one line. Exit code 1: it has errors, "
        "each located at its cell. Exit code 0: only warnings, or nothing. The input's SHA-256 is the "
        "same after.",
        "",
        "| bad input | what the tool says | exit code |",
        "|---|---|---|",
    ]
    for case in CORPUS:
        with tempfile.TemporaryDirectory() as folder:
            path, result = run_case(case, Path(folder))
            said = outcome(case, result, path).replace("|", "\\|")
            lines.append(f"| {case.description} | {said} | {result.exit_code} |")
    text = "\n".join(lines) + "\n"
    if target.name != "-":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    destination = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/robustness.md")
    write_doc(destination)
    print(f"Wrote {destination}")
