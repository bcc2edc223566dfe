"""Turning one raw cell into a typed value, or into a plain-words reason why not."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from report_tool.domain.names import did_you_mean, fold_name, iso3_codes
from report_tool.domain.treaty_dates import format_date
from report_tool.workbook.schema import YEAR_MAX, YEAR_MIN, Column, ColumnType
from report_tool.workbook.text_dates import LOOKS_LIKE_DATE, read_text_day, refusal

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NUMBER_TEXT = re.compile(r"^\s*[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s*%?\s*$")
#: Dates staff type as placeholders (31/12/9999, 1/1/1900) are not dates: the treaty's arithmetic
#: (six months after a notification) would overflow on them.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)
#: Excel keeps 15 significant digits; a larger "count" (1E+308) is not one anything can report.
COUNT_MAX = 10**15 - 1


@dataclass(frozen=True)
class Problem:
    """Why a cell's value was not taken as it stands."""

    code: str
    message: str
    hint: str | None = None
    warning: bool = False


@dataclass(frozen=True)
class Parsed:
    value: Any  # the typed value, None when blank or unusable
    problem: Problem | None = None


BLANK = Parsed(None)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_value(column: Column, raw: Any) -> Parsed:
    """Typed value for `column`, with the problem that stands in its way, if any."""
    if is_blank(raw):
        return BLANK
    kind = column.type
    if kind is ColumnType.DATE:
        return _parse_date(raw)
    if kind in (ColumnType.COUNT, ColumnType.YEAR, ColumnType.PERCENT):
        return _parse_number(column, raw)
    if isinstance(raw, bool):
        return Parsed(None, Problem("wrong-type", "is TRUE/FALSE, not text", "type the value as text"))
    if isinstance(raw, dt.datetime | dt.date):
        if column.dates_as_text and kind is ColumnType.TEXT:
            return Parsed(_as_date(raw).isoformat())
        return Parsed(
            None,
            Problem(
                "wrong-type",
                f"is a date ({format_date(_as_date(raw))}), not text",
                "type the text; if Excel turns it into a date, format the cell as Text first",
            ),
        )
    text = str(raw) if not isinstance(raw, float) or not raw.is_integer() else str(int(raw))
    if CONTROL_CHARACTERS.search(text):
        parsed = parse_value(column, CONTROL_CHARACTERS.sub("", text))
        if parsed.problem is not None and not parsed.problem.warning:
            return parsed
        codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in CONTROL_CHARACTERS.findall(text)}))
        return Parsed(
            parsed.value,
            Problem(
                "control-characters",
                f"contains invisible control characters ({codes}); they are left out",
                "retype the text: it was probably pasted from another program",
                warning=True,
            ),
        )
    if kind is ColumnType.CHOICE:
        return _parse_choice(column, text)
    if kind is ColumnType.ISO3:
        return _parse_iso3(text)
    return _trimmed(column, text)


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _trimmed(column: Column, text: str) -> Parsed:
    """Key text with spaces or line breaks around it, or other than single spaces inside it, is
    accepted with single spaces, with a warning saying which it was."""
    stripped = " ".join(text.split()) if column.is_key else text
    if column.is_key and stripped != text:
        return Parsed(
            stripped,
            Problem(
                "untrimmed-text",
                f"has {_odd_spacing(text)}; read as {stripped!r}",
                f"retype it as {stripped!r}: to Excel, a name with other spaces is another name",
                warning=True,
            ),
        )
    return Parsed(text)


def _odd_spacing(text: str) -> str:
    """What is odd about the spacing of `text`, in words: 'a double space inside', 'spaces around it'."""
    core = text.strip()
    start = text.index(core[0]) if core else len(text)
    around = text[:start] + text[start + len(core) :]
    found = []
    if around:
        breaks, spaces = any(c in "\r\n" for c in around), any(c not in "\r\n" for c in around)
        kinds = " and ".join(k for k, present in (("spaces", spaces), ("line breaks", breaks)) if present)
        found.append(f"{kinds} around it")
    inside = [run for run in re.findall(r"\s+", core) if run != " "]
    if any("\n" in run or "\r" in run for run in inside):
        found.append("a line break inside")
    elif any(len(run) > 1 for run in inside):
        found.append("a double space inside")
    elif inside:
        found.append("a tab or a non-breaking space inside")
    return " and ".join(found)


def _parse_date(raw: Any) -> Parsed:
    if isinstance(raw, dt.datetime | dt.date):
        return _plausible(_as_date(raw))
    if isinstance(raw, bool):
        return Parsed(
            None,
            Problem("wrong-type", "is TRUE/FALSE, not a date", "type the date, for example 27 June 2025"),
        )
    if isinstance(raw, int | float):
        return Parsed(
            None,
            Problem("wrong-type", f"is the number {raw:g}, not a date", "format the cell as a date"),
        )
    text = str(raw)
    found = read_text_day(text)
    if found is not None and found.day is not None:
        iso = found.form == "iso"
        shown = text.strip() if iso else repr(text.strip())
        return _plausible(
            found.day,
            Problem(
                "iso-date-as-text" if iso else "date-as-text",
                f"is a date typed as text ({shown}); read as {format_date(found.day)}",
                "retype it so Excel recognises it as a date",
                warning=True,
            ),
        )
    message, hint = refusal(text)
    if found is not None:
        code = "ambiguous-date" if found.readings else "invalid-date"
        return Parsed(None, Problem(code, message, hint))
    if LOOKS_LIKE_DATE.match(text):
        return Parsed(None, Problem("invalid-date", message, hint))
    return Parsed(None, Problem("wrong-type", f"{_quote(text)} is not a date", hint))


def _plausible(day: dt.date, problem: Problem | None = None) -> Parsed:
    if DATE_MIN <= day <= DATE_MAX:
        return Parsed(day, problem)
    return Parsed(
        None,
        Problem(
            "out-of-range",
            f"{format_date(day)} is not a date the treaty can have (a placeholder?)",
            "leave the cell blank if the date is not known",
        ),
    )


def _quote(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _parse_number(column: Column, raw: Any) -> Parsed:
    warning: Problem | None = None
    if isinstance(raw, bool | dt.date | dt.datetime):
        shown = "TRUE/FALSE" if isinstance(raw, bool) else f"a date ({format_date(_as_date(raw))})"
        return Parsed(None, Problem("wrong-type", f"is {shown}, not a number", _number_hint(column)))
    if isinstance(raw, dt.time | dt.timedelta):  # a cell formatted as a time or a duration
        return Parsed(
            None,
            Problem(
                "wrong-type",
                f"is a time or duration ({_clock(raw)}), not a number",
                "format the cell as Number (Home > Number format) and type the number again",
            ),
        )
    if isinstance(raw, str):
        if not NUMBER_TEXT.match(raw):
            return Parsed(None, Problem("wrong-type", f"{_quote(raw)} is not a number", _number_hint(column)))
        number = float(raw.replace(",", "").replace("%", "").strip())
        warning = Problem(
            "number-as-text",
            f"is a number stored as text ({raw.strip()!r}); read as {_as_typed(column, number)}",
            "convert it to a number (Excel shows a green triangle on such cells)",
            warning=True,
        )
    else:
        number = float(raw)
    if abs(number) > COUNT_MAX or number != number:
        return Parsed(None, Problem("out-of-range", f"{number:g} is too large to be a {column.type.value}"))
    if column.type is ColumnType.PERCENT:
        if not 0 <= number <= 100:
            return Parsed(
                None,
                Problem(
                    "out-of-range",
                    f"{number:g} is not a percentage from 0 to 100",
                    "type the share as a number from 0 to 100 (90 for 90%); a share over 100 is "
                    "usually a count typed in the percentage column",
                ),
            )
        if 0 < number < 1 and warning is None:
            warning = Problem(
                "percent-as-fraction",
                f"{number:g} reads as {number:g}%, less than one per cent",
                f"if you meant {number * 100:g}%, type {number * 100:g}",
                warning=True,
            )
        return Parsed(number, warning)
    if not number.is_integer():
        return Parsed(
            None,
            Problem(
                "not-whole-number",
                f"{number:g} is not a whole number",
                "type a whole number; a share belongs in the % column"
                if column.type is ColumnType.COUNT
                else "type the year as a whole number, for example 2024",
            ),
        )
    whole = int(number)
    if column.type is ColumnType.YEAR and not YEAR_MIN <= whole <= YEAR_MAX:
        return Parsed(
            None,
            Problem(
                "out-of-range",
                f"{whole} is not a year from {YEAR_MIN} to {YEAR_MAX}",
                f"the Convention dates from {YEAR_MIN}: check the year",
            ),
        )
    if whole < 0:
        return Parsed(None, Problem("negative-count", f"{whole:,} is negative", "a count is 0 or more"))
    return Parsed(whole, warning)


def _as_typed(column: Column, number: float) -> str:
    """A number as staff would type it back: 2016 for a year, 1,234,567 for a count."""
    if not number.is_integer():
        return f"{number:,}"
    return str(int(number)) if column.type is ColumnType.YEAR else f"{int(number):,}"


def _clock(value: dt.time | dt.timedelta) -> str:
    """12:30 or 30:00, as Excel shows a time or a duration."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    minutes = int(value.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _number_hint(column: Column) -> str:
    if column.type is ColumnType.PERCENT:
        return "type a number from 0 to 100, for example 90 for 90%"
    if column.type is ColumnType.YEAR:
        return "type the year as a number, for example 2024"
    return "type a whole number, for example 1,945; leave it blank if not known"


def _parse_choice(column: Column, text: str) -> Parsed:
    """One of the column's values, matched without regard to case and spacing, as headers and
    names are; a value typed otherwise than in the list is taken with a warning showing the list's."""
    stripped = " ".join(text.split())
    canonical = {fold_name(c): c for c in column.choices}.get(fold_name(text))
    if canonical == text:
        return Parsed(canonical)
    if canonical is not None:
        how = " and ".join(
            what
            for what, differs in (("capitals", stripped != canonical), ("spaces", stripped != text))
            if differs
        )
        return Parsed(
            canonical,
            Problem(
                "allowed-value-spelled-differently",
                f"{_quote(text)} differs from the list's {canonical!r} in its {how}; read as {canonical!r}",
                f"type {canonical!r} as the list has it, or pick it from the cell's dropdown",
                warning=True,
            ),
        )
    if column.key == "status" and stripped.casefold() == "suspended":
        return Parsed(
            None,
            Problem(
                "suspended-status",
                "'Suspended' is not a treaty status: the Convention has no suspension mechanism "
                "(Article 20 allows only withdrawal; Article 19 no reservations)",
                "keep the state as a State Party and record the notification on the Suspensions sheet",
            ),
        )
    allowed = ", ".join(column.choices)
    return Parsed(
        None,
        Problem(
            "not-allowed-value",
            f"{_quote(text)} is not one of the allowed values",
            did_you_mean(stripped, column.choices) or f"pick from the list: {allowed}",
        ),
    )


def _parse_iso3(text: str) -> Parsed:
    code = text.strip()
    if code.upper() in iso3_codes():
        if code != code.upper():
            return Parsed(
                None,
                Problem("invalid-iso3", f"{code!r} should be in capitals", f"type {code.upper()}"),
            )
        if code != text:
            return _trimmed(Column("iso3", "ISO3", ColumnType.ISO3, "", is_key=True), text)
        return Parsed(code)
    return Parsed(
        None,
        Problem(
            "invalid-iso3",
            f"{_quote(code)} is not an ISO 3166-1 three-letter country code",
            "use the ISO 3166-1 alpha-3 code, for example UKR for Ukraine",
        ),
    )


#: fast_converter's answer when the value needs the full parse (or has a problem to report).
SLOW: Any = object()


def fast_converter(column: Column) -> Callable[[Any], Any]:
    """A converter for the common case, a valid value of the column's type (None for a blank),
    or SLOW.

    Most cells of a large workbook are plain valid values; skipping the full parse for them is
    most of the difference between reading 100,000 rows in a second or in five.
    """
    kind = column.type
    if kind is ColumnType.COUNT:
        return _fast_count
    if kind is ColumnType.YEAR:
        return _fast_year
    if kind is ColumnType.PERCENT:
        return _fast_percent
    if kind is ColumnType.DATE:
        return _fast_date
    if kind is ColumnType.CHOICE:
        choices = frozenset(column.choices)
        return lambda value: value if value in choices else (None if value == "" or value is None else SLOW)
    if kind is ColumnType.ISO3:
        codes = iso3_codes()
        return lambda value: value if value in codes else (None if value == "" or value is None else SLOW)
    return _fast_key_text if column.is_key else _fast_text


def _fast_count(value: Any) -> Any:
    kind = type(value)
    if kind is float:
        return int(value) if 0 <= value <= COUNT_MAX and value.is_integer() else SLOW
    if kind is int:
        return value if 0 <= value <= COUNT_MAX else SLOW
    return None if value == "" or value is None else SLOW


def _fast_year(value: Any) -> Any:
    kind = type(value)
    if (kind is float and value.is_integer()) or kind is int:
        return int(value) if YEAR_MIN <= value <= YEAR_MAX else SLOW
    return None if value == "" or value is None else SLOW


def _fast_percent(value: Any) -> Any:
    kind = type(value)
    if (kind is float or kind is int) and (value == 0 or 1 <= value <= 100):
        return float(value)
    return None if value == "" or value is None else SLOW


def _fast_date(value: Any) -> Any:
    kind = type(value)
    if kind is dt.date:
        return value if DATE_MIN <= value <= DATE_MAX else SLOW
    if kind is dt.datetime:
        return value.date() if DATE_MIN <= value.date() <= DATE_MAX else SLOW
    return None if value == "" or value is None else SLOW


def _fast_text(value: Any) -> Any:
    if type(value) is str:
        # spaces alone are a blank to the full parse: it decides (a required cell is then empty)
        return (
            value if value.strip() and not CONTROL_CHARACTERS.search(value) else (None if not value else SLOW)
        )
    return None if value is None else SLOW


def _fast_key_text(value: Any) -> Any:
    if type(value) is str:
        if value and value == " ".join(value.split()) and not CONTROL_CHARACTERS.search(value):
            return value
        return None if not value else SLOW
    return None if value is None else SLOW
