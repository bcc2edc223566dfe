"""Notes (Excel's "comments") added to a worksheet: the comments part and its legacy VML drawing.

Excel shows a note only when both exist: the text in the comments part, the box in a VML shape.
A sheet's existing notes are kept: a note on a cell that already has one is appended to it, new
ones are added to the parts the sheet already has, or to new parts when it has none. VML is
Microsoft's old drawing format and not always well-formed XML, so it is never parsed: new shapes
are inserted before its closing tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from report_tool.xlsxedit.cells import (
    AFTER_LEGACY_DRAWING,
    ATTRIBUTES,
    NAME,
    Cell,
    SheetXml,
    after_data,
    attributes,
    column_bytes,
    parse_reference,
)
from report_tool.xlsxedit.parts import MAIN, REL, Package, Relationship, parse, serialise

COMMENTS = "comments"
VML = "vmlDrawing"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
SHAPE_ID = re.compile(rb"_x0000_s(\d+)")
ID_MAP = re.compile(rb"""<o:idmap\b[^>]*\bdata\s*=\s*["']([\d,\s]*)["']""")
BEFORE_LEGACY_DRAWING_ENDS = {b"legacyDrawing"} | AFTER_LEGACY_DRAWING
#: Characters XML 1.0 cannot hold, written as Excel writes them (_xHHHH_).
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
#: What XML text must escape, or Excel would read otherwise: a character class alone (one search
#: of a class is twice as quick as one of the class or Excel's _xHHHH_), the escape looked for
#: only where "_x" is.
SPECIAL_CHARACTERS = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
EXCEL_ESCAPE = re.compile("_x[0-9A-Fa-f]{4}_")


SHAPE_TYPE = (
    b'<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
    b'<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)


def is_plain(text: str) -> bool:
    """The text is written in XML as it is: nothing to escape."""
    return SPECIAL_CHARACTERS.search(text) is None and ("_x" not in text or EXCEL_ESCAPE.search(text) is None)


def xml_text(text: str) -> str:
    """Text escaped for XML, with the characters XML forbids kept as Excel keeps them."""
    if is_plain(text):
        return text
    text = UNWRITABLE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@dataclass(frozen=True)
class NotesAdded:
    legacy_drawing: tuple[int, bytes] | None  # the sheet's new <legacyDrawing> and its offset, if it had none
    new_parts: dict[str, str]  # part -> content type


class ShapeBlocks:
    """The VML shape-id blocks (1,024 ids each) the workbook's drawings use, and those given out
    since: each new drawing takes blocks no other drawing has."""

    def __init__(self, package: Package) -> None:
        self.used = {0}
        for name in package.parts:
            if name.endswith(".vml"):
                for found in ID_MAP.finditer(package.read(name)):
                    self.used.update(int(n) for n in re.findall(rb"\d+", found.group(1)))

    def take(self, count: int) -> list[int]:
        first = max(self.used) + 1
        taken = list(range(first, first + count))
        self.used.update(taken)
        return taken


def add_notes(
    package: Package,
    sheet_part: str,
    sheet: SheetXml,
    notes: dict[Cell, str],
    author: str,
    blocks: ShapeBlocks,
) -> NotesAdded:
    """Write `notes` (cell -> text) into the sheet's notes, creating the parts it lacks.

    The notes part and the VML drawing are written as they are made, when the package is saved:
    `notes` must stay as it is until then."""
    relationships = {rel.type.rpartition("/")[2]: rel for rel in package.relationships(sheet_part)}
    new_parts: dict[str, str] = {}
    comments = relationships.get(COMMENTS)
    if comments is not None and not comments.external and comments.target in package:
        comments_part = comments.target
        root = parse(package.read(comments_part))
    else:
        comments_part = package.new_name("xl/comments{}.xml")
        root = parse(f'<comments xmlns="{MAIN}"><authors/><commentList/></comments>'.encode())
        package.add_relationship(sheet_part, COMMENTS, comments_part)
        new_parts[comments_part] = COMMENTS_TYPE
    already, author_id = _write_comments(root, notes, author)
    added = [cell for cell in sorted(notes) if cell not in already]
    new_comments = _new_comments(notes, added, author_id, root.prefix or "")
    package.write_part(
        comments_part, _with_new_comments(serialise(root), new_comments, root.prefix, bool(added))
    )

    vml = _legacy_drawing(package, sheet_part, sheet)
    if vml is not None and not vml.external and vml.target in package:
        package.write_part(vml.target, _append_shapes(package.read(vml.target), added))
        return NotesAdded(None, new_parts)
    vml_part = package.new_name("xl/drawings/vmlDrawing{}.vml")
    package.write_part(vml_part, _new_vml(added, blocks.take(max(1, -(-len(added) // 1024)))))
    new_parts[vml_part] = VML_TYPE
    rel_id = package.add_relationship(sheet_part, VML, vml_part)
    prefix = sheet.namespace_prefix(REL)
    if prefix is None:
        element = b'<%slegacyDrawing xmlns:r="%s" r:id="%s"/>' % (sheet.prefix, REL.encode(), rel_id.encode())
    else:
        element = b'<%slegacyDrawing %s:id="%s"/>' % (sheet.prefix, prefix, rel_id.encode())
    offset = after_data(sheet, BEFORE_LEGACY_DRAWING_ENDS - {b"legacyDrawing"})
    return NotesAdded((offset, element), new_parts)


def _legacy_drawing(package: Package, sheet_part: str, sheet: SheetXml) -> Relationship | None:
    """The VML drawing of the sheet's notes: the one its <legacyDrawing> names. Header and footer
    pictures live in another VML drawing (<legacyDrawingHF>), which must not receive notes."""
    found = re.search(
        rb"<" + NAME + rb"legacyDrawing\b" + ATTRIBUTES + rb"/?>", sheet.data[sheet.tail_start :]
    )
    if found is None:
        return None
    rel_id = next((v for k, v in attributes(found.group(1)).items() if k.endswith(b":id")), b"").decode()
    return next((rel for rel in package.relationships(sheet_part) if rel.id == rel_id), None)


def _write_comments(root: etree._Element, notes: dict[Cell, str], author: str) -> tuple[set[Cell], int]:
    """Append to the notes cells already have; those cells, and the author's index."""
    authors = root.find(f"{{{MAIN}}}authors")
    if authors is None:
        authors = etree.Element(f"{{{MAIN}}}authors")
        root.insert(0, authors)
    names = [a.text or "" for a in authors]
    if author not in names:
        etree.SubElement(authors, f"{{{MAIN}}}author").text = author
        names.append(author)
    already: set[Cell] = set()
    for comment in root.iter(f"{{{MAIN}}}comment"):
        try:
            cell = parse_reference(comment.get("ref", "").partition(":")[0])
        except ValueError:
            continue
        if cell not in notes:
            continue
        already.add(cell)
        text = comment.find(f"{{{MAIN}}}text")
        if text is None:
            text = etree.SubElement(comment, f"{{{MAIN}}}text")
        plain = text.find(f"{{{MAIN}}}t")
        addition = "\n\n" + notes[cell]
        if plain is not None and text.find(f"{{{MAIN}}}r") is None:
            plain.text = (plain.text or "") + addition
        else:
            run = etree.Element(f"{{{MAIN}}}r")
            etree.SubElement(run, f"{{{MAIN}}}t").text = addition
            runs = text.findall(f"{{{MAIN}}}r")
            (runs[-1].addnext(run) if runs else text.insert(0, run))
        for t in text.iter(f"{{{MAIN}}}t"):
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return already, names.index(author)


def _new_comments(notes: dict[Cell, str], cells: list[Cell], author_id: int, prefix: str) -> Iterator[bytes]:
    """A <comment> for each of `cells`, as text: building 100,000 elements would cost more than the rest."""
    p = f"{prefix}:" if prefix else ""
    template = (
        f'<{p}comment ref="%s%d" authorId="{author_id}"><{p}text><{p}r><{p}rPr><{p}sz val="9"/>'
        f'<{p}rFont val="Calibri"/></{p}rPr><{p}t xml:space="preserve">%s</{p}t></{p}r></{p}text>'
        f"</{p}comment>"
    ).encode()
    for row, column in cells:
        yield template % (column_bytes(column), row, xml_text(notes[(row, column)]).encode())


def _with_new_comments(
    serialised: bytes, added: Iterable[bytes], prefix: str | None, any_added: bool
) -> Iterator[bytes]:
    """The notes part with the new comments spliced in before its list's end."""
    if not any_added:
        yield serialised
        return
    tag = f"{prefix}:commentList" if prefix else "commentList"
    closing = f"</{tag}>".encode()
    empty = re.search(rb"<" + tag.encode() + rb"\s*/>", serialised)
    if closing in serialised:
        at = serialised.rindex(closing)
        before, opening, after = serialised[:at], b"", serialised[at:]
    elif empty:
        before, opening = serialised[: empty.start()], f"<{tag}>".encode()
        after = closing + serialised[empty.end() :]
    else:  # no commentList at all: add one before the root's end
        at = serialised.rindex(b"</")
        before, opening, after = serialised[:at], f"<{tag}>".encode(), closing + serialised[at:]
    yield before + opening
    yield from added
    yield after


def _new_vml(cells: list[Cell], blocks: list[int]) -> Iterator[bytes]:
    yield (
        b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        b'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
        b'<o:idmap v:ext="edit" data="%s"/></o:shapelayout>' % ",".join(map(str, blocks)).encode()
    )
    yield SHAPE_TYPE
    first = blocks[0] * 1024
    for n, cell in enumerate(cells, start=1):
        yield _shape(cell, first + n)
    yield b"</xml>"


def _append_shapes(vml: bytes, cells: list[Cell]) -> Iterator[bytes]:
    if not cells:
        yield vml
        return
    ids = [int(n) for n in SHAPE_ID.findall(vml)]
    first = max(ids, default=1024) + 1
    at = vml.rindex(b"</xml>")
    yield vml[:at]
    if b"_x0000_t202" not in vml:
        yield SHAPE_TYPE
    for n, cell in enumerate(cells):
        yield _shape(cell, first + n)
    yield vml[at:]


def _shape(cell: Cell, shape_id: int) -> bytes:
    row, column = cell[0] - 1, cell[1] - 1  # VML counts from 0
    return (
        b'<v:shape id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;'
        b'margin-top:1.5pt;width:240pt;height:120pt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" '
        b'o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
        b'<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
        b'<div style="text-align:left"></div></v:textbox>'
        b'<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        b"<x:Anchor>%d, 15, %d, 2, %d, 15, %d, 16</x:Anchor><x:AutoFill>False</x:AutoFill>"
        b"<x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>"
        % (shape_id, shape_id % 1024 or 1, column + 1, max(row - 1, 0), column + 4, row + 6, row, column)
    )
