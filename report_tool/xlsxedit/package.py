"""An annotated copy of a workbook, made by editing its package: the reusable API.

    from report_tool.xlsxedit.package import CellMark, Column, SummaryRow, SummarySheet, write_annotated_copy

    write_annotated_copy(
        source, target,
        marks=[CellMark("States", "B2", "FFC7CE", "Error: ...")],
        first_sheet=SummarySheet("Issues", "Problems found", [Column("Cell", 18)],
                                 [SummaryRow(["States!B2"], "FFC7CE", ("States", "B2"))]),
        overwrite=False,
    )

Every part of the original is copied unchanged (same names, order and compression) except those
annotation must change: the worksheets with marked cells (a cell's style index; cells that do
not exist yet are inserted), the styles part (fills and cloned cell formats appended), the notes
(comments and VML parts, created or appended to), the workbook part, its relationships and the
content types (the new first sheet), and a sheet that was selected (so that the new one opens).
Pictures, charts, pivot tables, slicers, macros, extension lists and everything else the tool
does not understand therefore survive by construction. `validate --annotate` is built on it;
`diff --annotate` can be too.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from report_tool.errors import OutputError, WorkbookUnreadable
from report_tool.output import atomic_output, refuse_existing
from report_tool.workbook.raw import short_reason
from report_tool.workbook.speedups import collection_paused
from report_tool.xlsxedit.cells import (
    Cell,
    SheetEdit,
    SheetXml,
    head_unselected,
    parse_range,
    parse_reference,
    restyle,
)
from report_tool.xlsxedit.issues_sheet import MAX_LINKS, Column, SummaryRow, SummarySheet, summary_xml
from report_tool.xlsxedit.notes import ShapeBlocks, add_notes
from report_tool.xlsxedit.parts import (
    MACRO_WORKBOOK,
    MAIN,
    REL,
    STRICT_MAIN,
    TEMPLATES,
    Package,
    as_utf8,
    parse,
    serialise,
)
from report_tool.xlsxedit.styles import Styles

__all__ = [
    "MAX_LINKS",
    "AnnotatedCopy",
    "CellMark",
    "Column",
    "SummaryRow",
    "SummarySheet",
    "check_copy_name",
    "same_file",
    "write_annotated_copy",
]

WORKSHEET = f"{REL}/worksheet"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
#: A marked range fills every cell in it; beyond this many the mark is refused (a caller's bug).
MAX_RANGE_CELLS = 100_000


@dataclass(frozen=True)
class CellMark:
    """A cell (or a rectangle such as "B2:D4") to fill with `colour`, with an optional note.

    A range fills each of its cells and puts the note on its top-left cell. A cell inside a merged
    range is marked on the merged range's top-left cell (the one Excel shows). When several marks
    name one cell, their notes are joined in order and the first mark's colour wins.
    """

    sheet: str
    cell: str
    colour: str  # RGB, e.g. "FFC7CE"
    note: str | None = None


@dataclass(frozen=True)
class AnnotatedCopy:
    path: Path
    sheet_title: str  # the first sheet's name as written (made unique in the workbook)
    notices: list[str]  # lines the user should see, e.g. that links were cut
    unplaced: int  # marks on sheets the workbook does not have as worksheets


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


def check_copy_name(source: Path, target: Path, overwrite: bool = False) -> None:
    """Refuse, before any work, a copy name Excel would not open as what it is, the source
    itself, or an existing file without `overwrite` (one line, OutputError)."""
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        raise OutputError(f"{target}: the annotated copy is a workbook; give it a name ending in .xlsx")
    if same_file(source, target):
        raise OutputError(f"{target}: this is the workbook being checked; annotate into a new file")
    refuse_existing(target, overwrite)


def write_annotated_copy(
    source: Path,
    target: Path,
    marks: Iterable[CellMark],
    first_sheet: SummarySheet,
    overwrite: bool = False,
) -> AnnotatedCopy:
    """Write a copy of `source` at `target` with `marks` at their cells and `first_sheet` first.

    The source is only read. The copy is written to a temporary file and renamed into place
    (replacing an existing file only with `overwrite`). Raises OutputError (the target cannot
    be written or is misnamed) or WorkbookUnreadable (the source is not an editable workbook),
    each with a one-line message.
    """
    source, target = Path(source), Path(target)
    check_copy_name(source, target, overwrite)
    try:  # no reference cycles are made: the collector would only walk the report's objects again
        with collection_paused(), Package(source) as package:
            return _write(package, source, target, marks, first_sheet, overwrite)
    except etree.XMLSyntaxError as exc:  # a part that validation never had to read
        raise WorkbookUnreadable(
            source, f"the workbook is damaged and cannot be annotated ({short_reason(exc)})"
        ) from exc


def _write(
    package: Package,
    source: Path,
    target: Path,
    marks: Iterable[CellMark],
    first_sheet: SummarySheet,
    overwrite: bool,
) -> AnnotatedCopy:
    workbook_part = _workbook_part(package)
    content_type = package.content_type(workbook_part) or ""
    if content_type in TEMPLATES:  # an .xltx/.xltm: the copy is a workbook to open, not a template
        content_type = TEMPLATES[content_type]
        package.declare({workbook_part: content_type})
    macro = content_type == MACRO_WORKBOOK
    if macro != (target.suffix.lower() == ".xlsm"):
        raise OutputError(
            f"{target}: the workbook has macros, so its copy must end in .xlsm (it keeps them)"
            if macro
            else f"{target}: the workbook has no macros, so its copy must end in .xlsx"
        )
    workbook = parse(package.read(workbook_part))
    if workbook.tag == f"{{{STRICT_MAIN}}}workbook":
        raise WorkbookUnreadable(
            source,
            "the workbook is saved as Strict Open XML, which cannot be annotated; "
            "save it in Excel as 'Excel Workbook (.xlsx)'",
        )
    if workbook.tag != f"{{{MAIN}}}workbook":  # an early Excel 2007 build wrote .../2006/5/main
        namespace = workbook.tag.partition("}")[0].lstrip("{")
        raise WorkbookUnreadable(
            source,
            f"the workbook was written in a draft of the .xlsx format (namespace {namespace}), as "
            "early Excel 2007 builds wrote it, which cannot be annotated; open it in Excel, save "
            "it as .xlsx, and try again",
        )
    sheets = _worksheets(package, workbook_part, workbook)
    styles_part = _styles_part(package, workbook_part)
    styles = Styles(package.read(styles_part) if styles_part in package else None)
    by_sheet, unplaced = _group(marks, sheets)
    blocks = ShapeBlocks(package)
    for name, part in sheets.items():
        try:
            sheet = SheetXml.split(as_utf8(package.read(part)))
        except ValueError:  # no <sheetData>: not a sheet that can hold marks; left as it is
            unplaced += by_sheet.pop(name).marks if name in by_sheet else 0
            continue
        edit = SheetEdit(sheet, head=head_unselected(sheet))
        if name in by_sheet:
            _annotate_sheet(package, part, edit, by_sheet.pop(name).cells, styles, blocks)
        if edit.changed:
            package.write_part(part, edit.pieces())
    title = _unique_title(first_sheet.title, list(sheets) + _other_sheet_names(workbook))
    written = summary_xml(first_sheet, styles)
    summary_part = package.new_name("xl/worksheets/sheet{}.xml")
    package.write_part(summary_part, written.chunks)
    new_types = {summary_part: WORKSHEET_TYPE}
    if styles_part not in package:
        package.add_relationship(workbook_part, "styles", styles_part)
        new_types[styles_part] = STYLES_TYPE
    package.write_part(styles_part, styles.to_bytes())
    rel_id = package.add_relationship(workbook_part, "worksheet", summary_part)
    _insert_first_sheet(workbook, title, rel_id, written.header_row, written.last_row, written.last_column)
    package.write_part(workbook_part, serialise(workbook))
    package.declare(new_types)
    with atomic_output(target, overwrite=overwrite) as temporary:
        package.save(temporary)
    return AnnotatedCopy(target, title, written.notices, unplaced)


# -- the workbook part ----------------------------------------------------------------------------


def _workbook_part(package: Package) -> str:
    for rel in package.relationships(""):
        if rel.type.endswith("/officeDocument") and not rel.external and rel.target in package:
            return rel.target
    raise WorkbookUnreadable(package.path, "this zip file is not an Excel workbook")


def _worksheets(package: Package, workbook_part: str, workbook: etree._Element) -> dict[str, str]:
    """Sheet name -> worksheet part, in workbook order (chart and dialog sheets left out)."""
    targets = {rel.id: rel for rel in package.relationships(workbook_part)}
    sheets = {}
    for sheet in workbook.iter(f"{{{MAIN}}}sheet"):
        rel = targets.get(sheet.get(f"{{{REL}}}id", ""))
        if rel is not None and rel.type == WORKSHEET and not rel.external and rel.target in package:
            sheets[sheet.get("name", "")] = rel.target
    return sheets


def _other_sheet_names(workbook: etree._Element) -> list[str]:
    return [sheet.get("name", "") for sheet in workbook.iter(f"{{{MAIN}}}sheet")]


def _styles_part(package: Package, workbook_part: str) -> str:
    for rel in package.relationships(workbook_part):
        if rel.type.endswith("/styles") and not rel.external:
            return rel.target
    return posixpath.join(posixpath.dirname(workbook_part), "styles.xml")


def _unique_title(wanted: str, taken: list[str]) -> str:
    lowered = {name.casefold() for name in taken}
    candidates = [wanted, f"{wanted} (report-tool)"] + [f"{wanted} ({n})" for n in range(2, 1000)]
    return next(c[:31] for c in candidates if c[:31].casefold() not in lowered)


def _insert_first_sheet(
    workbook: etree._Element, title: str, rel_id: str, header_row: int, last_row: int, last_column: str
) -> None:
    """The new sheet first and shown; sheet-local names moved along with their sheets."""
    sheets = workbook.find(f"{{{MAIN}}}sheets")
    assert sheets is not None  # _worksheets found sheets in it
    ids = [int(s.get("sheetId", "0")) for s in sheets if s.get("sheetId", "").isdigit()]
    new = etree.Element(f"{{{MAIN}}}sheet", name=title, sheetId=str(max(ids, default=0) + 1))
    new.set(f"{{{REL}}}id", rel_id)
    sheets.insert(0, new)
    names = workbook.find(f"{{{MAIN}}}definedNames")
    if names is None:
        names = etree.Element(f"{{{MAIN}}}definedNames")
        after = sheets
        for later in ("functionGroups", "externalReferences"):
            found = workbook.find(f"{{{MAIN}}}{later}")
            after = found if found is not None else after
        after.addnext(names)
    for defined in names:
        local = defined.get("localSheetId")
        if local is not None and local.isdigit():
            defined.set("localSheetId", str(int(local) + 1))
    quoted = "'" + title.replace("'", "''") + "'"
    for label, value, hidden in (
        ("_xlnm._FilterDatabase", f"{quoted}!$A${header_row}:${last_column}${last_row}", True),
        ("_xlnm.Print_Titles", f"{quoted}!${header_row}:${header_row}", False),
    ):
        element = etree.Element(f"{{{MAIN}}}definedName", name=label, localSheetId="0")
        if hidden:
            element.set("hidden", "1")
        element.text = value
        names.insert(0, element)
    views = workbook.find(f"{{{MAIN}}}bookViews")
    if views is None:
        views = etree.Element(f"{{{MAIN}}}bookViews")
        sheets.addprevious(views)
        etree.SubElement(views, f"{{{MAIN}}}workbookView")
    for view in views:
        view.set("activeTab", "0")
        if view.get("firstSheet") is not None:
            view.set("firstSheet", "0")


# -- the marks ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Wanted:
    colour: str
    notes: list[str]


@dataclass
class _SheetMarks:
    cells: dict[Cell, _Wanted]
    marks: int  # how many marks name the sheet


def _group(marks: Iterable[CellMark], sheets: dict[str, str]) -> tuple[dict[str, _SheetMarks], int]:
    """Marks by sheet and cell, each range expanded; marks on sheets not found are counted."""
    by_name = {name.casefold(): name for name in sheets}
    grouped: dict[str, _SheetMarks] = {}
    unplaced = 0
    for mark in marks:
        name = sheets and (mark.sheet if mark.sheet in sheets else by_name.get(mark.sheet.casefold()))
        if not name:
            unplaced += 1
            continue
        on_sheet = grouped.get(name) or grouped.setdefault(name, _SheetMarks({}, 0))
        on_sheet.marks += 1
        cells = on_sheet.cells
        if ":" not in mark.cell:  # one cell, the common case
            cell = parse_reference(mark.cell)
            wanted = cells.get(cell)
            if wanted is None:
                cells[cell] = _Wanted(mark.colour, [mark.note] if mark.note else [])
            elif mark.note:
                wanted.notes.append(mark.note)
            continue
        (top, left), (bottom, right) = parse_range(mark.cell)
        if (bottom - top + 1) * (right - left + 1) > MAX_RANGE_CELLS:
            raise ValueError(f"{mark.sheet}!{mark.cell}: a mark covers at most {MAX_RANGE_CELLS:,} cells")
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                wanted = cells.get((row, column))
                if wanted is None:
                    wanted = cells[(row, column)] = _Wanted(mark.colour, [])
                if mark.note and (row, column) == (top, left):
                    wanted.notes.append(mark.note)
    return grouped, unplaced


def _annotate_sheet(
    package: Package,
    part: str,
    edit: SheetEdit,
    cells: dict[Cell, _Wanted],
    styles: Styles,
    blocks: ShapeBlocks,
) -> None:
    """The sheet's marked cells restyled and its notes added, into `edit` (and the notes' parts)."""
    merged = edit.sheet.merged_ranges()
    if merged:
        cells = _onto_merged_corners(cells, merged)
    wanted: dict[int, dict[int, str]] = {}
    notes: dict[Cell, str] = {}
    for cell, mark in cells.items():
        wanted.setdefault(cell[0], {})[cell[1]] = mark.colour
        if mark.notes:
            notes[cell] = mark.notes[0] if len(mark.notes) == 1 else "\n\n".join(mark.notes)
    cells.clear()  # each note is now held once, by `notes`, until the copy is written
    edit.rows = restyle(edit.sheet, wanted, styles.with_fill)
    if notes:
        added = add_notes(package, part, edit.sheet, notes, "report-tool", blocks)
        package.declare(added.new_parts)
        edit.inserted = added.legacy_drawing


def _onto_merged_corners(cells: dict[Cell, _Wanted], merged: list[tuple[Cell, Cell]]) -> dict[Cell, _Wanted]:
    """A cell inside a merged range is shown by the range's top-left cell: mark that one instead."""
    corners: dict[Cell, Cell] = {}
    if sum((b - t + 1) * (r - lft + 1) for (t, lft), (b, r) in merged) <= 1_000_000:
        for top_left, (bottom, right) in merged:
            for row in range(top_left[0], bottom + 1):
                for column in range(top_left[1], right + 1):
                    corners[(row, column)] = top_left

    def corner_of(row: int, column: int) -> Cell:
        if corners:
            return corners.get((row, column), (row, column))
        for top_left, (bottom, right) in merged:
            if top_left[0] <= row <= bottom and top_left[1] <= column <= right:
                return top_left
        return row, column

    moved: dict[Cell, _Wanted] = {}
    for (row, column), mark in sorted(cells.items()):
        corner = corner_of(row, column)
        if corner in moved:
            moved[corner].notes.extend(mark.notes)
        else:
            moved[corner] = _Wanted(mark.colour, list(mark.notes))
    return moved
