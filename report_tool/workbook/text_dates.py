"""Days typed as text: the one table of the forms read, so that "27 June 2025" means the same day in
a data cell, in Settings, to the diff and on the command line.

A form with the month in words, or the year first, is read as it stands. Numbers alone are read
day first (26/11/2026, as a British user types it) where only one reading is a real day; where
both are (03/04/2026 is 3 April or 4 March) the text is not read, and the reason says why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from report_tool.domain.treaty_dates import format_date

#: Months in English words: full names, three-letter abbreviations and "Sept".
MONTHS = {
    name: number
    for number, full in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for name in (full, full[:3])
} | {"sept": 9}

_ORDINAL = r"(?:st|nd|rd|th)?"
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"


@dataclass(frozen=True)
class TextForm:
    """One accepted way of typing a day: its name, the pattern and an example."""

    name: str
    pattern: re.Pattern[str]
    example: str


#: The forms read, in the order tried. `numbers` is read only where it is not ambiguous.
FORMS = (
    TextForm("iso", re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"), "2026-11-26"),
    TextForm(
        "year first", re.compile(r"(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})"), "2026/11/26"
    ),
    TextForm(
        "day month year",
        re.compile(rf"(?P<day>\d{{1,2}}){_ORDINAL}(?: of)?[ \-.]+{_MONTH}[ \-.,]+(?P<year>\d{{4}})"),
        "26 November 2026",
    ),
    TextForm(
        "month day year",
        re.compile(rf"{_MONTH}[ \-]+(?P<day>\d{{1,2}}){_ORDINAL},? +(?P<year>\d{{4}})"),
        "November 26, 2026",
    ),
    TextForm(
        "numbers",
        re.compile(r"(?P<first>\d{1,2})[/.\-](?P<second>\d{1,2})[/.\-](?P<year>\d{4})"),
        "26/11/2026",
    ),
)

#: Text that looks like a day but is in no accepted form (27/06/25, 27 Juin 2025).
LOOKS_LIKE_DATE = re.compile(
    r"^\s*(\d{1,4}[./\- ]+(\d{1,2}|[A-Za-z]{3,9})\.?[./\- ,]+\d{2,4}"  # 27/06/25, 27 Juin 2025
    r"|[A-Za-z]{3,9}\.? \d{1,2}(st|nd|rd|th)?,? \d{2,4})\s*$"  # Juin 27, 2025
)

#: What to type instead, said wherever a text day is refused.
HOW_TO_TYPE = "type the date so Excel recognises it (for example 27 June 2025), or as 2025-06-27"


@dataclass(frozen=True)
class TextDay:
    """What text that is in an accepted form says: the day (None when it says none) and why not."""

    day: dt.date | None
    form: str
    #: for numbers that could be two days (03/04/2026), the two
    readings: tuple[dt.date, ...] = ()


def read_text_day(text: str) -> TextDay | None:
    """The day `text` is in one of the accepted FORMS; None when it is in none of them."""
    text = " ".join(text.split())
    for form in FORMS:
        match = form.pattern.fullmatch(text)
        if match is None:
            continue
        parts = match.groupdict()
        year = int(parts["year"])
        if form.name == "numbers":
            return _numbers(int(parts["first"]), int(parts["second"]), year)
        month = parts["month"]
        number = int(month) if month.isdigit() else MONTHS.get(month.casefold())
        if number is None:
            return None
        return TextDay(_day(year, number, int(parts["day"])), form.name)
    return None


def parse_day(text: str) -> dt.date | None:
    """The day `text` says, in an accepted form and without doubt; None otherwise."""
    found = read_text_day(text)
    return found.day if found is not None else None


def refusal(text: str) -> tuple[str, str]:
    """(message, hint) for text that is not read as a day, the same in a cell, in Settings and
    on the command line."""
    found = read_text_day(text)
    shown = text.strip()
    if found is not None and len(found.readings) == 2:
        first, second = found.readings
        return (
            f"{shown!r} is not a date (it could be {format_date(first)} or {format_date(second)})",
            f"type the month in words ({format_date(first)}) or the year first ({first.isoformat()})",
        )
    if found is not None:
        return f"{shown!r} is not a real date", "check the day and the month: that month has no such day"
    return f"{shown!r} is not a date", HOW_TO_TYPE


def _numbers(first: int, second: int, year: int) -> TextDay:
    """Numbers alone, read day first unless only the other reading is a real day."""
    readings = tuple(dict.fromkeys(d for d in (_day(year, second, first), _day(year, first, second)) if d))
    if len(readings) == 1:
        return TextDay(readings[0], "numbers")
    return TextDay(None, "numbers", readings)


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
