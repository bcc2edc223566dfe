"""The Convention's date rules (Articles 15, 17 and 20), as plain functions over dates."""

from __future__ import annotations

import calendar
import datetime as dt

#: Article 15: open for signature from 3 December 1997 until its entry into force.
SIGNATURE_OPENS = dt.date(1997, 12, 3)
SIGNATURE_CLOSES = dt.date(1999, 2, 28)
#: Article 17(1): in force on 1 March 1999, six months after the 40th instrument (16 Sep 1998).
CONVENTION_IN_FORCE = dt.date(1999, 3, 1)
FORTIETH_DEPOSIT = dt.date(1998, 9, 16)
WITHDRAWAL_MONTHS = 6


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the month lacks becomes its last day (31 Aug -> 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def entry_into_force(deposited: dt.date) -> dt.date:
    """Article 17: 1 March 1999 for the first 40 instruments, else the first day of the sixth
    month after the month of deposit (27 Dec 2012 -> 1 Jun 2013)."""
    if deposited <= FORTIETH_DEPOSIT:
        return CONVENTION_IN_FORCE
    return add_months(deposited.replace(day=1), 6)


def withdrawal_effective(notified: dt.date) -> dt.date:
    """Article 20(3): six months after the depositary receives the instrument (27 Jun -> 27 Dec)."""
    return add_months(notified, WITHDRAWAL_MONTHS)


def signature_window_contains(day: dt.date) -> bool:
    return SIGNATURE_OPENS <= day <= SIGNATURE_CLOSES


def format_date(day: dt.date) -> str:
    """UN style: 27 December 2025."""
    return f"{day.day} {day:%B %Y}"
