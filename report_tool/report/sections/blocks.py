"""Renderer-neutral content: what a section says, not how Word or Excel shows it.

Tables hold typed values (int, float, date, str); each renderer formats them its own way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from report_tool.domain.sources import SourceDocument
from report_tool.report.sections.citations import Part, note_parts

Value = int | float | dt.date | str | None


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"  # whole numbers, with thousands separators
    PERCENT = "percent"  # 0-100
    DATE = "date"
    YEAR = "year"  # a calendar year: written plainly, sorted as a number


@dataclass(frozen=True)
class Footnote:
    """A caveat or citation tied to the statement it supports: Word shows it as a real footnote.

    `text` says what the reader should know, in plain words; `sources` are what the rows cite
    (keys of the Sources sheet, or addresses), which the Sources section turns into `documents`
    (only those published by the day the report is known at) and lists once each; `about` names
    the fact, for the warning when none of its sources was out yet."""

    text: str = ""
    sources: tuple[str, ...] = ()
    sources_in_text: bool = False  # the text already cites them
    about: str = ""
    documents: tuple[SourceDocument, ...] = ()
    resolved: bool = False  # `documents` chosen: sources published later are not printed

    @property
    def parts(self) -> list[Part]:
        """The footnote as printed, each piece with the address it links to (or None)."""
        if self.documents:
            return note_parts(self.text, self.documents)
        if self.sources_in_text or self.resolved or not self.sources:
            return [(self.text, None)] if self.text else []
        cited = f"Source{'s' if len(self.sources) > 1 else ''}: {'; '.join(self.sources)}."
        return [(" ".join(p for p in (self.text, cited) if p), None)]

    @property
    def words(self) -> str:
        """The footnote as printed, as plain text."""
        return "".join(text for text, _ in self.parts)


#: How the briefing marks a value the sources do not confirm, or one worked out rather than read.
UNCONFIRMED = "(unconfirmed)"
#: The header of the column in which the summary says, row by row, why values are marked.
NOT_CONFIRMED = "Not confirmed"


def marked_text(text: str, doubt: str) -> str:
    """`text` with the marking when `doubt` (why its value is not confirmed) is not ''."""
    return f"{text} {UNCONFIRMED}" if doubt and text else text


def why_note(reason: str) -> str:
    """The footnote of a marked value: why, in plain words from the row's Unconfirmed cell."""
    return f"Not confirmed: {reason}."


UNCONFIRMED_MEANING = (
    f"Marked {UNCONFIRMED}: not confirmed by the sources cited. The value was worked out from other "
    "figures or dates rather than read in a source, comes from a single secondary source, or the "
    "sources differ; its footnote says which."
)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body, title, subtitle, lead, note, quote, masthead
    footnotes: tuple[Footnote, ...] = ()  # referenced at the end of the paragraph


@dataclass(frozen=True)
class Bullets:
    """A list; an item given as parts has links on the parts with an address (a series' names)."""

    items: tuple[str | tuple[Part, ...], ...]


def item_text(item: str | tuple[Part, ...]) -> str:
    """A list item as plain text, its links left out (a spreadsheet cell, a test)."""
    return item if isinstance(item, str) else "".join(text for text, _ in item)


@dataclass(frozen=True)
class TableColumn:
    header: str
    kind: Kind = Kind.TEXT
    width: float = 1.0  # relative
    #: The sentence that says a column's one value when the briefing drops the column for being the
    #: same in every row ('No state is a signatory only.'); without it the column goes unsaid.
    when_same: Callable[[str], str] | None = None


@dataclass(frozen=True)
class Table:
    """A captioned table; `name` is short and unique (it names the Excel sheet)."""

    name: str
    caption: str
    columns: tuple[TableColumn, ...]
    rows: tuple[tuple[Value, ...], ...]
    notes: tuple[str, ...] = ()
    empty: str = "None."  # said instead of an empty table
    outputs: tuple[str, ...] = ("docx", "xlsx")  # a detail table may be for the workbook only
    heat: bool = False  # colour the numbers by size, where the output can
    footnotes: tuple[Footnote, ...] = ()  # referenced at the end of the caption
    row_footnotes: tuple[tuple[Footnote, ...], ...] = ()  # per row, referenced in its first cell
    unconfirmed: tuple[frozenset[int], ...] = ()  # per row, the columns whose values are marked
    reasons: tuple[str, ...] = ()  # per row, why its marked values are not confirmed, in plain words
    notes_column: int = 0  # the column whose cell carries a row's footnotes


@dataclass(frozen=True)
class Chart:
    """A clustered column chart: categories along the bottom, one bar per series."""

    name: str
    caption: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    number_format: str = "#,##0"
    description: str = ""  # alternative text for readers who cannot see the chart
    notes: tuple[str, ...] = ()
    axis_title: str = ""  # the value axis
    footnotes: tuple[Footnote, ...] = ()  # referenced at the end of the caption
    unconfirmed: tuple[frozenset[int], ...] = ()  # per category, as a Table's (column 1: the value)
    reasons: tuple[str, ...] = ()  # per category, why its value is not confirmed


@dataclass(frozen=True)
class WorldMap:
    """A world map of every state's standing on one day; drawn by report/render/map_draw.py.

    `standings` gives each state's ISO 3166 alpha-3 code and its category (a key of `legend`);
    `legend` holds (category, label, count) in the order shown, the counts those of the key figures."""

    name: str
    caption: str
    description: str  # alternative text: the counts in words
    standings: tuple[tuple[str, str], ...]
    legend: tuple[tuple[str, str, int], ...]
    notes: tuple[str, ...] = ()  # under the map: the disclaimer and the credit


Block = Heading | Paragraph | Bullets | Table | Chart | WorldMap


#: The Excel summary's first sheet; a section whose `sheet` is this joins it.
SUMMARY_SHEET = "Summary"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...] = field(default=())
    landscape: bool = False
    cover: bool = False
    sheet_per_table: bool = False  # in a workbook, each table gets a sheet named after it
    #: Where it goes in the Excel summary: SUMMARY_SHEET to join the first sheet (its text, up to
    #: its first table) while no table is on it yet, another name for a tab of its own, None for
    #: a tab named by its title.
    #: Set from its SectionSpec when the section does not say.
    sheet: str | None = None
