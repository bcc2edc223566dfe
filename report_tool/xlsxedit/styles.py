"""The styles part, extended: a fill added to a cell's own format, and the few formats a new sheet needs.

A marked cell keeps everything its format had (number format, font, borders, alignment,
protection): its cell format is cloned and only the fill changes. Clones are shared, so 100,000
marked cells that had the same format add one format per colour, not 100,000.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

from report_tool.xlsxedit.parts import MAIN, parse, serialise

#: CT_Stylesheet's children in schema order: a missing one is inserted at its place.
ORDER = (
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
)
MINIMAL = (
    f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
).encode()


def q(name: str) -> str:
    return f"{{{MAIN}}}{name}"


@dataclass(frozen=True)
class Font:
    bold: bool = False
    underline: bool = False
    size: float = 11
    colour: str | None = None  # RGB, e.g. "1F3864"


class Styles:
    """The workbook's styles part (or a minimal one when the workbook has none) being extended."""

    def __init__(self, data: bytes | None) -> None:
        self.root = parse(data if data is not None else MINIMAL)
        self._fills: dict[str, int] = {}
        self._fonts: dict[Font, int] = {}
        self._clones: dict[tuple[int, str], int] = {}
        self._formats: dict[tuple[Font | None, str | None, bool], int] = {}

    def _section(self, name: str) -> etree._Element:
        found = self.root.find(q(name))
        if found is not None:
            return found
        section = etree.Element(q(name), count="0")
        later = [self.root.find(q(n)) for n in ORDER[ORDER.index(name) + 1 :]]
        following = next((e for e in later if e is not None), None)
        if following is None:
            self.root.append(section)
        else:
            following.addprevious(section)
        return section

    def _append(self, section_name: str, element: etree._Element) -> int:
        section = self._section(section_name)
        section.append(element)
        count = len(section.findall(q(element.tag.rpartition("}")[2])))
        section.set("count", str(count))
        return count - 1

    def fill(self, rgb: str) -> int:
        """The index of a solid fill of this colour (added once)."""
        if rgb not in self._fills:
            fill = etree.Element(q("fill"))
            pattern = etree.SubElement(fill, q("patternFill"), patternType="solid")
            etree.SubElement(pattern, q("fgColor"), rgb=f"FF{rgb}")
            etree.SubElement(pattern, q("bgColor"), indexed="64")
            if self._section("fills").find(q("fill")) is None:  # fills 0 and 1 are reserved by Excel
                for reserved in ("none", "gray125"):
                    self._append("fills", _pattern(reserved))
            self._fills[rgb] = self._append("fills", fill)
        return self._fills[rgb]

    def font(self, font: Font) -> int:
        if font not in self._fonts:
            element = etree.Element(q("font"))
            if font.bold:
                etree.SubElement(element, q("b"))
            if font.underline:
                etree.SubElement(element, q("u"))
            etree.SubElement(element, q("sz"), val=f"{font.size:g}")
            if font.colour:
                etree.SubElement(element, q("color"), rgb=f"FF{font.colour}")
            etree.SubElement(element, q("name"), val="Calibri")
            etree.SubElement(element, q("family"), val="2")
            self._fonts[font] = self._append("fonts", element)
        return self._fonts[font]

    def with_fill(self, base: int, rgb: str) -> int:
        """A cell format like `base` (a cellXfs index) but filled with `rgb`."""
        key = (base, rgb)
        if key not in self._clones:
            formats = self._section("cellXfs").findall(q("xf"))
            if not formats:  # an empty cellXfs: give it Excel's default first
                self._append("cellXfs", _default_xf())
                formats = self._section("cellXfs").findall(q("xf"))
            xf = copy.deepcopy(formats[base] if 0 <= base < len(formats) else formats[0])
            xf.set("fillId", str(self.fill(rgb)))
            xf.set("applyFill", "1")
            self._clones[key] = self._append("cellXfs", xf)
        return self._clones[key]

    def cell_format(self, font: Font | None = None, fill: str | None = None, wrap: bool = False) -> int:
        """A new cell format for a sheet the tool writes itself."""
        key = (font, fill, wrap)
        if key not in self._formats:
            xf = _default_xf()
            if font is not None:
                xf.set("fontId", str(self.font(font)))
                xf.set("applyFont", "1")
            if fill is not None:
                xf.set("fillId", str(self.fill(fill)))
                xf.set("applyFill", "1")
            if wrap:
                xf.set("applyAlignment", "1")
                etree.SubElement(xf, q("alignment"), vertical="top", wrapText="1")
            self._formats[key] = self._append("cellXfs", xf)
        return self._formats[key]

    def to_bytes(self) -> bytes:
        return serialise(self.root)


def _pattern(kind: str) -> etree._Element:
    fill = etree.Element(q("fill"))
    etree.SubElement(fill, q("patternFill"), patternType=kind)
    return fill


def _default_xf() -> etree._Element:
    return etree.Element(q("xf"), numFmtId="0", fontId="0", fillId="0", borderId="0", xfId="0")
