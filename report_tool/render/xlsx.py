"""The Excel summary: the briefing's sections as sheets of Excel tables, written with XlsxWriter.

Staff text is always written with write_string, never write(): XlsxWriter would turn a note
starting with '=' into a formula (its issue 663), and 'http...' into a link.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from report_tool import __version__
from report_tool.output import close_xlsx
from report_tool.reader import column_letter
from report_tool.sections.blocks import (
    Block,
    Bullets,
    Chart,
    Heading,
    Kind,
    Paragraph,
    Section,
    Table,
    TableColumn,
)
from report_tool.sections.context import SHORT_CONVENTION, ReportContext
from report_tool.sections.text import cell_text, clean, format_date

SUMMARY = "Summary"
SUMMARY_SECTIONS = ("cover", "key_figures", "changes")
#: Sheet names for sections whose title would be unclear as a tab.
SHEET_NAMES = {"suspensions": "Suspension and objections", "since": "Changes since last version"}
TABLE_STYLE = "Table Style Medium 2"
DATE_FORMAT = "d mmmm yyyy"
BLUE = "#1F3864"
MIN_SPAN = 4
MIN_WIDTH = 12.0
MAX_WIDTH = 60.0
WIDE_SHEET = 110  # total column width above which a sheet prints landscape
LINE_HEIGHT = 15
CHART_ROWS = 18


def render_xlsx(sections: Sequence[Section], ctx: ReportContext, output: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(output),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    _properties(book, ctx)
    writer = _Writer(book, ctx)
    sheets = [sheet for s in sections if s.key not in SUMMARY_SECTIONS for sheet in _sheets(s)]
    summary_blocks = [b for s in sections if s.key in SUMMARY_SECTIONS for b in s.blocks]
    writer.sheet(SUMMARY, summary_blocks, contents=[name for name, _ in sheets])
    for name, section in sheets:
        writer.sheet(name, section.blocks, title=section.title)
    close_xlsx(book)


def _sheets(section: Section) -> list[tuple[str, Section]]:
    """(sheet name, content): one per section, or one per table where the section asks."""
    if not section.sheet_per_table:
        return [(_sheet_name(SHEET_NAMES.get(section.key, section.title)), section)]
    tables = [b for b in section.blocks if isinstance(b, Table)]
    return [(_sheet_name(t.name), Section(section.key, t.name, (t,))) for t in tables]


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\']", "", name)[:31]


def _chart_table(chart: Chart) -> Table:
    """A chart's numbers, written as a table the native chart draws from."""
    return Table(
        chart.name,
        f"{chart.caption}: the figures",
        (TableColumn("Year", Kind.YEAR), *(TableColumn(name, Kind.NUMBER) for name, _ in chart.series)),
        tuple(
            (int(category) if category.isdigit() else category, *(values[i] for _, values in chart.series))
            for i, category in enumerate(chart.categories)
        ),
    )


def _plan_widths(blocks: Sequence[Block]) -> list[float]:
    """Column widths that fit every table on the sheet; text rows are wrapped within them."""
    widths = [MIN_WIDTH] * MIN_SPAN
    for block in blocks:
        table = _chart_table(block) if isinstance(block, Chart) else block
        if not isinstance(table, Table) or "xlsx" not in table.outputs:
            continue
        for col, column in enumerate(table.columns):
            texts = [column.header, *(cell_text(row[col], column.kind) for row in table.rows)]
            needed = min(MAX_WIDTH, max(len(t) for t in texts) * 1.1 + 2)
            if col >= len(widths):
                widths.append(MIN_WIDTH)
            widths[col] = max(widths[col], needed)
    longest_item = max((len(i) for b in blocks if isinstance(b, Bullets) for i in b.items), default=0)
    if longest_item:
        widths[0] = max(widths[0], min(100.0, longest_item * 1.05))
    return widths


@dataclass
class _Sheet:
    worksheet: Any
    widths: list[float]
    row: int = 0
    header_rows: int = 0  # rows to freeze and repeat when printing


class _Writer:
    def __init__(self, book: Any, ctx: ReportContext) -> None:
        self.book = book
        self.ctx = ctx
        self.tables = 0
        wrap = {"text_wrap": True, "valign": "top"}
        self.formats = {
            "title": book.add_format({"bold": True, "font_size": 16, "font_color": BLUE}),
            "subtitle": book.add_format({"font_size": 12, "font_color": "#595959"}),
            "heading": book.add_format({"bold": True, "font_size": 12, "font_color": BLUE}),
            "caption": book.add_format({"bold": True, "font_color": BLUE}),
            "note": book.add_format({"italic": True, "font_color": "#595959", **wrap}),
            "paragraph": book.add_format(wrap),  # not "text": Kind.TEXT is that string
            "link": book.add_format({"font_color": "#0563C1", "underline": 1}),
            "header": book.add_format(
                {"bold": True, "font_color": "#FFFFFF", "bg_color": BLUE, "text_wrap": True, "valign": "top"}
            ),
            "number header": book.add_format(
                {
                    "bold": True,
                    "font_color": "#FFFFFF",
                    "bg_color": BLUE,
                    "text_wrap": True,
                    "valign": "top",
                    "align": "right",
                }
            ),
            Kind.TEXT: book.add_format({"valign": "top"}),
            Kind.NUMBER: book.add_format({"num_format": "#,##0_)", "valign": "top"}),
            Kind.PERCENT: book.add_format({"num_format": "0%_)", "valign": "top"}),
            Kind.DATE: book.add_format({"num_format": DATE_FORMAT, "align": "left", "valign": "top"}),
            Kind.YEAR: book.add_format({"num_format": "0", "align": "left", "valign": "top"}),
        }

    def sheet(
        self, name: str, blocks: Sequence[Block], title: str | None = None, contents: Sequence[str] = ()
    ) -> None:
        worksheet = self.book.add_worksheet(name)
        sheet = _Sheet(worksheet, _plan_widths(blocks))
        for col, width in enumerate(sheet.widths):
            worksheet.set_column(col, col, width)
        if title is not None:
            worksheet.write_string(0, 0, clean(title), self.formats["title"])
            worksheet.write_string(
                1, 0, f"Status as at {format_date(self.ctx.as_of)}", self.formats["subtitle"]
            )
            sheet.row = 3
        for block in blocks:
            if title is not None and isinstance(block, Heading) and block.level == 1:
                continue  # the sheet's title says it
            self._block(sheet, block)
        if contents:
            self._contents(sheet, contents)
            worksheet.activate()
        self._print_setup(sheet, name)

    def _print_setup(self, sheet: _Sheet, name: str) -> None:
        ws = sheet.worksheet
        meeting = self.ctx.meeting.short_name if self.ctx.meeting else ""
        left = _escape(f"{SHORT_CONVENTION}  {meeting}".strip())
        right = _escape(f"Status as at {format_date(self.ctx.as_of)}")
        ws.set_header(f"&L&8{left}&R&8{right}")
        ws.set_footer(f"&L&8{_escape(name)}&R&8Page &P of &N")
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.hide_gridlines(2)
        if sum(sheet.widths) > WIDE_SHEET:
            ws.set_landscape()
        if sheet.header_rows:
            ws.freeze_panes(sheet.header_rows, 0)
            ws.repeat_rows(0, sheet.header_rows - 1)

    def _contents(self, sheet: _Sheet, names: Sequence[str]) -> None:
        ws = sheet.worksheet
        ws.write_string(sheet.row, 0, "Contents", self.formats["heading"])
        sheet.row += 1
        for name in names:
            ws.write_url(sheet.row, 0, f"internal:'{name}'!A1", self.formats["link"], string=name)
            sheet.row += 1

    # -- blocks ---------------------------------------------------------------------------------

    def _block(self, sheet: _Sheet, block: Block) -> None:
        ws = sheet.worksheet
        if isinstance(block, Heading):
            if sheet.row > 0:
                sheet.row += 1
            ws.write_string(sheet.row, 0, clean(block.text), self.formats["heading"])
            sheet.row += 1
        elif isinstance(block, Paragraph):
            style = {"title": "title", "subtitle": "subtitle", "note": "note"}.get(block.style, "paragraph")
            if style in ("title", "subtitle"):
                ws.write_string(sheet.row, 0, clean(block.text), self.formats[style])
                sheet.row += 1
            else:
                self._text_row(sheet, block.text, style)
        elif isinstance(block, Bullets):
            for item in block.items:
                ws.write_string(sheet.row, 0, clean(item), self.formats[Kind.TEXT])
                sheet.row += 1
            sheet.row += 1
        elif isinstance(block, Table) and "xlsx" in block.outputs:
            self._table(sheet, block)
        elif isinstance(block, Chart):
            self._chart(sheet, block)

    def _text_row(self, sheet: _Sheet, text: str, style: str) -> None:
        """A paragraph wrapped across the sheet's columns, its row as tall as its lines."""
        text = clean(text)
        span = len(sheet.widths)
        lines = max(1, math.ceil(len(text) * 1.1 / sum(sheet.widths)))
        sheet.worksheet.merge_range(sheet.row, 0, sheet.row, span - 1, "", self.formats[style])
        sheet.worksheet.write_string(sheet.row, 0, text, self.formats[style])
        sheet.worksheet.set_row(sheet.row, LINE_HEIGHT * lines)
        sheet.row += 1

    def _table(self, sheet: _Sheet, table: Table, notes: Sequence[str] = ()) -> tuple[int, int] | None:
        """An Excel table with a filter and the table style; returns its header and last rows."""
        ws = sheet.worksheet
        ws.write_string(sheet.row, 0, clean(table.caption), self.formats["caption"])
        sheet.row += 1
        if not table.rows:
            ws.write_string(sheet.row, 0, clean(table.empty), self.formats["note"])
            sheet.row += 2
            return None
        top = sheet.row
        for offset, values in enumerate(table.rows, start=1):
            for col, (value, column) in enumerate(zip(values, table.columns, strict=True)):
                self._cell(ws, top + offset, col, value, column.kind)
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
        if table.heat:
            numeric = [i for i, c in enumerate(table.columns) if c.kind is Kind.NUMBER]
            if numeric:
                ws.conditional_format(
                    top + 1,
                    numeric[0],
                    bottom,
                    numeric[-1],
                    {
                        "type": "3_color_scale",
                        "min_color": "#F8F9FC",
                        "mid_color": "#F4B183",
                        "max_color": "#C00000",
                    },
                )
        if sheet.header_rows == 0 and ws.name != SUMMARY:
            sheet.header_rows = top + 1
        sheet.row = bottom + 1
        for note in (*table.notes, *notes):
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
            letter = column_letter(index + 2)
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
        excel_chart.set_legend({"position": "bottom"})
        excel_chart.set_y_axis({"num_format": chart.number_format, "major_gridlines": {"visible": True}})
        excel_chart.show_blanks_as("gap")
        excel_chart.set_size({"width": 720, "height": 340})
        sheet.worksheet.insert_chart(sheet.row, 0, excel_chart)
        sheet.row += CHART_ROWS + 1


def _escape(text: str) -> str:
    """'&' starts a code in Excel's header and footer."""
    return clean(text).replace("&", "&&")


def _properties(book: Any, ctx: ReportContext) -> None:
    meeting = ctx.meeting.name if ctx.meeting else ""
    book.set_properties(
        {
            "title": clean(f"{ctx.title}: {meeting}" if meeting else ctx.title),
            "subject": clean(ctx.convention),
            "author": clean(ctx.author),
            "company": clean(ctx.organisation),
            "category": "Summary",
            "keywords": "APMBC; Mine Ban Convention; States Parties",
            "comments": f"Status as at {format_date(ctx.as_of)}. Generated by report-tool {__version__}.",
            "created": dt.datetime.combine(ctx.as_of, dt.time()),
        }
    )
