"""How far each worksheet reaches, read from its XML before a reading library is asked for it.

python-calamine holds a sheet as one dense rectangle up to its furthest cell: a single `x` typed
in XFD1048576 asks for hundreds of GB and aborts the process. The `<dimension>` element at the head
of each sheet part (or, without one, a pass over its cell references) says how big that rectangle
is before anything is built, so that the reader can stream a sparse sheet instead. A small part
is scanned cell by cell instead of trusting its <dimension>; a large one must be plausible.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass

from report_tool.workbook.cell_references import column_number

#: Up to this many cells a rectangle is built whatever its XML size (about 64 MB in calamine).
DENSE_CELLS = 2_000_000
#: A cell takes at least this many bytes of XML (`<c r="A1"><v>1</v></c>` is 22): a rectangle of
#: more cells than the part has bytes / this is mostly empty.
BYTES_PER_CELL = 4
HEAD_BYTES = 16_384
#: A part this small is scanned cell by cell (milliseconds) rather than trusted for its
#: <dimension>, which a program can write wrong; so is a larger part whose XML is far more than
#: its declared rectangle could hold (this many bytes a cell, long inline text included).
EXACT_BELOW = 1 << 20
MAX_BYTES_PER_CELL = 512
DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"')
CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')


@dataclass(frozen=True)
class Extent:
    """The rectangle a sheet's cells span (1-based, inclusive) and the size of its XML."""

    first_row: int
    last_row: int
    last_column: int
    part_size: int

    @property
    def cells(self) -> int:
        """What the reader materialises: the rows from the first to the last, from column A."""
        return max(self.last_row - self.first_row + 1, 0) * self.last_column

    @property
    def sparse(self) -> bool:
        """The rectangle is large and far bigger than the cells its XML can hold."""
        return self.cells > DENSE_CELLS and self.cells > self.part_size // BYTES_PER_CELL


def sheet_extents(archive: zipfile.ZipFile) -> dict[str, Extent]:
    """Each worksheet's extent by sheet name; a sheet whose part cannot be found is left out."""
    extents = {}
    for name, part in sheet_parts(archive).items():
        try:
            info = archive.getinfo(part)
        except KeyError:
            continue
        declared = None if info.file_size < EXACT_BELOW else _declared(archive, part, info.file_size)
        if declared is None or declared.cells * MAX_BYTES_PER_CELL < info.file_size:
            declared = _scanned(archive, part, info.file_size)
        extents[name] = declared
    return extents


#: Sheets of kinds the tool has no use for, by the end of their relationship type, in words.
OTHER_KINDS = {
    "/xlMacrosheet": "an Excel 4 macro sheet",
    "/xlIntlMacrosheet": "an Excel 4 international macro sheet",
    "/dialogsheet": "an Excel 5 dialog sheet",
}


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part's path in the zip, from the workbook and its relationships."""
    return {name: part for name, (part, _) in _sheets(archive).items()}


def sheets_of_other_kinds(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> what it is, for the macro and dialog sheets (which calamine refuses)."""
    found = {}
    for name, (_, kind) in _sheets(archive).items():
        words = next((w for ending, w in OTHER_KINDS.items() if kind.endswith(ending)), None)
        if words is not None:
            found[name] = words
    return found


def _sheets(archive: zipfile.ZipFile) -> dict[str, tuple[str, str]]:
    """Sheet name -> (its part's path in the zip, its relationship type)."""
    from defusedxml import ElementTree

    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {
        element.get("Id"): (element.get("Target", ""), element.get("Type", ""))
        for element in rels.iter()
        if _local(element.tag) == "Relationship"
    }
    parts = {}
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        rid = next((value for key, value in element.attrib.items() if _local(key) == "id"), None)
        target, kind = targets.get(rid) or ("", "")
        if target and element.get("name") is not None:
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            parts[str(element.get("name"))] = (posixpath.normpath(path), kind)
    return parts


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _declared(archive: zipfile.ZipFile, part: str, size: int) -> Extent | None:
    """The extent the sheet declares in its <dimension> element, if it has one."""
    with archive.open(part) as handle:
        head = handle.read(HEAD_BYTES)
    match = DIMENSION.search(head)
    if match is None:
        return None
    first_letters, first_row, last_letters, last_row = match.groups()
    last_letters, last_row = last_letters or first_letters, last_row or first_row
    return Extent(int(first_row), int(last_row), column_number(last_letters.decode()), size)


def _scanned(archive: zipfile.ZipFile, part: str, size: int) -> Extent:
    """Without a <dimension>, the extent from every cell reference (one pass over the part)."""
    first_row, last_row, last_column = 0, 0, 0
    previous = b""
    with archive.open(part) as handle:
        while block := handle.read(1 << 20):
            chunk = previous[-16:] + block
            for letters, row in set(CELL_REF.findall(chunk)):
                number = int(row)
                first_row = number if not first_row else min(first_row, number)
                last_row = max(last_row, number)
                last_column = max(last_column, column_number(letters.decode()))
            previous = block
    return Extent(first_row or 1, last_row, last_column, size)
