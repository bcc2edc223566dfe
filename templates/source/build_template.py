"""Build templates/briefing.docx: the Word template the briefing is built on.

The briefing uses only the named styles defined here, so an organisation can restyle its reports
in Word (Home > Styles > Modify) and pass the result with `--template`. Run after changing this:

    python templates/source/build_template.py
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parents[1]  # templates/: this script is kept out of the wheel
BLUE = RGBColor(0x1F, 0x38, 0x64)
GREY = RGBColor(0x59, 0x59, 0x59)
FONT = "Arial"
HEADING_NUMBERING_ID = 90


def build(path: Path) -> Path:
    document = Document()
    _page(document)
    _text_styles(document)
    _heading_numbering(document)
    _table_style(document)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    core = document.core_properties
    core.title, core.author, core.comments = (
        "Briefing template",
        "report-tool",
        "Styles for report-tool briefings",
    )
    document.save(str(path))
    return path


def _page(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.1)


def _paragraph_style(document: Any, name: str, base: str | None = None) -> Any:
    styles = document.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        style.base_style = styles[base]
    style.quick_style = True
    return style


def _font(
    style: Any,
    size: float,
    bold: bool | None = None,
    colour: RGBColor | None = None,
    italic: bool | None = None,
) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    if colour is not None:
        style.font.color.rgb = colour
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts is not None and fonts.get(qn(attribute)) is not None:
            del fonts.attrib[qn(attribute)]
    if fonts is not None:
        fonts.set(qn("w:cs"), FONT)


def _text_styles(document: Document) -> None:
    normal = document.styles["Normal"]
    _font(normal, 10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    for name, size, before, after in (("Heading 1", 14, 18, 6), ("Heading 2", 12, 12, 4)):
        style = document.styles[name]
        _font(style, size, bold=True, colour=BLUE)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.keep_with_next = True

    title = document.styles["Title"]
    _font(title, 26, bold=True, colour=BLUE)
    title.paragraph_format.space_before = Pt(150)  # the cover: the title sits a third of the way down
    title.paragraph_format.space_after = Pt(12)
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    subtitle = document.styles["Subtitle"]
    _font(subtitle, 14, colour=GREY, italic=False)
    subtitle.paragraph_format.space_after = Pt(6)

    caption = document.styles["Caption"]
    _font(caption, 9.5, bold=True, colour=BLUE)
    caption.paragraph_format.space_before = Pt(10)
    caption.paragraph_format.space_after = Pt(4)
    caption.paragraph_format.keep_with_next = True

    note = _paragraph_style(document, "Note", "Normal")
    _font(note, 9, colour=GREY, italic=True)
    note.paragraph_format.space_before = Pt(3)

    table_text = _paragraph_style(document, "Table Text", "Normal")
    _font(table_text, 9)
    fmt = table_text.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(2), Pt(2), 1.0
    table_number = _paragraph_style(document, "Table Number", "Table Text")
    table_number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table_heading = _paragraph_style(document, "Table Heading", "Table Text")
    _font(table_heading, 9, bold=True, colour=RGBColor(0xFF, 0xFF, 0xFF))
    table_heading.paragraph_format.keep_with_next = True

    figure = _paragraph_style(document, "Key Figure", "Normal")
    _font(figure, 11)

    for name in ("Header", "Footer"):
        _font(document.styles[name], 8.5, colour=GREY)
    document.styles["Footer"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(document.styles["List Bullet"], 10.5)
    _font(document.styles["List Number"], 9)


def _heading_numbering(document: Document) -> None:
    """Heading 1 numbered 1, 2, ...; Heading 2 numbered 1.1, 1.2, ...: real Word numbering."""
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:pStyle w:val="{style}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent}" w:hanging="{indent}"/></w:pPr></w:lvl>'
        for level, style, text, indent in ((0, "Heading1", "%1.", 425), (1, "Heading2", "%1.%2", 567))
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{HEADING_NUMBERING_ID}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{HEADING_NUMBERING_ID}">'
            f'<w:abstractNumId w:val="{HEADING_NUMBERING_ID}"/></w:num>'
        )
    )
    for level, name in enumerate(("Heading 1", "Heading 2")):
        num_pr = document.styles[name].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = HEADING_NUMBERING_ID


def _table_style(document: Document) -> None:
    """'Briefing Table': thin rules, a dark header row; change it in Word's Table Design."""
    blue = str(BLUE)
    style = parse_xml(
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="BriefingTable">'
        '<w:name w:val="Briefing Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        "<w:qFormat/>"
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "<w:tblPr><w:tblBorders>"
        f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{blue}"/>'
        f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{blue}"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
        '</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{blue}"/></w:tcPr></w:tblStylePr>'
        '<w:tblStylePr w:type="band1Horz"><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="F2F5FA"/>'
        "</w:tcPr></w:tblStylePr>"
        "</w:style>"
    )
    document.styles.element.append(copy.deepcopy(style))


if __name__ == "__main__":
    print(f"Wrote {build(HERE / 'briefing.docx')}")
