"""The Excel summary: the briefing's sections as sheets of Excel tables, written with XlsxWriter.

Staff text is always written with write_string, never write(): XlsxWriter would turn a note
starting with '=' into a formula (its issue 663), and 'http...' into a link.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from report_tool import __version__
from report_tool.output import close_xlsx
from report_tool.report.render.all_states import all_states
from report_tool.report.sections.blocks import (
    NOT_CONFIRMED,
    SUMMARY_SHEET,
    UNCONFIRMED,
    UNCONFIRMED_MEANING,
    Block,
    Bullets,
    Chart,
    Heading,
    Kind,
    Paragraph,
    Section,
    Table,
    TableColumn,
    WorldMap,
    item_text,
)
from report_tool.report.sections.context import SHORT_CONVENTION, ReportContext
from report_tool.report.sections.text import cell_text, clean, format_date
from report_tool.report.sections.vocabulary import projection_note
from report_tool.workbook.cell_references import column_letters

SUMMARY = SUMMARY_SHEET
#: Sheet names for tables (in sections of several tables) whose name would be unclear as a tab.
TABLE_SHEET_NAMES = {
    "By region": "States by region",
    "Casualties chart": "Casualties chart",
    "By country": "Casualties by country",
}
MAX_SHEET_NAME = 31  # Excel's limit
TABLE_STYLE = "Table Style Medium 2"
DATE_FORMAT = "d mmmm yyyy"
BLUE = "#1F3864"
#: The colour scale of the country-by-year table: light enough at every step for black text
#: (contrast at least 4.5:1 even on the darkest red), so Myanmar's 2,029 stays readable.
HEAT_COLOURS = ("#F8F9FC", "#F8CBAD", "#E06666")
MIN_SPAN = 4  # columns of a sheet without a table
MIN_TOTAL = 60.0  # characters: the least width for the text above and below a narrow table
MIN_WIDTH = 12.0
MAX_WIDTH = 60.0
TEXT_SHEET_WIDTH = 25.0
#: The briefing's font (LibreOffice has its metric twin, Liberation Sans): its digits are as wide
#: as Calibri 11's, so column widths mean the same in Excel and LibreOffice.
FONT = {"font_name": "Arial", "font_size": 10}
BODY_FONT = 10
#: Every sheet prints at this one scale (10-point text prints at 9 points), portrait where its
#: columns fit across an A4 page, else landscape; wider columns of text are narrowed (and wrap).
PRINT_SCALE = 90
MARGIN = 0.5  # inches, left and right
PAGE_INCHES = {"portrait": 8.27, "landscape": 11.69}  # A4's width
HEADER_FONT = 9  # points: 8.1 in print (LibreOffice scales the header with the sheet)
SPARE = 0.93  # of the page's width: LibreOffice draws columns a few per cent wider than Excel
PORTRAIT_NARROWING = 0.9  # a sheet stays portrait if its text columns lose at most this much
LINE_HEIGHT = 13.5  # points, a line of 10-point text
FONT_SIZES = {"title": 16, "subtitle": 12, "heading": 12}
CHART_ROWS = 18
CHART_SIZE = (640, 320)
PIXELS_PER_INCH = 96  # Excel's; the map's PNG says it is 300 dpi, and XlsxWriter sizes it so
ROW_PIXELS = 20  # a row of the default height
CHART_FONT = 10  # points: 9 in print at PRINT_SCALE


@dataclass(frozen=True)
class _Page:
    """One sheet: at most one table (or chart), so that its print titles are its own."""

    name: str
    title: str | None  # None for the Summary, whose cover says what it is
    blocks: tuple[Block, ...]


def render_xlsx(sections: Sequence[Section], ctx: ReportContext, output: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(output),
        # in_memory: the parts are assembled in memory, not in some 70 temporary files
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_format_properties": dict(FONT),  # a copy: XlsxWriter adds to the dict it is given
            "in_memory": True,
        },
    )
    _properties(book, ctx)
    writer = _Writer(book, ctx)
    summary, pages = _pages(sections, ctx)
    writer.sheet(summary, contents=[page.name for page in pages])
    for page in pages:
        writer.sheet(page)
    close_xlsx(book)


def _pages(sections: Sequence[Section], ctx: ReportContext) -> tuple[_Page, list[_Page]]:
    """The Summary (cover and key figures) and one page per table of every section, in order.

    The "All states" list follows the annex (or, without one, goes before the sources).
    """
    summary: list[Block] = []
    pages: list[_Page] = []
    names: set[str] = {SUMMARY.casefold()}
    states = all_states(ctx)
    placed = False

    def place_states() -> None:
        nonlocal placed
        if not placed:
            pages.append(_Page(_unique(states.name, names), states.name, (states,)))
            placed = True

    for section in sections:
        groups = _groups(section)
        several = len(groups) > 1
        if section.sheet == SUMMARY and not any(_holds_table(b) for b in summary):
            summary.extend(groups.pop(0))
        if section.key == "sources":
            place_states()
        for group in groups:
            table = next((b for b in group if _holds_table(b)), None)
            name = section.title if section.sheet in (None, SUMMARY) else section.sheet
            if isinstance(table, Table | Chart) and (several or len(name) > MAX_SHEET_NAME):
                name = TABLE_SHEET_NAMES.get(table.name, table.name)  # clearer than a cut title
            title = name if several else section.title  # a sheet of one section's tables: its own
            pages.append(_Page(_unique(name, names), title, tuple(group)))
        if section.key == "annex":
            place_states()
    place_states()
    return _Page(SUMMARY, None, tuple(summary)), pages


def _holds_table(block: Block) -> bool:
    return isinstance(block, Chart) or (isinstance(block, Table) and "xlsx" in block.outputs)


def _groups(section: Section) -> list[list[Block]]:
    """The section's blocks cut after each table; what follows the last table stays with it."""
    groups: list[list[Block]] = [[]]
    for block in section.blocks:
        if isinstance(block, Table) and "xlsx" not in block.outputs:
            continue
        groups[-1].append(block)
        if _holds_table(block):
            groups.append([])
    trailing = groups.pop()
    if groups:
        groups[-1].extend(trailing)
    else:
        groups.append(trailing)
    return groups


def _said_already(block: Block, following: Block | None) -> bool:
    """A section heading (the sheet's title says it) or a heading just above a table (its caption)."""
    if not isinstance(block, Heading):
        return False
    return block.level == 1 or (following is not None and _holds_table(following))


def _unique(name: str, taken: set[str]) -> str:
    """A valid sheet name (31 characters, none of []:*?/\\') that no other sheet has."""
    base = re.sub(r"[\[\]:*?/\\']", "", name)[:MAX_SHEET_NAME] or "Sheet"
    candidate, number = base, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate, number = base[: MAX_SHEET_NAME - len(suffix)] + suffix, number + 1
    taken.add(candidate.casefold())
    return candidate


def _with_reasons(block: Block) -> Block:
    """A table with marked values gains a last column saying, row by row, which values are not
    confirmed and why: visible on the sheet and in print, where cell notes are not."""
    if (
        not isinstance(block, Table)
        or not any(block.reasons)
        or NOT_CONFIRMED in (c.header for c in block.columns)
    ):
        return block
    reasons = (*block.reasons, *("",) * (len(block.rows) - len(block.reasons)))
    return replace(
        block,
        columns=(*block.columns, TableColumn(NOT_CONFIRMED, width=2.0)),
        rows=tuple((*row, reason) for row, reason in zip(block.rows, reasons, strict=True)),
    )


def _chart_table(chart: Chart) -> Table:
    """A chart's numbers, written as a table the native chart draws from."""
    return _with_reasons(_chart_values(chart))  # type: ignore[return-value]


def _chart_values(chart: Chart) -> Table:
    return Table(
        chart.name,
        f"{chart.caption} (the chart\u2019s figures)",
        (TableColumn("Year", Kind.YEAR), *(TableColumn(name, Kind.NUMBER) for name, _ in chart.series)),
        tuple(
            (int(category) if category.isdigit() else category, *(values[i] for _, values in chart.series))
            for i, category in enumerate(chart.categories)
        ),
        unconfirmed=chart.unconfirmed,
        reasons=chart.reasons,
    )


def _plan_widths(blocks: Sequence[Block]) -> list[float]:
    """Column widths that fit the sheet's table (and chart); text rows are wrapped within them."""
    tables = [_chart_table(b) if isinstance(b, Chart) else b for b in blocks if _holds_table(b)]
    if not tables:
        return [TEXT_SHEET_WIDTH] * MIN_SPAN
    widths: list[float] = []
    for table in tables:
        assert isinstance(table, Table)
        for col, column in enumerate(table.columns):
            longest = max((len(cell_text(row[col], column.kind)) for row in table.rows), default=0)
            longest = max(longest, _header_length(clean(column.header)))
            needed = min(MAX_WIDTH, max(MIN_WIDTH, longest * 1.1 + 2))
            if col >= len(widths):
                widths.append(needed)
            widths[col] = max(widths[col], needed)
    least = _chart_width() if any(isinstance(b, Chart) for b in blocks) else MIN_TOTAL
    while len(widths) < 2 or sum(widths) < least:  # room for the notes, and the chart above them
        widths.append(MIN_WIDTH)
    text_columns = {
        i for t in tables if isinstance(t, Table) for i, c in enumerate(t.columns) if c.kind is Kind.TEXT
    }
    return _fitted(widths, text_columns)


def _header_length(header: str) -> int:
    """The characters a header needs across: it may wrap on to two lines, never within a word."""
    return max(max(map(len, header.split()), default=0), math.ceil(len(header) / 2))


def _pixels(width: float) -> int:
    """A column's printed width at 100% in pixels (96 to the inch), as Excel converts it."""
    return int(width * 7 + 0.5) + 5


def _page_width(orientation: str) -> float:
    """The pixels of column width that fit across the page between the margins at PRINT_SCALE."""
    return (PAGE_INCHES[orientation] - 2 * MARGIN) * 96 * 100 / PRINT_SCALE * SPARE


def _orientation(widths: Sequence[float]) -> str:
    return "portrait" if sum(map(_pixels, widths)) <= _page_width("portrait") else "landscape"


def _fitted(widths: list[float], text_columns: set[int]) -> list[float]:
    """Portrait where narrowing the text columns a little fits the page, else landscape, narrowed
    to fit across it."""
    portrait = _narrowed(widths, text_columns, _page_width("portrait"))
    if _orientation(portrait) == "portrait" and sum(portrait) >= sum(widths) * PORTRAIT_NARROWING:
        return portrait
    return _narrowed(widths, text_columns, _page_width("landscape"))


def _narrowed(widths: list[float], text_columns: set[int], room: float) -> list[float]:
    """`widths` with the widest text columns narrowed, one character at a time, until the sheet
    fits `room` pixels: their text wraps, and the page keeps its one print size."""
    widths = list(widths)
    while sum(map(_pixels, widths)) > room:
        candidates = [i for i in text_columns if i < len(widths) and widths[i] > MIN_WIDTH]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def _chart_width() -> float:
    """The chart's width in characters of column width."""
    return (CHART_SIZE[0] - 5) / 7


def _lines(text: str, width: float, size: int = BODY_FONT, factor: float = 1.0) -> int:
    """How many lines `text` takes wrapped in `width` characters of the default font; `factor`
    below 1 leaves room in a cell (a merged row spans several columns' padding)."""
    per_line = max(1.0, width * BODY_FONT / size * factor)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


@dataclass
class _Sheet:
    worksheet: Any
    widths: list[float]
    row: int = 0
    header_row: int | None = None  # the header row of the sheet's table: frozen, repeated in print
    caption_row: int | None = None
    last_col: int = 0
    after_text: bool = False  # the last row written is running text


class _Writer:
    def __init__(self, book: Any, ctx: ReportContext) -> None:
        self.book = book
        self.ctx = ctx
        self.tables = 0
        wrap = {"text_wrap": True, "valign": "top"}
        self.formats = {
            "title": book.add_format({"bold": True, "font_size": 16, "font_color": BLUE, **wrap}),
            "subtitle": book.add_format({"font_size": 12, "font_color": "#595959", **wrap}),
            "heading": book.add_format({"bold": True, "font_size": 12, "font_color": BLUE, **wrap}),
            "caption": book.add_format({"bold": True, "font_color": BLUE, **wrap}),
            "note": book.add_format({"italic": True, "font_color": "#595959", **wrap}),
            "paragraph": book.add_format(wrap),  # not "text": Kind.TEXT is that string
            "link": book.add_format({"font_color": "#0563C1", "underline": 1}),
            "header": book.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": BLUE, **wrap}),
            "number header": book.add_format(
                {"bold": True, "font_color": "#FFFFFF", "bg_color": BLUE, "align": "right", **wrap}
            ),
            Kind.TEXT: book.add_format(wrap),
            Kind.NUMBER: book.add_format({"num_format": "#,##0_)", "valign": "top"}),
            Kind.PERCENT: book.add_format({"num_format": "0%_)", "valign": "top"}),
            Kind.DATE: book.add_format({"num_format": DATE_FORMAT, "align": "left", "valign": "top"}),
            Kind.YEAR: book.add_format({"num_format": "0", "align": "left", "valign": "top"}),
        }

    def sheet(self, page: _Page, contents: Sequence[str] = ()) -> None:
        page = replace(page, blocks=tuple(_with_reasons(b) for b in page.blocks))
        worksheet = self.book.add_worksheet(page.name)
        sheet = _Sheet(worksheet, _plan_widths(page.blocks))
        sheet.last_col = len(sheet.widths) - 1
        for col, width in enumerate(sheet.widths):
            worksheet.set_column(col, col, width)
        if page.title is not None:
            self._text_row(sheet, page.title, "title")
            status = f"Status as at {format_date(self.ctx.as_of)}"
            if self.ctx.projected_from is not None:  # said on every sheet: a sheet may be printed alone
                status += f". {projection_note(self.ctx.projected_from)}"
            self._text_row(sheet, status, "subtitle")
            sheet.row += 1
        for block, following in zip(page.blocks, (*page.blocks[1:], None), strict=True):
            if page.title is not None and _said_already(block, following):
                continue
            self._block(sheet, block)
        if contents:
            self._contents(sheet, contents)
            worksheet.activate()
        self._print_setup(sheet, page.name)

    def _print_setup(self, sheet: _Sheet, name: str) -> None:
        ws = sheet.worksheet
        meeting = self.ctx.meeting.short_name if self.ctx.meeting else ""
        left = _escape(f"{SHORT_CONVENTION}  {meeting}".strip())
        right = _escape(f"Status as at {format_date(self.ctx.as_of)}")
        ws.set_header(f"&L&{HEADER_FONT}{left}&R&{HEADER_FONT}{right}")
        ws.set_footer(f"&L&{HEADER_FONT}{_escape(name)}&R&{HEADER_FONT}Page &P of &N")
        ws.set_paper(9)
        ws.set_margins(left=MARGIN, right=MARGIN)
        ws.set_print_scale(PRINT_SCALE)  # one size on every sheet: a long list runs on to more pages
        ws.print_area(0, 0, max(sheet.row - 1, 0), sheet.last_col)
        ws.hide_gridlines(2)
        if _orientation(sheet.widths) == "landscape":
            ws.set_landscape()
        if sheet.header_row is not None and ws.name != SUMMARY:
            ws.freeze_panes(sheet.header_row + 1, 0)
            first = sheet.caption_row if sheet.caption_row is not None else sheet.header_row
            ws.repeat_rows(first, sheet.header_row)

    def _contents(self, sheet: _Sheet, names: Sequence[str]) -> None:
        ws = sheet.worksheet
        self._text_row(sheet, "Contents", "heading")
        for name in names:
            ws.write_url(sheet.row, 0, f"internal:'{name}'!A1", self.formats["link"], string=name)
            sheet.row += 1

    # -- blocks ---------------------------------------------------------------------------------

    def _block(self, sheet: _Sheet, block: Block) -> None:
        if isinstance(block, Heading):
            if sheet.row > 0:
                sheet.row += 1
            self._text_row(sheet, block.text, "heading")
        elif isinstance(block, Paragraph) and block.style == "masthead":
            return  # the briefing's first lines; each sheet has its own header
        elif isinstance(block, Paragraph):
            style = {"title": "title", "subtitle": "subtitle", "note": "note"}.get(block.style, "paragraph")
            self._text_row(sheet, block.text, style)
        elif isinstance(block, Bullets):
            for item in block.items:
                self._text_row(sheet, item_text(item), "paragraph")
            sheet.row += 1
        elif isinstance(block, Table) and "xlsx" in block.outputs:
            self._table(sheet, block)
        elif isinstance(block, Chart):
            self._chart(sheet, block)
        elif isinstance(block, WorldMap):
            self._world_map(sheet, block)

    def _text_row(self, sheet: _Sheet, text: str, style: str) -> None:
        """Text wrapped across the sheet's columns in a merged row as tall as its lines: never wider
        than the table, so a long note cannot widen the printed page."""
        text = clean(text)
        ws, size = sheet.worksheet, FONT_SIZES.get(style, BODY_FONT)
        ws.merge_range(sheet.row, 0, sheet.row, sheet.last_col, "", self.formats[style])
        ws.write_string(sheet.row, 0, text, self.formats[style])
        lines = _lines(text, sum(sheet.widths), size)
        ws.set_row(sheet.row, round(LINE_HEIGHT * size / BODY_FONT) * lines)
        sheet.row += 1
        sheet.after_text = style == "paragraph"

    def _table(self, sheet: _Sheet, table: Table, notes: Sequence[str] = ()) -> tuple[int, int] | None:
        """An Excel table with a filter and the table style; returns its header and last rows."""
        ws = sheet.worksheet
        if sheet.after_text:
            sheet.row += 1
        caption_row = sheet.row
        self._text_row(sheet, table.caption, "caption")
        if not table.rows:
            self._text_row(sheet, table.empty, "note")
            sheet.row += 1
            return None
        top = sheet.row
        marked_any = False
        for offset, values in enumerate(table.rows, start=1):
            lines = 1
            marks = table.unconfirmed[offset - 1] if offset <= len(table.unconfirmed) else frozenset()
            for col, (value, column) in enumerate(zip(values, table.columns, strict=True)):
                self._cell(ws, top + offset, col, value, column.kind)
                if col in marks and value not in (None, ""):
                    # the value keeps its type (a date stays a date); the marking is its note
                    ws.write_comment(top + offset, col, UNCONFIRMED_MEANING, {"x_scale": 2, "y_scale": 1.5})
                    marked_any = True
                if column.kind is Kind.TEXT and isinstance(value, str):
                    lines = max(lines, _lines(value, sheet.widths[col], factor=0.9))
            if lines > 1:  # wrapped text: a row height Excel and LibreOffice both honour
                ws.set_row(top + offset, LINE_HEIGHT * lines)
        bottom = top + len(table.rows)
        self.tables += 1
        ws.add_table(
            top,
            0,
            bottom,
            len(table.columns) - 1,
            {
                "name": f"{re.sub(r'[^A-Za-z0-9]', '', table.name) or 'Table'}{self.tables}",
                "style": TABLE_STYLE,
                "columns": [
                    {
                        "header": clean(c.header),
                        "header_format": self.formats[
                            "number header" if c.kind in (Kind.NUMBER, Kind.PERCENT) else "header"
                        ],
                    }
                    for c in table.columns
                ],
            },
        )
        header_lines = max(
            _lines(clean(c.header), sheet.widths[i], factor=0.9) for i, c in enumerate(table.columns)
        )
        if header_lines > 1:
            ws.set_row(top, LINE_HEIGHT * header_lines)
        if table.heat:
            numeric = [i for i, c in enumerate(table.columns) if c.kind is Kind.NUMBER]
            if numeric:
                low, middle, high = HEAT_COLOURS
                ws.conditional_format(
                    top + 1,
                    numeric[0],
                    bottom,
                    numeric[-1],
                    {"type": "3_color_scale", "min_color": low, "mid_color": middle, "max_color": high},
                )
        if sheet.header_row is None:
            sheet.header_row, sheet.caption_row = top, caption_row
        sheet.row = bottom + 1
        meaning = UNCONFIRMED_MEANING.split(": ", 1)[-1]
        marking = (
            (
                f"A value with a note on its cell is marked {UNCONFIRMED}, and the column "
                f"{NOT_CONFIRMED} says why: {meaning}",
            )
            if marked_any
            else ()
        )
        for note in (*table.notes, *notes, *marking):
            self._text_row(sheet, note, "note")
        sheet.row += 1
        return top, bottom

    def _cell(self, ws: Any, row: int, col: int, value: Any, kind: Kind) -> None:
        cell_format = self.formats[kind]
        if value is None or value == "":
            ws.write_blank(row, col, None, cell_format)
        elif isinstance(value, dt.date):
            ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), cell_format)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            ws.write_number(row, col, value / 100 if kind is Kind.PERCENT else value, cell_format)
        else:
            ws.write_string(row, col, clean(str(value)), cell_format)

    def _chart(self, sheet: _Sheet, chart: Chart) -> None:
        """The chart's numbers as a small table, and a native column chart drawn from them."""
        where = self._table(sheet, _chart_table(chart), notes=chart.notes)
        if where is None:
            return
        top, bottom = where
        name = sheet.worksheet.name.replace("'", "''")
        excel_chart = self.book.add_chart({"type": "column"})
        colours = ("#1F3864", "#8FAADC", "#C55A11", "#A5A5A5")
        for index, _ in enumerate(chart.series):
            letter = column_letters(index + 2)
            excel_chart.add_series(
                {
                    "name": f"='{name}'!${letter}${top + 1}",
                    "categories": f"='{name}'!$A${top + 2}:$A${bottom + 1}",
                    "values": f"='{name}'!${letter}${top + 2}:${letter}${bottom + 1}",
                    "fill": {"color": colours[index % len(colours)]},
                    "gap": 60,
                }
            )
        excel_chart.set_title({"name": clean(chart.caption), "name_font": {"size": 11}})
        excel_chart.set_legend({"position": "bottom", "font": {"size": CHART_FONT}})
        excel_chart.set_x_axis({"num_font": {"size": CHART_FONT}})
        excel_chart.set_y_axis(
            {
                "num_format": chart.number_format,
                "major_gridlines": {"visible": True},
                "num_font": {"size": CHART_FONT},
            }
        )
        excel_chart.show_blanks_as("gap")
        width, height = CHART_SIZE
        excel_chart.set_size({"width": width, "height": height})
        sheet.worksheet.insert_chart(sheet.row, 0, excel_chart)
        sheet.row += CHART_ROWS + 1

    def _world_map(self, sheet: _Sheet, world_map: WorldMap) -> None:
        """The map's PNG under its caption, with its alternative text, then its notes."""
        import io

        from report_tool.report.render.map_draw import draw

        images = draw(world_map)
        self._text_row(sheet, world_map.caption, "caption")
        options = {"image_data": io.BytesIO(images.png), "description": clean(world_map.description)}
        sheet.worksheet.insert_image(sheet.row, 0, "map.png", options)
        sheet.row += math.ceil(images.height_in * PIXELS_PER_INCH / ROW_PIXELS) + 1
        for note in world_map.notes:
            self._text_row(sheet, note, "note")


def _escape(text: str) -> str:
    """'&' starts a code in Excel's header and footer."""
    return clean(text).replace("&", "&&")


def _properties(book: Any, ctx: ReportContext) -> None:
    meeting = ctx.meeting.name if ctx.meeting else ""
    book.set_properties(
        {
            "title": clean(f"{ctx.title} for the {meeting}" if meeting else ctx.title),
            "subject": clean(ctx.convention),
            "author": clean(ctx.author),
            "company": clean(ctx.organisation),
            "category": "Summary",
            "keywords": "APMBC; Mine Ban Convention; States Parties",
            "comments": f"Status as at {format_date(ctx.as_of)}. Generated by report-tool {__version__}.",
            "created": dt.datetime.combine(ctx.as_of, dt.time()),
        }
    )
