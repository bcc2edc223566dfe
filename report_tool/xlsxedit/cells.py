"""A worksheet part edited in place: the style of a few cells, and one element added after the data.

A sheet of 100,000 rows is tens of megabytes of XML; parsing it into a tree to change a handful of
cells would cost seconds and hundreds of megabytes. Instead the rows are located with regular
expressions over the bytes (rows are written in ascending order, so one forward scan finds them
all and stops at the last one needed), and only the start tags of the cells concerned are
rewritten. Every other byte of the part stays as it was.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from report_tool.workbook.cell_references import column_letters, column_number

NAME = rb"(?:[A-Za-z_][\w.-]*:)?"
ATTRIBUTES = rb"""((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*"""
ROOT = re.compile(rb"<(" + NAME + rb")worksheet\b" + ATTRIBUTES + rb">")
SHEET_DATA = re.compile(rb"<(" + NAME + rb")sheetData\b" + ATTRIBUTES + rb"(/?)>")
ROW = re.compile(rb"<(" + NAME + rb")row\b([^>]*?)(/?)>")
CELL = re.compile(rb"<(" + NAME + rb")c(?=[\s/>])" + ATTRIBUTES + rb"(/?)>")
COL = re.compile(rb"<" + NAME + rb"col\b" + ATTRIBUTES + rb"/?>")
MERGE = re.compile(rb"<" + NAME + rb"mergeCell\b" + ATTRIBUTES + rb"/?>")
TAG = re.compile(
    rb"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>|<(/?)(" + NAME + rb"[\w.-]+)" + ATTRIBUTES + rb"(/?)>", re.S
)
ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
STYLE = re.compile(rb"""(?<=\s)s\s*=\s*["']([^"']*)["']""")
ATTRIBUTE = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
TAB_SELECTED = re.compile(rb"""\stabSelected\s*=\s*["'](?:1|true)["']""")
#: Top-level worksheet elements that come after <legacyDrawing> (ECMA-376 CT_Worksheet order).
AFTER_LEGACY_DRAWING = {
    b"legacyDrawingHF",
    b"drawingHF",
    b"picture",
    b"oleObjects",
    b"controls",
    b"webPublishItems",
    b"tableParts",
    b"extLst",
}

Cell = tuple[int, int]  # (row, column), both 1-based
Piece = bytes | memoryview  # a stretch of a part's new bytes


@functools.lru_cache(maxsize=1024)
def column_bytes(column: int) -> bytes:
    """7 -> b"G": the letters of a column, as the cell references in the XML write them (cached:
    a marked sheet asks for the same few columns on every row)."""
    return column_letters(column).encode()


def parse_reference(reference: str) -> Cell:
    """'B7' -> (7, 2); ValueError for anything that is not one cell inside Excel's grid."""
    found = REFERENCE.match(reference.strip())
    if not found:
        raise ValueError(f"{reference!r} is not a cell reference such as B7")
    row, column = int(found.group(2)), column_number(found.group(1))
    if not (1 <= row <= 1_048_576 and 1 <= column <= 16_384):
        raise ValueError(f"{reference!r} is outside Excel's grid")
    return row, column


def parse_range(reference: str) -> tuple[Cell, Cell]:
    """'B2:D4' or 'B2' -> its top-left and bottom-right cells."""
    first, _, last = reference.partition(":")
    if not last:
        cell = parse_reference(first)
        return cell, cell
    top_left, bottom_right = parse_reference(first), parse_reference(last)
    return (
        (min(top_left[0], bottom_right[0]), min(top_left[1], bottom_right[1])),
        (max(top_left[0], bottom_right[0]), max(top_left[1], bottom_right[1])),
    )


def attributes(text: bytes) -> dict[bytes, bytes]:
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in ATTRIBUTE.finditer(text)
    }


@dataclass
class SheetXml:
    """A worksheet part split where it matters: before, inside and after <sheetData>."""

    data: bytes
    prefix: bytes  # the main namespace's prefix as the sheet writes it, b"" or b"x:"
    data_start: int  # first byte inside <sheetData>
    data_end: int  # first byte of </sheetData> (or of the self-closing tag's end)
    self_closing: bool
    root_attributes: dict[bytes, bytes]

    @classmethod
    def split(cls, data: bytes) -> SheetXml:
        root = ROOT.search(data)
        found = SHEET_DATA.search(data)
        if root is None or found is None:
            raise ValueError("not a worksheet: no <worksheet> or <sheetData>")
        prefix = found.group(1)
        if found.group(3):
            return cls(data, prefix, found.start(), found.end(), True, attributes(root.group(2)))
        end = data.index(b"</" + prefix + b"sheetData>", found.end())
        return cls(data, prefix, found.end(), end, False, attributes(root.group(2)))

    @property
    def head(self) -> bytes:
        return self.data[: self.data_start]

    @property
    def tail_start(self) -> int:
        return (
            self.data_end if self.self_closing else self.data_end + len(b"</" + self.prefix + b"sheetData>")
        )

    def merged_ranges(self) -> list[tuple[Cell, Cell]]:
        ranges = []
        for found in MERGE.finditer(self.data, self.tail_start):
            reference = attributes(found.group(1)).get(b"ref", b"").decode()
            try:
                ranges.append(parse_range(reference))
            except ValueError:
                continue
        return ranges

    def column_styles(self) -> Callable[[int], int]:
        """Column -> the style of its <col> (what an empty cell shows)."""
        spans = []
        for found in COL.finditer(self.data, 0, self.data_start):
            attrs = attributes(found.group(1))
            try:
                spans.append((int(attrs[b"min"]), int(attrs[b"max"]), int(attrs.get(b"style", b"0") or 0)))
            except (KeyError, ValueError):
                continue

        def style(column: int) -> int:
            return next((s for low, high, s in spans if low <= column <= high), 0)

        return style

    def namespace_prefix(self, uri: str) -> bytes | None:
        for name, value in self.root_attributes.items():
            if value.decode() == uri and name.startswith(b"xmlns:"):
                return name[6:]
        return None


def restyle(
    sheet: SheetXml, wanted: dict[int, dict[int, str]], style_for: Callable[[int, str], int]
) -> list[Piece]:
    """<sheetData> with each wanted cell's style replaced by style_for(its style, colour), as pieces.

    The pieces replace sheet.data[data_start:data_end]; the stretches between edited rows are
    views of the sheet's own bytes, not copies. `wanted`: row -> column -> colour. Cells and rows
    that do not exist yet are inserted in order, taking the style Excel would show for them (the
    row's, else the column's).
    """
    data, prefix = sheet.data, sheet.prefix
    view = memoryview(data)
    column_style = sheet.column_styles()
    targets = sorted(wanted)
    if sheet.self_closing:  # <sheetData/>: open it, add the rows, close it
        rows = [_new_row(prefix, n, wanted[n], column_style, style_for) for n in targets]
        return [b"<" + prefix + b"sheetData>", *rows, b"</" + prefix + b"sheetData>"]
    pieces: list[Piece] = []

    def stretch(start: int, end: int) -> Piece:  # a short one copied: a view costs more than it
        return data[start:end] if end - start < 4096 else view[start:end]

    def edit(found: re.Match[bytes], number: int, position: int) -> int:
        """The row `found` edited into `pieces` after data[position:]; where the copying resumes."""
        closing = b"</" + found.group(1) + b"row>"
        end = found.end() if found.group(3) else data.index(closing, found.end()) + len(closing)
        cells = _named_cells(data, prefix, found.end(), end, number, wanted[number])
        if cells is None:
            row = _edit_row(data[found.start() : end], found, number, wanted[number], column_style, style_for)
            pieces.extend((stretch(position, found.start()), row))
            return end
        return restyle_named(cells, position)

    def restyle_named(cells: list[tuple[int, int, str]], position: int) -> int:
        for start, end, colour in cells:  # the common case, fast: only the cells' start tags change
            pieces.extend((stretch(position, start), _restyled(data[start:end], prefix, colour, style_for)))
            position = end
        return position

    position = sheet.data_start
    starts = _row_starts(data, prefix, targets, sheet.data_start, sheet.data_end)
    if starts is not None:  # every row there, numbered: straight to each
        closing = b"</" + prefix + b"row>"
        for number, start in zip(targets, starts, strict=True):
            cells = _named_cells(data, prefix, start, data.find(closing, start), number, wanted[number])
            if cells is not None:
                position = restyle_named(cells, position)
                continue
            found = ROW.match(data, start)
            assert found is not None  # it starts with <row r="...
            position = edit(found, number, position)
        pieces.append(stretch(position, sheet.data_end))
        return pieces
    previous, index = 0, 0
    for found in ROW.finditer(data, sheet.data_start, sheet.data_end):
        if index == len(targets):
            break
        numbered = ROW_NUMBER.search(found.group(2))
        number = int(numbered.group(1)) if numbered else previous + 1
        previous = number
        while index < len(targets) and targets[index] < number:
            pieces += [
                stretch(position, found.start()),
                _new_row(prefix, targets[index], wanted[targets[index]], column_style, style_for),
            ]
            position = found.start()
            index += 1
        if index < len(targets) and targets[index] == number:
            position = edit(found, number, position)
            index += 1
    pieces.append(stretch(position, sheet.data_end))
    pieces += [_new_row(prefix, n, wanted[n], column_style, style_for) for n in targets[index:]]
    return pieces


def _row_starts(data: bytes, prefix: bytes, targets: list[int], start: int, end: int) -> list[int] | None:
    """Where each target row starts, when each is there written <row r="N" (as almost every
    program writes rows), in order; else None, and the rows are read one by one."""
    starts = []
    for number in targets:
        start = data.find(b'<%srow r="%d"' % (prefix, number), start, end)
        if start < 0:
            return None
        starts.append(start)
    return starts


def _new_row(
    prefix: bytes,
    number: int,
    columns: dict[int, str],
    column_style: Callable[[int], int],
    style_for: Callable[[int, str], int],
) -> bytes:
    cells = b"".join(
        _new_cell(prefix, number, column, style_for(column_style(column), columns[column]))
        for column in sorted(columns)
    )
    return b'<%srow r="%d">%s</%srow>' % (prefix, number, cells, prefix)


def _new_cell(prefix: bytes, row: int, column: int, style: int) -> bytes:
    return b'<%sc r="%s%d" s="%d"/>' % (prefix, column_bytes(column), row, style)


def _edit_row(
    row_xml: bytes,
    row_tag: re.Match[bytes],
    number: int,
    columns: dict[int, str],
    column_style: Callable[[int], int],
    style_for: Callable[[int, str], int],
) -> bytes:
    """One row with its wanted cells restyled or inserted; every cell given its `r` if it lacked one."""
    prefix = row_tag.group(1)
    start_tag_length = row_tag.end() - row_tag.start()
    if row_tag.group(3):  # <row .../>: no cells yet
        start = re.sub(rb"\s*/>$", b">", row_xml[:start_tag_length])
        body, closing = b"", b"</" + prefix + b"row>"
    else:
        start = row_xml[:start_tag_length]
        closing = b"</" + prefix + b"row>"
        body = row_xml[start_tag_length : len(row_xml) - len(closing)]
    row_attrs = attributes(row_tag.group(2))
    custom = row_attrs.get(b"customFormat", b"0") in (b"1", b"true")
    row_style = int(row_attrs.get(b"s", b"0") or 0) if custom else None
    remaining = dict(columns)
    inserted = False
    pieces: list[bytes] = []
    position, previous = 0, 0

    def blank(column: int) -> bytes:
        base = row_style if row_style is not None else column_style(column)
        return _new_cell(prefix, number, column, style_for(base, remaining.pop(column)))

    for cell in CELL.finditer(body):
        attrs = attributes(cell.group(2))
        reference = attrs.get(b"r")
        column = column_number(re.sub(rb"\d", b"", reference).decode()) if reference else previous + 1
        previous = column
        for missing in sorted(c for c in remaining if c < column):
            pieces += [body[position : cell.start()], blank(missing)]
            position, inserted = cell.start(), True
        tag = cell.group(0)
        if reference is None:
            opening = b"<" + cell.group(1) + b"c"
            tag = opening + b' r="%s%d"' % (column_bytes(column), number) + tag[len(opening) :]
        if column in remaining:
            old = attrs.get(b"s", b"")
            style = style_for(int(old) if old.isdigit() else 0, remaining.pop(column))
            tag = _with_style(tag, cell.group(1), style)
        pieces += [body[position : cell.start()], tag]
        position = cell.end()
    pieces.append(body[position:])
    for missing in sorted(remaining):
        pieces.append(blank(missing))
        inserted = True
    if inserted:  # a cell outside the row's `spans` hint: drop the hint rather than keep it wrong
        start = re.sub(rb"""\sspans\s*=\s*["'][^"']*["']""", b"", start)
    return start + b"".join(pieces) + closing


def _named_cells(
    data: bytes, prefix: bytes, start: int, end: int, number: int, columns: dict[int, str]
) -> list[tuple[int, int, str]] | None:
    """Where the wanted cells' start tags are in the row in data[start:end], in order, when each
    exists and names itself (<c r="B7" ...>, as almost every program writes cells); else None."""
    found = []
    opening = b"<" + prefix + b"c"
    for column, colour in columns.items():
        at = data.find(b' r="%s%d"' % (column_bytes(column), number), start, end)
        tag_start = at - len(opening)
        if at < 0 or data[tag_start:at] != opening:  # r not first, or not a cell: read it whole
            return None
        found.append((tag_start, data.index(b">", at) + 1, colour))  # no > in a cell's attributes
    return sorted(found)


def _restyled(tag: bytes, prefix: bytes, colour: str, style_for: Callable[[int, str], int]) -> bytes:
    """A cell's start tag with its style replaced by style_for(its style, colour)."""
    opening = len(prefix) + 2  # "<" + prefix + "c"
    old = STYLE.search(tag, opening)
    base = int(old.group(1)) if old and old.group(1).isdigit() else 0
    new = b's="%d"' % style_for(base, colour)
    if old:
        return tag[: old.start()] + new + tag[old.end() :]
    return tag[:opening] + b" " + new + tag[opening:]


def _with_style(tag: bytes, prefix: bytes, style: int) -> bytes:
    new = b's="%d"' % style
    replaced, count = re.subn(rb"""(?<=\s)s\s*=\s*(?:"[^"]*"|'[^']*')""", new, tag, count=1)
    if count:
        return replaced
    opening = b"<" + prefix + b"c"
    return opening + b" " + new + tag[len(opening) :]


def head_unselected(sheet: SheetXml) -> bytes | None:
    """The sheet's part up to its data, no longer selected (another sheet opens first), or None
    when it was not selected."""
    cleared, count = TAB_SELECTED.subn(b"", sheet.head)
    return cleared if count else None


def top_level_elements(data: bytes, start: int) -> Iterator[tuple[bytes, int]]:
    """(local name, offset) of each element at the level where `start` is, until its parent closes."""
    depth = 0
    for found in TAG.finditer(data, start):
        if found.group(2) is None:  # a comment, processing instruction or CDATA
            continue
        closing, self_closing = bool(found.group(1)), bool(found.group(4))
        if closing:
            depth -= 1
            if depth < 0:
                yield b"", found.start()  # the parent's end tag
                return
        else:
            if depth == 0:
                yield found.group(2).rpartition(b":")[2], found.start()
            if not self_closing:
                depth += 1


def after_data(sheet: SheetXml, before: set[bytes]) -> int:
    """Where an element after <sheetData> goes: before the first of `before`, or the root's end."""
    for name, offset in top_level_elements(sheet.data, sheet.tail_start):
        if name == b"" or name in before:
            return offset
    raise ValueError("the worksheet part does not end")


@dataclass
class SheetEdit:
    """A worksheet part's new bytes, kept as pieces: its head, its <sheetData> and its tail, each
    replaced or left as it was, and one element inserted after the data."""

    sheet: SheetXml
    head: bytes | None = None  # instead of sheet.head
    rows: list[Piece] | None = None  # instead of sheet.data[data_start:data_end]
    inserted: tuple[int, bytes] | None = None  # (offset in sheet.data after the data, element)

    @property
    def changed(self) -> bool:
        return self.head is not None or self.rows is not None or self.inserted is not None

    def pieces(self) -> Iterator[Piece]:
        sheet, view = self.sheet, memoryview(self.sheet.data)
        yield self.head if self.head is not None else view[: sheet.data_start]
        yield from self.rows if self.rows is not None else [view[sheet.data_start : sheet.data_end]]
        if self.inserted is None:
            yield view[sheet.data_end :]
        else:
            offset, element = self.inserted
            yield from (view[sheet.data_end : offset], element, view[offset:])
