"""The Word briefing: sections rendered with python-docx on the styled template.

Only named styles are used, so the template decides how everything looks. Tables are built as
`w:tr` elements in one pass (python-docx's cell access is quadratic: its issues 174 and 1209).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from report_tool import __version__
from report_tool.report.render.docx_chart import add_chart_part, inline_chart_xml
from report_tool.report.render.docx_footnotes import Footnotes, append_link, append_linked
from report_tool.report.render.docx_links import Hyperlinks
from report_tool.report.render.reproducible import midnight, save_dated
from report_tool.report.render.template import TemplateStyles, load_template
from report_tool.report.sections.blocks import (
    UNCONFIRMED,
    UNCONFIRMED_MEANING,
    Block,
    Bullets,
    Chart,
    Footnote,
    Heading,
    Kind,
    Paragraph,
    Section,
    Table,
    TableColumn,
    WorldMap,
    why_note,
)
from report_tool.report.sections.context import SHORT_CONVENTION, ReportContext
from report_tool.report.sections.text import cell_text, clean, format_date, typographic

LINE_BREAKS = re.compile(r"\r\n|\r|\n")
PARAGRAPH_STYLES = {
    "body": "Normal",
    "title": "Title",
    "subtitle": "Subtitle",
    "lead": "Key Figure",
    "note": "Note",
    "quote": "Quote",
}
LANGUAGE = "en-GB"
TWIPS_PER_EMU = 1 / 635
CHART_HEIGHT_RATIO = 0.55
#: A table of up to this many rows (a sixth of a page) is kept on one page; a longer one may
#: break, its header repeated, rather than leave half a page empty before it (after the map)
KEEP_TOGETHER_ROWS = 8


def render_docx(sections: Sequence[Section], ctx: ReportContext, template: Path | None, output: Path) -> None:
    document = load_template(template)
    writer = _Writer(document, ctx)
    writer.write(sections)
    _typographic(document, writer.footnotes)
    _language(document)
    _properties(document, ctx)
    save_dated(document, output, ctx.as_of)  # python-docx would date each entry by the clock


def _typographic(document: Any, footnotes: Footnotes) -> None:
    """One quotation-mark style in the whole briefing, staff text included (a Timeline step typed
    with straight quotes): every run of text in the body and the footnotes."""
    roots = [document.element.body, *([footnotes.root] if footnotes.root is not None else [])]
    for root in roots:
        for text in root.iter(qn("w:t")):
            if text.text and ("'" in text.text or '"' in text.text):
                text.text = typographic(text.text)


class _Writer:
    def __init__(self, document: Any, ctx: ReportContext) -> None:
        self.document = document
        self.ctx = ctx
        self.tables = 0
        self.figures = 0
        self.shapes = 0
        self.footnotes = Footnotes(document)
        self.links = Hyperlinks(document.part)
        self.styles = TemplateStyles(document)
        self.table_style_id = self.styles.table_style_id("Briefing Table")
        after = document.styles["Normal"].paragraph_format.space_after  # None: the template says none
        #: Body text right under a table: 6 pt above it, and below it the template Normal's space
        #: (LibreOffice gives such a paragraph the table style's spacing, none, so it touched the table).
        self.after_table = {_BEFORE: "120", _AFTER: str(after.twips if after is not None else 0)}
        self.cell_style_ids = {
            "heading": self.styles.style_id("Table Heading"),
            "text": self.styles.style_id("Table Text"),
            "number": self.styles.style_id("Table Number"),
        }
        self.marking_explained = False
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        #: The body's last child, its section properties: every paragraph goes before it.
        self.end = body.get_or_add_sectPr()

    def write(self, sections: Sequence[Section]) -> None:
        first = self.document.sections[0]
        self._header_footer(first)
        landscape = False
        for index, section in enumerate(sections):
            if section.cover:
                first.different_first_page_header_footer = True
            elif section.landscape != landscape or (index > 0 and sections[index - 1].cover):
                self._new_section(section.landscape)
                landscape = section.landscape
            for block in section.blocks:
                self._block(block)

    # -- page layout ----------------------------------------------------------------------------

    def _new_section(self, landscape: bool) -> None:
        new = self.document.add_section(WD_SECTION.NEW_PAGE)
        width, height = sorted((new.page_width, new.page_height), reverse=landscape)
        new.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        new.page_width, new.page_height = width, height
        new.different_first_page_header_footer = False

    def _header_footer(self, section: Any) -> None:
        meeting = self.ctx.meeting.short_name if self.ctx.meeting else ""
        parts = [SHORT_CONVENTION, meeting, f"Status as at {format_date(self.ctx.as_of)}"]
        header = section.header.paragraphs[0]
        header.text = clean("  |  ".join(p for p in parts if p))
        header.style = self.document.styles["Header"]
        footer = section.footer.paragraphs[0]
        footer.style = self.document.styles["Footer"]
        footer.add_run("Page ")
        _field(footer, "PAGE", "1")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES", "1")

    def _width_twips(self) -> int:
        section = self.document.sections[-1]
        return int((section.page_width - section.left_margin - section.right_margin) * TWIPS_PER_EMU)

    # -- blocks ---------------------------------------------------------------------------------

    def _paragraph(self, text: str, style: str) -> Any:
        """A new paragraph at the end of the body in the named style, its id looked up once
        (python-docx looks a name up among all the template's styles on every paragraph, and
        looks for the body's last child among all the others)."""
        p = self.end.makeelement(_P)
        self.end.addprevious(p)
        p_pr = etree.SubElement(p, _P_PR)  # as python-docx writes a style, the default one included
        style_id = self.styles.paragraph_ids[style]
        if style_id is not None:
            etree.SubElement(p_pr, _P_STYLE).set(_VAL, style_id)
        if style == "Normal" and p.getprevious() is not None and p.getprevious().tag == _TBL:
            etree.SubElement(p_pr, _SPACING).attrib.update(self.after_table)
        if text:
            _append_text(p, text)
        return DocxParagraph(p, self.document._body)

    def _block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self._paragraph(clean(block.text), f"Heading {min(block.level, 2)}")
        elif isinstance(block, Paragraph):
            style = PARAGRAPH_STYLES.get(block.style, "Normal")
            if style not in self.styles.names:  # a custom template without a Quote style
                style = "Normal"
            paragraph = self._paragraph(clean(block.text), style)
            if block.style == "masthead":  # right-aligned lines, as on a UN document
                paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                paragraph.paragraph_format.space_after = 0
            self._explain_marking(paragraph, block.text)
            self._notes(paragraph, block.footnotes)
        elif isinstance(block, Bullets):
            for item in block.items:
                paragraph = self._paragraph("", "List Bullet")
                for text, address in ((item, None),) if isinstance(item, str) else item:
                    if address:
                        append_link(paragraph._p, clean(text), address, self.links)
                    else:
                        append_linked(paragraph._p, clean(text), self.links)
        elif isinstance(block, Table) and "docx" in block.outputs:
            self._table(block)
        elif isinstance(block, Chart):
            self._chart(block)
        elif isinstance(block, WorldMap):
            self._world_map(block)

    def _caption(self, label: str, number_: int, text: str, notes: Sequence[Footnote] = ()) -> None:
        caption = self._paragraph(f"{label} ", "Caption")
        _field(caption, f"SEQ {label} \\* ARABIC", str(number_))
        _append_text(caption._p, f". {clean(text)}")
        self._notes(caption, notes)

    def _notes(self, paragraph: Any, notes: Sequence[Footnote]) -> None:
        for note in notes:
            parts = [(clean(text), address) for text, address in note.parts if text]
            if parts:
                self.footnotes.add(paragraph, parts)

    def _explain_marking(self, paragraph: Any, text: str) -> None:
        """The first value marked unconfirmed carries the footnote that says what the marking means."""
        if not self.marking_explained and UNCONFIRMED in text:
            self.marking_explained = True
            self.footnotes.add(paragraph, UNCONFIRMED_MEANING)

    def _why(self, paragraph: Any, reason: str) -> None:
        """The footnote of a row's first marked value: why its values are not confirmed (and,
        the first time, what the marking means)."""
        if not reason:
            self._explain_marking(paragraph, UNCONFIRMED)
            return
        meaning = "" if self.marking_explained else f"{UNCONFIRMED_MEANING} "
        self.marking_explained = True
        self.footnotes.add(paragraph, meaning + why_note(reason))

    def _table(self, table: Table) -> None:
        table = _pruned(table)
        if not table.rows:  # said in a sentence: a numbered caption over no table reads as a mistake
            self._notes(self._paragraph(clean(table.empty), "Note"), table.footnotes)
            return
        self.tables += 1
        self._caption("Table", self.tables, table.caption, table.footnotes)
        docx_table = self.document.add_table(rows=0, cols=len(table.columns))
        tbl = docx_table._tbl
        tbl.tblStyle_val = self.table_style_id  # as Table.style does, without its lookups
        widths = _widths(table.columns, self._width_twips())
        _table_properties(tbl, widths)
        styles = self.cell_style_ids
        header_cells = [
            (c.header, styles["heading"], c.kind in (Kind.NUMBER, Kind.PERCENT)) for c in table.columns
        ]
        keep_together = len(table.rows) <= KEEP_TOGETHER_ROWS
        rows = [_row(header_cells, widths, header=True, keep_with_next=True)]
        last = len(table.rows) - 1
        for index, values in enumerate(table.rows):
            marked = table.unconfirmed[index] if index < len(table.unconfirmed) else frozenset()
            cells = [
                (
                    _marked(cell_text(v, c.kind), position in marked),
                    styles["number"] if c.kind in (Kind.NUMBER, Kind.PERCENT) else styles["text"],
                    False,
                )
                for position, (v, c) in enumerate(zip(values, table.columns, strict=True))
            ]
            # a short table stays on one page; a long one keeps its first rows with the header and
            # its last row with the notes that follow it
            keep = (keep_together and index < last) or index < 2 or (index == last and bool(table.notes))
            rows.append(_row(cells, widths, header=False, keep_with_next=keep))
        # all the rows parsed at once: python-docx makes each element in a call of its own
        trs = list(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>"))
        tbl.extend(trs)
        for index, tr in enumerate(trs[1:]):
            marked = table.unconfirmed[index] if index < len(table.unconfirmed) else frozenset()
            paragraphs = [tc.find(qn("w:p")) for tc in tr.findall(qn("w:tc"))]
            # footnotes are added in the order their cells are read, so that they number in order
            notes_at = min(table.notes_column, len(paragraphs) - 1)
            row_notes = table.row_footnotes[index] if index < len(table.row_footnotes) else ()
            reason = table.reasons[index] if index < len(table.reasons) else ""
            mark_at = min(marked) if marked else None
            if mark_at is not None and mark_at < notes_at:
                self._why(paragraphs[mark_at], reason)
            self._notes(paragraphs[notes_at], row_notes)
            if mark_at is not None and mark_at >= notes_at:
                self._why(paragraphs[mark_at], reason)
        for index, note in enumerate(table.notes):
            paragraph = self._paragraph(clean(note), "Note")
            paragraph.paragraph_format.keep_with_next = index < len(table.notes) - 1

    def _chart(self, chart: Chart) -> None:
        self.figures += 1
        self.shapes += 1
        self._caption("Figure", self.figures, chart.caption, chart.footnotes)
        rid = add_chart_part(self.document, chart, self.ctx.as_of)
        width = Emu(int(self._width_twips() / TWIPS_PER_EMU))
        paragraph = self._paragraph("", "Normal")
        paragraph.paragraph_format.keep_with_next = bool(chart.notes)
        run = paragraph.add_run()
        run._r.append(
            inline_chart_xml(
                rid,
                1000 + self.shapes,
                int(width),
                int(width * CHART_HEIGHT_RATIO),
                chart.description or chart.caption,
            )
        )
        for note in chart.notes:
            self._paragraph(clean(note), "Note")

    def _world_map(self, world_map: WorldMap) -> None:
        from report_tool.report.render.docx_map import add_world_map

        self.figures += 1
        self._caption("Figure", self.figures, world_map.caption)
        paragraph = self._paragraph("", "Normal")
        paragraph.paragraph_format.keep_with_next = True
        add_world_map(self.document, paragraph, world_map, int(self._width_twips() / TWIPS_PER_EMU))
        for index, note in enumerate(world_map.notes):
            note_paragraph = self._paragraph(clean(note), "Note")
            note_paragraph.paragraph_format.keep_with_next = index < len(world_map.notes) - 1


def _marked(text: str, marked: bool) -> str:
    return f"{text} {UNCONFIRMED}" if marked and text else text


def _pruned(table: Table) -> Table:
    """The table without the columns that are empty in every row, and those that (in two rows or
    more) say the same in every row and know how to say it once in a sentence (`when_same`), which
    goes under the table. Marked columns are kept."""
    if not table.rows:
        return table
    keep, said = [], []
    for position, column in enumerate(table.columns):
        values = {cell_text(row[position], column.kind) for row in table.rows}
        flagged = any(position in marks for marks in table.unconfirmed)
        if flagged or position == 0 or (len(values) > 1) or (len(table.rows) == 1 and values != {""}):
            keep.append(position)
        elif values != {""} and column.when_same is None:
            keep.append(position)  # the same in every row, and no sentence to say it: kept
        elif values != {""} and column.when_same is not None:
            said.append(column.when_same(values.pop()))
    said = [sentence for sentence in said if sentence]
    if len(keep) == len(table.columns):
        return table
    index = {old: new for new, old in enumerate(keep)}
    return replace(
        table,
        columns=tuple(table.columns[i] for i in keep),
        rows=tuple(tuple(row[i] for i in keep) for row in table.rows),
        unconfirmed=tuple(frozenset(index[i] for i in marks if i in index) for marks in table.unconfirmed),
        notes=(*said, *table.notes),
        notes_column=index.get(table.notes_column, 0),
    )


def _widths(columns: Sequence[TableColumn], total: int) -> list[int]:
    weight = sum(c.width for c in columns)
    widths = [int(total * c.width / weight) for c in columns]
    widths[-1] += total - sum(widths)
    return widths


def _table_properties(tbl: Any, widths: list[int]) -> None:
    properties = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout", "w:tblLook"):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
    properties.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(widths)}" w:type="dxa"/>'))
    properties.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    properties.append(
        parse_xml(
            f'<w:tblLook {nsdecls("w")} w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        )
    )
    grid = tbl.tblGrid
    for old in list(grid):
        grid.remove(old)
    for width in widths:
        column = OxmlElement("w:gridCol")
        column.set(qn("w:w"), str(width))
        grid.append(column)


RIGHT = '<w:jc w:val="right"/>'


def _row(
    cells: Sequence[tuple[str, str, bool]], widths: Sequence[int], header: bool, keep_with_next: bool = False
) -> str:
    """One w:tr, as XML text, that never splits across pages; the header row repeats on every
    page; a short table's rows keep with the next so that it stays on one page."""
    keep = "<w:keepNext/>" if keep_with_next else ""
    cell_xml = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
        f"<w:pStyle w:val={quoteattr(style_id)}/>{keep}{RIGHT if right else ''}</w:pPr>"
        f"{_run(text) if text else ''}</w:p></w:tc>"
        for (text, style_id, right), width in zip(cells, widths, strict=True)
    )
    return f"<w:tr><w:trPr><w:cantSplit/>{'<w:tblHeader/>' if header else ''}</w:trPr>{cell_xml}</w:tr>"


def _run(text: str) -> str:
    """A w:r, as XML text, holding `text` as typed: tabs as w:tab, line breaks (CR, LF or both)
    as w:br."""
    pieces = []
    for index, line in enumerate(LINE_BREAKS.split(text)):
        if index:
            pieces.append("<w:br/>")
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                pieces.append("<w:tab/>")
            if part:
                pieces.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return f"<w:r>{''.join(pieces)}</w:r>"


RUN_PIECES = re.compile(r"([\t\r\n])")
#: Tags as lxml names them, for SubElement: a tenth of the cost of an OxmlElement call each.
_P, _P_PR, _P_STYLE, _VAL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_TBL, _SPACING, _BEFORE, _AFTER = qn("w:tbl"), qn("w:spacing"), qn("w:before"), qn("w:after")
_R, _T, _TAB, _BR, _SPACE = qn("w:r"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("xml:space")


def _append_text(p: Any, text: str) -> None:
    """A w:r holding `text` as python-docx's Run.text writes it (a tab as w:tab, each CR or LF as
    w:br, space kept at the ends), without its character-by-character loop."""
    r = etree.SubElement(p, _R)
    for piece in RUN_PIECES.split(text):
        if piece == "\t":
            etree.SubElement(r, _TAB)
        elif piece in ("\r", "\n"):
            etree.SubElement(r, _BR)
        elif piece:
            t = etree.SubElement(r, _T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_SPACE, "preserve")


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A real Word field (PAGE, NUMPAGES, SEQ) with a value shown until Word updates it."""
    for xml in (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {nsdecls('w')}><w:t>{shown}</w:t></w:r>",
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))


def _language(document: Any) -> None:
    """British English for the whole document: spelling, hyphenation and what screen readers speak."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    r_pr = run_defaults.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        run_defaults.append(r_pr)
    for old in r_pr.findall(qn("w:lang")):
        r_pr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")
    r_pr.append(lang)
    for style in styles.findall(qn("w:style")):  # a style's own language would win over the default
        style_r_pr = style.find(qn("w:rPr"))
        if style_r_pr is not None:
            for old in style_r_pr.findall(qn("w:lang")):
                style_r_pr.remove(old)


def _properties(document: Any, ctx: ReportContext) -> None:
    """Same workbook and as-at date, same properties: nothing here depends on the clock."""
    stamp = midnight(ctx.as_of)
    core = document.core_properties
    meeting = ctx.meeting.name if ctx.meeting else ""
    core.title = clean(f"{ctx.title} for the {meeting}" if meeting else ctx.title)  # one colon at most
    core.subject = clean(ctx.convention)
    core.author = core.last_modified_by = clean(ctx.author)
    core.created = core.modified = stamp
    core.last_printed = stamp
    core.revision = 1
    core.keywords = "APMBC; Mine Ban Convention; States Parties"
    core.comments = f"Status as at {format_date(ctx.as_of)}. Generated by report-tool {__version__}."
    core.category = "Briefing"
    core.language = LANGUAGE
