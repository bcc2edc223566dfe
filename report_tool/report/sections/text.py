"""Numbers and dates written as a UN document writes them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from report_tool.domain.treaty_dates import format_date
from report_tool.report.sections.blocks import Kind

#: Characters the XML of a .docx or .xlsx cannot hold; tabs and line breaks are kept.
XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def number(value: int | float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def percent(value: float) -> str:
    return f"{value:g}%"


def date_range(starts: dt.date | None, ends: dt.date | None) -> str:
    """1-5 December 2025; 30 November - 4 December 2015; 22 November 2007."""
    if starts is None and ends is None:
        return "dates not known"
    if starts is None or ends is None or starts == ends:
        return format_date(starts or ends)  # type: ignore[arg-type]
    if (starts.year, starts.month) == (ends.year, ends.month):
        return f"{starts.day}\u2013{format_date(ends)}"
    if starts.year == ends.year:
        return f"{starts.day} {starts:%B}\u2013{format_date(ends)}"
    return f"{format_date(starts)}\u2013{format_date(ends)}"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{number(count)} {one if count == 1 else (many or one + 's')}"


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def clean(text: str) -> str:
    """Staff text as both reports can hold it: characters XML cannot carry are dropped."""
    return XML_UNSAFE.sub("", text)


#: Straight quotes the typographic ones replace: an apostrophe within or after a word, a quote that
#: opens after a space or bracket, one that closes anywhere else.
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w|\s|$|[.,;:)])")
_OPENING = re.compile(r"(^|(?<=[\s(\[\u2014\u2013/]))(['\"])")


def typographic(text: str) -> str:
    """The text with one quotation-mark style, the briefing's: \u2018 \u2019 \u201c \u201d and the
    typographic apostrophe. Addresses (anything with '://') are left as they are, to stay usable."""
    return " ".join(part if "://" in part else _curl(part) for part in text.split(" "))


def _curl(text: str) -> str:
    text = _APOSTROPHE.sub("\u2019", text)
    text = _OPENING.sub(lambda m: m.group(1) + ("\u2018" if m.group(2) == "'" else "\u201c"), text)
    return text.replace("'", "\u2019").replace('"', "\u201d")


def cell_text(value: Any, kind: Kind) -> str:
    """A table value as the briefing writes it (and as the summary sizes its columns by)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    if kind is Kind.PERCENT and isinstance(value, int | float):
        return percent(value)
    if kind is Kind.YEAR:
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    return clean(str(value))


__all__ = [
    "cell_text",
    "clean",
    "date_range",
    "format_date",
    "join_names",
    "number",
    "percent",
    "plural",
    "typographic",
]
