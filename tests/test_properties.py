"""Property-based: random values anywhere give issues, never a traceback; and validation does not
depend on the order of columns or rows."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, baseline, write_rows
from report_tool.validation.issues import Severity
from report_tool.validation.validate import validate_workbook
from report_tool.workbook.schema import SHEETS

# openpyxl refuses to write most control characters; the reader's own handling of them is
# tested with Excel's escapes in the bad-input corpus.
TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",), blacklist_characters=[chr(c) for c in range(32) if c not in (9, 10)]
    ),
    max_size=30,
)
VALUES = st.one_of(
    st.none(),
    TEXT,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 1, 1)),
    st.sampled_from(
        ["State Party", "Suspended", "Global", "2025-06-27", "27/06/2025", "6,279", "#REF!", " UKR "]
    ),
)
SHEET_NAMES = [s.name for s in SHEETS]
CHANGES = st.lists(
    st.tuples(st.sampled_from(SHEET_NAMES), st.integers(0, 10), st.integers(0, 13), VALUES),
    min_size=1,
    max_size=6,
)
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _apply(changes):
    sheets = baseline()
    for sheet, row, column, value in changes:
        schema = next(s for s in SHEETS if s.name == sheet)
        rows = sheets.setdefault(sheet, [])  # an optional sheet the baseline leaves out
        if not rows:
            rows.append({})
        target = rows[row % len(rows)]
        target[schema.columns[column % len(schema.columns)].header] = value
    return sheets


def _valid_issue(issue) -> bool:
    return bool(issue.code and issue.message) and issue.severity in (Severity.ERROR, Severity.WARNING)


@SETTINGS
@given(changes=CHANGES)
def test_random_values_give_issues_not_tracebacks(tmp_path_factory, changes):
    path = write_rows(tmp_path_factory.mktemp("p") / "wb.xlsx", _apply(changes))
    report = validate_workbook(path, AS_OF)
    assert all(_valid_issue(i) for i in report.issues)
    assert all(i.sheet is None or i.sheet in SHEET_NAMES for i in report.issues)


@SETTINGS
@given(changes=CHANGES, seed=st.integers(0, 2**32 - 1))
def test_column_order_does_not_matter(tmp_path_factory, changes, seed):
    sheets = _apply(changes)
    folder = tmp_path_factory.mktemp("c")
    shuffled = {}
    rng = random.Random(seed)
    for schema in SHEETS:
        headers = [c.header for c in schema.columns]
        rng.shuffle(headers)
        shuffled[schema.name] = headers
    a = validate_workbook(write_rows(folder / "a.xlsx", sheets), AS_OF)
    b = validate_workbook(write_rows(folder / "b.xlsx", sheets, shuffled), AS_OF)

    def key(report):
        return Counter((i.code, i.sheet, i.row, i.header, str(i.value), len(i.cells)) for i in report.issues)

    assert key(a) == key(b)


@SETTINGS
@given(changes=CHANGES, seed=st.integers(0, 2**32 - 1))
def test_row_order_does_not_matter(tmp_path_factory, changes, seed):
    sheets = _apply(changes)
    folder = tmp_path_factory.mktemp("r")
    rng = random.Random(seed)
    shuffled = {name: rng.sample(rows, len(rows)) for name, rows in sheets.items()}
    a = validate_workbook(write_rows(folder / "a.xlsx", sheets), AS_OF)
    b = validate_workbook(write_rows(folder / "b.xlsx", shuffled), AS_OF)

    def key(report):
        # which of two duplicate rows is flagged depends on their order; both carry the same key
        return Counter(
            (i.code, i.sheet, i.header, str(i.value).strip().casefold(), len(i.cells)) for i in report.issues
        )

    assert key(a) == key(b)


# -- the fast path and the per-cell parse agree ------------------------------------------------------

ALL_COLUMNS = {(c.type, c.is_key, c.choices): c for sheet in SHEETS for c in sheet.columns}
CELLS = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from(" \t\nab-,.%1Ax\x01"), max_size=6),
    st.sampled_from(["   ", " Norway", "Norway", "NOR", "State Party", "1,000", "2025-12-31", "#REF!"]),
    st.integers(-5, 3000),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(column=st.sampled_from(sorted(ALL_COLUMNS.values(), key=lambda c: (c.type, c.key))), raw=CELLS)
def test_the_fast_path_and_the_full_parse_agree(column, raw):
    """Whatever the fast path accepts, the full parse accepts as the same value, without a problem
    (a cell holding only spaces is blank to both)."""
    from report_tool.workbook.values import SLOW, fast_converter, parse_value

    fast = fast_converter(column)(raw)
    if fast is SLOW:
        return
    parsed = parse_value(column, raw)
    assert parsed.problem is None, (raw, parsed.problem)
    assert parsed.value == fast and type(parsed.value) is type(fast), (raw, fast, parsed.value)
