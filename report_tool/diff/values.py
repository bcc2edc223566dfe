"""How two cells compare: as the reader types them, the form (text, date, number) apart.

A date typed as text and a real date of the same day say the same in a different form; numbers
within float noise are equal; text that reads as a date or a number is taken as what it says.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from report_tool.workbook.text_dates import parse_day

#: Numbers closer than this (relative or absolute) are equal: float noise, not an edit.
FLOAT_NOISE = 1e-9
NUMBER_TEXT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def form(value: Any) -> str:
    """What kind of cell staff typed: the form, apart from the value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "blank"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, str):
        return "text"
    return "other"


def change_kind(before: Any, after: Any, typed_before: Any, typed_after: Any) -> str | None:
    """None when the cells say the same; "form" when only their form differs (a date typed as
    text and a real date of the same day); "value" otherwise."""
    if not same(meaning(before, typed_before), meaning(after, typed_after)):
        return "value"
    return None if form(before) == form(after) else "form"


def meaning(raw: Any, typed: Any) -> Any:
    """The value as the reader types it; for a cell it could not type, what the text says."""
    value = typed if typed is not None else raw
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, str):
        text = " ".join(value.split())
        day = parse_day(text)
        if day is not None:
            return day
        if NUMBER_TEXT.match(text):
            return float(text.replace(",", ""))
        return value
    return value


def same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=FLOAT_NOISE, abs_tol=FLOAT_NOISE)
    return bool(a == b)
