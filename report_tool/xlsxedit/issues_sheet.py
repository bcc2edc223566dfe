"""The sheet put first in an annotated copy: a title, a few lines, then a filterable table with links.

Written as XML directly, with inline strings: the workbook's shared strings stay untouched, staff
text is always text (never a formula), and 100,000 rows take a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from report_tool.workbook.cell_references import column_letters, quote_sheet
from report_tool.xlsxedit.notes import xml_text
from report_tool.xlsxedit.parts import MAIN, REL
from report_tool.xlsxedit.styles import Font, Styles

#: Excel refuses a sheet with more hyperlinks than this.
MAX_LINKS = 65_530
TITLE = Font(bold=True, size=14, colour="1F3864")
HEADER = Font(bold=True, colour="FFFFFF")
HEADER_FILL = "1F3864"
LINK = Font(underline=True, colour="0563C1")
NOTICE = Font(bold=True, colour="9C0006")


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # in characters, as Excel's column width


@dataclass(frozen=True)
class SummaryRow:
    """One row of the table: its values, the colour of its first cell, the cell it links to."""

    values: Sequence[str | int | float | None]
    colour: str | None = None  # RGB of the first cell's fill, e.g. "FFC7CE"
    link: tuple[str, str] | None = None  # (sheet, "B7"): the cell in `link_column` goes there


@dataclass(frozen=True)
class SummarySheet:
    """The first sheet of an annotated copy."""

    title: str  # the sheet's name; made unique against the workbook's own sheets
    heading: str  # row 1, large and bold
    columns: Sequence[Column]
    rows: Sequence[SummaryRow]
    lines: Sequence[str] = ()  # under the heading, one per row
    link_column: int = 0  # 0-based index of the column whose cells carry the links
    empty_text: str = "Nothing to list."


def link_location(sheet: str, cell: str) -> str:
    return f"{quote_sheet(sheet)}!{cell}"


@dataclass(frozen=True)
class WrittenSummary:
    xml: bytes
    header_row: int
    last_row: int
    last_column: str
    notices: list[str]  # what the reader should know, e.g. that links were cut


def summary_xml(summary: SummarySheet, styles: Styles) -> WrittenSummary:
    """The worksheet part, and where its table is."""
    title, plain, notice = (
        styles.cell_format(TITLE),
        styles.cell_format(wrap=False),
        styles.cell_format(NOTICE),
    )
    header_style = styles.cell_format(HEADER, HEADER_FILL)
    wrap, link_style = styles.cell_format(wrap=True), styles.cell_format(LINK, wrap=True)
    rows: list[str] = [_row(1, [(1, summary.heading, title)])]
    cut = len([r for r in summary.rows if r.link]) > MAX_LINKS
    lines, notices = list(summary.lines), []
    if cut:
        message = f"Links are given for the first {MAX_LINKS:,} rows only: Excel allows no more on one sheet."
        notices.append(message)
        lines.append(message)
    number = 1
    for line in lines:
        number += 1
        rows.append(_row(number, [(1, line, notice if line in notices else plain)]))
    header_row = number + 2
    rows.append(_row(header_row, [(i, c.header, header_style) for i, c in enumerate(summary.columns, 1)]))
    links: list[str] = []
    fill_styles: dict[str, int] = {}
    number = header_row
    link_index = summary.link_column
    widths = [max(int(c.width * 1.05), 1) for c in summary.columns]
    letters = [column_letters(i) for i in range(1, len(summary.columns) + 1)]
    plain_styles = [wrap] * len(summary.columns)
    for row in summary.rows:
        number += 1
        row_styles = plain_styles
        if (row.link and len(links) < MAX_LINKS) or row.colour:
            row_styles = list(plain_styles)
            if row.link and len(links) < MAX_LINKS and link_index < len(row.values):
                row_styles[link_index] = link_style
                place = xml_text(link_location(*row.link))
                shown = xml_text(str(row.values[link_index] or ""))
                links.append(
                    f'<hyperlink ref="{letters[link_index]}{number}" location="{place}" display="{shown}"/>'
                )
            if row.colour:  # on the first cell; the colour wins over a link's blue there
                if row.colour not in fill_styles:
                    fill_styles[row.colour] = styles.cell_format(fill=row.colour, wrap=True)
                row_styles[0] = fill_styles[row.colour]
        height = _height(row.values, widths)
        size = f' ht="{height:g}" customHeight="1"' if height > 15 else ""
        cells = "".join(
            _cell(f"{letter}{number}", value, style)
            for letter, value, style in zip(letters, row.values, row_styles, strict=False)
        )
        rows.append(f'<row r="{number}"{size}>{cells}</row>')
    if not summary.rows:
        number += 1
        rows.append(_row(number, [(1, summary.empty_text, styles.cell_format(Font(bold=True)))]))
    last_column = column_letters(len(summary.columns))
    filter_ref = f"A{header_row}:{last_column}{number}"
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{c.width:g}" customWidth="1"/>'
        for i, c in enumerate(summary.columns, 1)
    )
    hyperlinks = f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else ""
    first = f"A{header_row + 1}"
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{last_column}{number}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        f'<pane ySplit="{header_row}" topLeftCell="{first}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="{first}" sqref="{first}"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{"".join(rows)}</sheetData>'
        f'<autoFilter ref="{filter_ref}"/>{hyperlinks}'
        '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        '<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>'
    )
    return WrittenSummary(xml.encode("utf-8"), header_row, number, last_column, notices)


def _row(number: int, cells: list[tuple[int, object, int]], height: float | None = None) -> str:
    written = "".join(_cell(f"{column_letters(col)}{number}", value, style) for col, value, style in cells)
    size = f' ht="{height:g}" customHeight="1"' if height else ""
    return f'<row r="{number}"{size}>{written}</row>'


def _cell(reference: str, value: object, style: int) -> str:
    if value is None or value == "":
        return f'<c r="{reference}" s="{style}"/>'
    if type(value) is str:
        text = xml_text(value)
        return f'<c r="{reference}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _cell(reference, str(value), style)
    return f'<c r="{reference}" s="{style}"><v>{value!r}</v></c>'


def _height(values: Sequence[object], widths: list[int]) -> float:
    """LibreOffice does not grow wrapped rows by itself: a height from the longest cell."""
    lines = 1
    for value, per_line in zip(values, widths, strict=False):
        if isinstance(value, str) and (len(value) > per_line or "\n" in value):
            lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in value.split("\n")))
    return 15.0 * min(lines, 27)
