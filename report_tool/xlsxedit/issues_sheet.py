"""The sheet put first in an annotated copy: a title, a few lines, then a filterable table with links.

Written as XML directly, with inline strings: the workbook's shared strings stay untouched, staff
text is always text (never a formula), and 100,000 rows take a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from report_tool.workbook.cell_references import column_letters, quote_sheet
from report_tool.xlsxedit.notes import is_plain, xml_text
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
    #: Every colour the rows' first cells may have, when the caller knows them: the rows are then
    #: read only once, as the sheet is written (else once before, to find them). A row whose
    #: colour is not listed is a ValueError.
    colours: Sequence[str] = ()


def link_location(sheet: str, cell: str) -> str:
    return f"{quote_sheet(sheet)}!{cell}"


@dataclass(frozen=True)
class WrittenSummary:
    chunks: Iterator[bytes]  # the worksheet part, made as it is written (its styles already added)
    header_row: int
    last_row: int
    last_column: str
    notices: list[str]  # what the reader should know, e.g. that links were cut


@dataclass(frozen=True)
class _Formats:
    """The cell formats the sheet uses, all added to the styles part before a byte is written."""

    title: int
    plain: int
    notice: int
    header: int
    wrap: int
    link: int
    fills: dict[str, int]  # a row's colour -> the format of its first cell
    empty: int | None  # the format of the line saying there is nothing to list


def summary_xml(summary: SummarySheet, styles: Styles) -> WrittenSummary:
    """The worksheet part, to be written as it is made, and where its table is.

    The rows are never held: `summary.rows` may make each row as it is read. They are read as
    the part is written, and once before when their colours are not given or there may be more
    links than Excel allows."""
    title, plain, notice = (
        styles.cell_format(TITLE),
        styles.cell_format(wrap=False),
        styles.cell_format(NOTICE),
    )
    header, wrap, link = (
        styles.cell_format(HEADER, HEADER_FILL),
        styles.cell_format(wrap=True),
        styles.cell_format(LINK, wrap=True),
    )
    fills = {colour: styles.cell_format(fill=colour, wrap=True) for colour in summary.colours}
    linked = 0
    if len(summary.rows) > MAX_LINKS or not summary.colours:  # read the rows once before
        for row in summary.rows:
            linked += row.link is not None
            if row.colour and row.colour not in fills:
                fills[row.colour] = styles.cell_format(fill=row.colour, wrap=True)
    empty = None if summary.rows else styles.cell_format(Font(bold=True))
    formats = _Formats(title, plain, notice, header, wrap, link, fills, empty)
    lines, notices = list(summary.lines), []
    if linked > MAX_LINKS:
        message = f"Links are given for the first {MAX_LINKS:,} rows only: Excel allows no more on one sheet."
        notices.append(message)
        lines.append(message)
    header_row = len(lines) + 3
    last_row = header_row + (len(summary.rows) or 1)
    last_column = column_letters(len(summary.columns))
    chunks = _chunks(summary, formats, lines, notices, header_row, last_row)
    return WrittenSummary(chunks, header_row, last_row, last_column, notices)


#: Rows are encoded and handed to the zip entry this many at a time.
ROWS_A_CHUNK = 500


def _chunks(
    summary: SummarySheet,
    formats: _Formats,
    lines: list[str],
    notices: list[str],
    header_row: int,
    last_row: int,
) -> Iterator[bytes]:
    last_column = column_letters(len(summary.columns))
    first = f"A{header_row + 1}"
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{c.width:g}" customWidth="1"/>'
        for i, c in enumerate(summary.columns, 1)
    )
    top = [_row(1, [(1, summary.heading, formats.title)])]
    top += [
        _row(number, [(1, line, formats.notice if line in notices else formats.plain)])
        for number, line in enumerate(lines, start=2)
    ]
    top.append(_row(header_row, [(i, c.header, formats.header) for i, c in enumerate(summary.columns, 1)]))
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{last_column}{last_row}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        f'<pane ySplit="{header_row}" topLeftCell="{first}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="{first}" sqref="{first}"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{"".join(top)}'
    ).encode()
    links: list[bytes] = []
    yield from _table(summary, formats, header_row, links)
    if formats.empty is not None:
        yield _row(header_row + 1, [(1, summary.empty_text, formats.empty)]).encode()
    yield f'</sheetData><autoFilter ref="A{header_row}:{last_column}{last_row}"/>'.encode()
    if links:
        yield b"<hyperlinks>"
        yield from links
        yield b"</hyperlinks>"
    yield (
        b'<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        b'<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>'
    )


def _table(summary: SummarySheet, formats: _Formats, header_row: int, links: list[bytes]) -> Iterator[bytes]:
    """The table's rows, encoded a chunk at a time; their links (at most MAX_LINKS) gathered in `links`."""
    link_index = summary.link_column
    widths = [max(int(c.width * 1.05), 1) for c in summary.columns]
    letters = [column_letters(i) for i in range(1, len(summary.columns) + 1)]
    plain_styles = [formats.wrap] * len(summary.columns)
    rows: list[str] = []
    row_links: list[str] = []
    linked = 0
    for number, row in enumerate(summary.rows, start=header_row + 1):
        row_styles = plain_styles
        if (row.link and linked < MAX_LINKS) or row.colour:
            row_styles = list(plain_styles)
            if row.link and linked < MAX_LINKS and link_index < len(row.values):
                row_styles[link_index] = formats.link
                place = xml_text(link_location(*row.link))
                shown = xml_text(str(row.values[link_index] or ""))
                row_links.append(
                    f'<hyperlink ref="{letters[link_index]}{number}" location="{place}" display="{shown}"/>'
                )
                linked += 1
            if row.colour:  # on the first cell; the colour wins over a link's blue there
                if row.colour not in formats.fills:
                    raise ValueError(f"the colour {row.colour} is not among the summary's colours")
                row_styles[0] = formats.fills[row.colour]
        values = row.values
        lines = 1
        for value, width in zip(values, widths, strict=False):
            if isinstance(value, str) and (len(value) > width or "\n" in value):
                lines = max(lines, _lines(value, width) if "\n" in value else -(-len(value) // width))
        if _plain_text(values):  # the common case, fast: every value text that needs no escaping
            cells = "".join(
                [
                    f'<c r="{letter}{number}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{value}'
                    "</t></is></c>"
                    if value
                    else f'<c r="{letter}{number}" s="{style}"/>'
                    for letter, value, style in zip(letters, values, row_styles, strict=False)
                ]
            )
        else:
            cells = "".join(
                [
                    _cell(f"{letter}{number}", value, style)
                    for letter, value, style in zip(letters, values, row_styles, strict=False)
                ]
            )
        size = f' ht="{15.0 * min(lines, 27):g}" customHeight="1"' if lines > 1 else ""
        rows.append(f'<row r="{number}"{size}>{cells}</row>')
        if len(rows) == ROWS_A_CHUNK:
            yield "".join(rows).encode()
            rows.clear()
            if row_links:
                links.append("".join(row_links).encode())
                row_links.clear()
    if rows:
        yield "".join(rows).encode()
    if row_links:
        links.append("".join(row_links).encode())


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


def _plain_text(values: Sequence[object]) -> bool:
    """Every value plain text that XML holds as it is (one search for the row, not one a value)."""
    try:
        joined = "".join(values)  # type: ignore[arg-type]  # a value that is not text: TypeError
    except TypeError:
        return False
    return type(joined) is str and is_plain(joined)


def _lines(text: str, per_line: int) -> int:
    """How many lines a wrapped cell takes: LibreOffice does not grow wrapped rows by itself, so
    each row is given a height from its longest cell."""
    return sum(-(-max(len(part), 1) // per_line) for part in text.split("\n"))
