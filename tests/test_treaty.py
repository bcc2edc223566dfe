"""The Convention's date arithmetic on its boundary days."""

from __future__ import annotations

import datetime as dt

import pytest

from report_tool.domain.treaty_dates import add_months, entry_into_force, format_date, withdrawal_effective

D = dt.date


@pytest.mark.parametrize(
    ("deposited", "expected"),
    [
        (D(1997, 12, 3), D(1999, 3, 1)),
        (D(1998, 9, 16), D(1999, 3, 1)),  # the 40th instrument (Burkina Faso)
        (D(1998, 9, 17), D(1999, 3, 1)),  # first day of the sixth month after September 1998
        (D(1998, 9, 30), D(1999, 3, 1)),
        (D(1998, 10, 1), D(1999, 4, 1)),
        (D(2012, 12, 27), D(2013, 6, 1)),  # Poland
        (D(2025, 3, 12), D(2025, 9, 1)),  # Marshall Islands
        (D(2025, 6, 25), D(2025, 12, 1)),  # Tonga
        (D(2011, 8, 31), D(2012, 2, 1)),
        (D(2025, 7, 31), D(2026, 1, 1)),  # across the year end
    ],
)
def test_entry_into_force(deposited, expected):
    assert entry_into_force(deposited) == expected


@pytest.mark.parametrize(
    ("notified", "expected"),
    [
        (D(2025, 6, 27), D(2025, 12, 27)),  # Baltic states
        (D(2025, 7, 10), D(2026, 1, 10)),  # Finland
        (D(2025, 8, 20), D(2026, 2, 20)),  # Poland
        (D(2025, 8, 31), D(2026, 2, 28)),
        (D(2023, 8, 31), D(2024, 2, 29)),  # leap year
        (D(2025, 12, 31), D(2026, 6, 30)),
        (D(2025, 8, 29), D(2026, 2, 28)),
    ],
)
def test_withdrawal_effective(notified, expected):
    assert withdrawal_effective(notified) == expected


def test_add_months_keeps_the_day_where_it_exists():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 3, 15), -3) == D(2023, 12, 15)


def test_un_date_style():
    assert format_date(D(2025, 12, 27)) == "27 December 2025"
    assert format_date(D(2026, 1, 1)) == "1 January 2026"
