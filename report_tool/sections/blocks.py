"""Renderer-neutral content: what a section says, not how Word or Excel shows it.

Tables hold typed values (int, float, date, str); each renderer formats them its own way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

Value = int | float | dt.date | str | None


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"  # whole numbers, with thousands separators
    PERCENT = "percent"  # 0-100
    DATE = "date"
    YEAR = "year"  # a calendar year: written plainly, sorted as a number


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body, title, subtitle, lead, note


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class TableColumn:
    header: str
    kind: Kind = Kind.TEXT
    width: float = 1.0  # relative


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


Block = Heading | Paragraph | Bullets | Table | Chart


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...] = field(default=())
    landscape: bool = False
    cover: bool = False
    sheet_per_table: bool = False  # in a workbook, each table gets a sheet named after it
