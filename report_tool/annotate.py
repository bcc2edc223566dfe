"""The annotated copy: the staff's own workbook with every problem shown at its cell.

The copy is made with openpyxl, which keeps values, formulas, styles, widths, panes, dropdowns,
notes, hidden sheets and defined names, but drops what it does not model: Excel 2010's extension
lists (newer dropdowns and conditional formats referring to other sheets), charts, images and
shapes. Extension lists are copied back into the saved sheets; anything else that could not be
kept is said at the top of the Issues sheet.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
import warnings
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from report_tool.issues import Issue, Severity, ValidationReport
from report_tool.output import OutputError, atomic_output
from report_tool.treaty import format_date

ISSUES_SHEET = "Issues"
ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"
AUTHOR = "report-tool"
FONT = "Calibri"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
#: What openpyxl may drop: parts counted by name, and objects counted inside drawing parts.
DROPPABLE_PARTS = {
    "xl/charts/chart": "chart",
    "xl/slicers/": "slicer",
    "xl/timelines/": "timeline",
    "xl/ctrlProps/": "form control",
    "xl/vbaProject": "macro project",
}
DRAWING_OBJECTS = {b"<xdr:pic>": "picture", b"<xdr:sp>": "shape", b"<xdr:sp ": "shape"}


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


def annotate(source: Path, target: Path, report: ValidationReport, overwrite: bool = True) -> list[str]:
    """Write an annotated copy of `source` to `target`; return what could not be kept."""
    if same_file(source, target):
        raise OutputError(f"{target}: this is the workbook being checked; annotate into a new file")
    import openpyxl

    with warnings.catch_warnings():
        # "extension is not supported and will be removed": the extensions are put back below
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(source, rich_text=True, keep_links=True)
    _mark_cells(book, report.issues)
    with tempfile.TemporaryDirectory() as folder:
        probe, annotated = Path(folder) / "probe.xlsx", Path(folder) / "annotated.xlsx"
        book.save(probe)  # what openpyxl keeps is known only once it has saved
        lost = _lost_parts(source, probe)
        _issues_sheet(book, report, lost)
        book.save(annotated)
        _restore_extensions(source, annotated)
        with atomic_output(target, overwrite=overwrite, flag="--overwrite") as temporary:
            shutil.copyfile(annotated, temporary)
    return lost


# -- the cells ------------------------------------------------------------------------------------


def _mark_cells(book: Any, issues: Sequence[Issue]) -> None:
    from openpyxl.comments import Comment

    fills = _severity_fills()
    notes: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        for sheet, coordinate in _places(book, issue):
            notes.setdefault((sheet, coordinate), []).append(issue)
    for (sheet, coordinate), found in notes.items():
        cell = book[sheet][coordinate]
        worst = Severity.ERROR if any(i.severity is Severity.ERROR for i in found) else Severity.WARNING
        cell.fill = fills[worst]
        text = "\n\n".join(_note_text(i) for i in found)
        if cell.comment is not None:
            text = f"{cell.comment.text}\n\n{text}"
        comment = Comment(text, AUTHOR)
        comment.width, comment.height = 320, min(600, 80 + 20 * text.count("\n") + len(text) // 3)
        cell.comment = comment


def _severity_fills() -> dict[Severity, Any]:
    """Red for errors, yellow for warnings: on the cells and in the Issues sheet alike."""
    from openpyxl.styles import PatternFill

    return {
        Severity.ERROR: PatternFill("solid", fgColor=ERROR_FILL),
        Severity.WARNING: PatternFill("solid", fgColor=WARNING_FILL),
    }


def _places(book: Any, issue: Issue) -> list[tuple[str, str]]:
    """The cells an issue is noted on: its cell, its many cells, or its sheet's first header."""
    if issue.sheet is None or issue.sheet not in book.sheetnames:
        return []
    if issue.cells:
        places = []
        for cell in issue.cells:
            sheet, _, coordinate = cell.rpartition("!")
            if sheet.strip("'") in book.sheetnames:
                places.append((sheet.strip("'"), coordinate))
        return places
    if issue.column and issue.row:
        return [(issue.sheet, f"{issue.column}{issue.row}")]
    if issue.row:
        return [(issue.sheet, f"A{issue.row}")]
    return []


def _note_text(issue: Issue) -> str:
    label = "Error" if issue.severity is Severity.ERROR else "Warning"
    text = f"{label}: {issue.message}"
    return f"{text}\nHint: {issue.hint}" if issue.hint else text


# -- the Issues sheet --------------------------------------------------------------------------------


def _issues_name(book: Any) -> str:
    return ISSUES_SHEET if ISSUES_SHEET not in book.sheetnames else "Issues (report-tool)"


def _issues_sheet(book: Any, report: ValidationReport, lost: Sequence[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    ws = book.create_sheet(_issues_name(book), 0)
    for sheet in book.worksheets:
        sheet.sheet_view.tabSelected = False
    book.active = 0
    ws.sheet_view.tabSelected = True
    bold = Font(name=FONT, bold=True)
    title = Font(name=FONT, bold=True, size=14, color="1F3864")
    ws["A1"] = "Problems found by report-tool"
    ws["A1"].font = title
    ws["A2"] = (
        f"{report.summary()}, checked as at {format_date(report.as_of)}. Cells with a problem are "
        "coloured (red: error, yellow: warning) and carry a note; click a cell below to go to it."
    )
    row = 3
    for what in lost:
        ws.cell(row, 1, f"Not kept in this copy: {what}. The original workbook still has it.").font = Font(
            name=FONT, bold=True, color="9C0006"
        )
        row += 1
    header_row = row + 1
    headers = ("Severity", "Sheet", "Cell", "Column", "Value", "Message", "Hint", "Code")
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(header_row, col, header)
        cell.font = Font(name=FONT, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F3864")
    fills = _severity_fills()
    wrap = Alignment(wrap_text=True, vertical="top")
    for offset, issue in enumerate(report.issues, start=1):
        r = header_row + offset
        values = (
            str(issue.severity),
            issue.sheet or "",
            issue.cell or "",
            issue.header or "",
            _shown(issue.value),
            issue.message,
            issue.hint or "",
            issue.code,
        )
        for col, value in enumerate(values, start=1):
            cell = ws.cell(r, col)
            cell.value = value
            cell.data_type = "s"  # staff text is text, even when it starts with '='
            cell.alignment = wrap
        ws.cell(r, 1).fill = fills[issue.severity]
        lines = max(
            1, *(-(-len(text) // chars) for text, chars in ((issue.message, 62), (issue.hint or "", 52)))
        )
        ws.row_dimensions[r].height = 15 * lines  # LibreOffice does not size wrapped rows itself
        target = _link_target(book, issue)
        if target:
            link_cell = ws.cell(r, 3)
            link_cell.hyperlink = Hyperlink(ref=link_cell.coordinate, location=target, display=issue.cell)
            link_cell.font = Font(name=FONT, color="0563C1", underline="single")
    if not report.issues:
        ws.cell(header_row + 1, 1, "No problems found.").font = bold
    last = header_row + max(len(report.issues), 1)
    ws.auto_filter.ref = f"A{header_row}:H{last}"
    ws.freeze_panes = f"A{header_row + 1}"
    for letter, width in zip("ABCDEFGH", (10, 14, 18, 18, 24, 60, 50, 26), strict=True):
        ws.column_dimensions[letter].width = width
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _shown(value: Any) -> str:
    from report_tool.issues import display_value

    return "" if value is None else display_value(value).strip("'")


def _link_target(book: Any, issue: Issue) -> str | None:
    places = _places(book, issue)
    if not places and issue.sheet is not None and issue.sheet in book.sheetnames:
        places = [(issue.sheet, "A1")]
    if not places:
        return None
    sheet, coordinate = places[0]
    return f"'{sheet.replace(chr(39), chr(39) * 2)}'!{coordinate}"


# -- what openpyxl drops ------------------------------------------------------------------------------


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name, from workbook.xml and its relationships."""
    from defusedxml import ElementTree

    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{PACKAGE_REL}}}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{{{MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{REL}}}id"), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _restore_extensions(source: Path, copy_path: Path) -> None:
    """Copy each sheet's extension list (Excel 2010+ dropdowns, conditional formats, sparklines)
    from the original into the copy, leaving out extensions that point at other parts."""
    from lxml import etree

    with zipfile.ZipFile(source) as original:
        source_parts = _sheet_parts(original)
        extensions = {}
        for name, part in source_parts.items():
            if part not in original.namelist():
                continue
            root = etree.fromstring(
                original.read(part), etree.XMLParser(resolve_entities=False, no_network=True)
            )
            ext_list = root.find(f"{{{MAIN}}}extLst")
            if ext_list is None:
                continue
            kept = [
                e for e in ext_list if not any(k.startswith(f"{{{REL}}}") for x in e.iter() for k in x.attrib)
            ]
            if kept:
                extensions[name] = kept
    if not extensions:
        return
    with zipfile.ZipFile(copy_path) as annotated:
        entries = {info.filename: (info, annotated.read(info.filename)) for info in annotated.infolist()}
        copy_parts = _sheet_parts(annotated)
    for name, kept in extensions.items():
        copy_part = copy_parts.get(name)
        if copy_part is None or copy_part not in entries:
            continue
        info, data = entries[copy_part]
        root = etree.fromstring(data)
        ext_list = root.find(f"{{{MAIN}}}extLst")
        if ext_list is None:
            ext_list = etree.SubElement(root, f"{{{MAIN}}}extLst")
        present = {e.get("uri") for e in ext_list}
        for ext in kept:
            if ext.get("uri") not in present:
                ext_list.append(copy.deepcopy(ext))
        entries[copy_part] = (
            info,
            etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True),
        )
    with zipfile.ZipFile(copy_path, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for info, data in entries.values():
            rewritten.writestr(info, data)


def _lost_parts(source: Path, copy_path: Path) -> list[str]:
    """What the copy has fewer of than the original: charts, pictures, shapes, slicers, ..."""

    def kinds(path: Path) -> Counter[str]:
        found: Counter[str] = Counter()
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith(".rels"):
                    continue
                found.update(label for prefix, label in DROPPABLE_PARTS.items() if name.startswith(prefix))
                if name.startswith("xl/drawings/") and name.endswith(".xml"):
                    data = archive.read(name)
                    found.update({label: data.count(tag) for tag, label in DRAWING_OBJECTS.items()})
        return +found

    before, after = kinds(source), kinds(copy_path)
    return [f"{n} {label}{'s' if n > 1 else ''}" for label, n in sorted((before - after).items())]
