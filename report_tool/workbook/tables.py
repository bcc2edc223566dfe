"""Raw sheets -> typed tables: headers matched to the schema, each cell parsed to its type.

Structure problems (missing sheet or column, duplicate or unknown header) and cell problems
(wrong type, value not allowed, missing value) are found here, where the facts are at hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import Any

from report_tool.domain.names import did_you_mean, likely_meant
from report_tool.errors import UndeclaredColumn
from report_tool.validation.catalogue import READING, codes
from report_tool.validation.issues import Issue, Severity
from report_tool.workbook.cell_references import CellRef, column_letters
from report_tool.workbook.raw import RawSheet, RawWorkbook
from report_tool.workbook.reader import EXCEL_ERRORS
from report_tool.workbook.schema import Column, Sheet, normalise_header
from report_tool.workbook.values import SLOW, fast_converter, is_blank, parse_value


class Record:
    """One data row: its typed values (None where blank or unusable) and, for the cells whose
    value could not be used, what staff typed. The values live in the table's columns; a record
    is a row number and a position, so 100,000 rows stay small."""

    __slots__ = ("_columns", "_position", "_table", "_unusable", "row")

    def __init__(
        self,
        row: int,
        position: int,
        columns: dict[str, list[Any]],
        unusable: dict[str, Any] | None,
        table: SheetTable,
    ) -> None:
        self.row = row
        self._position = position
        self._columns = columns
        self._unusable = unusable
        self._table = table

    def get(self, key: str) -> Any:
        """The typed value, None where blank, unusable or in a column the workbook lacks; a key
        the sheet does not declare (a misspelling) raises UndeclaredColumn at once."""
        column = self._columns.get(key)
        if column is None:
            self._table.declares(key)
            return None
        return column[self._position]

    def raw(self, key: str) -> Any:
        """The value as typed where it could not be used, else the typed value."""
        if self._unusable is not None and key in self._unusable:
            return self._unusable[key]
        return self.get(key)

    def unusable(self, key: str) -> bool:
        """The cell has something in it that could not be read as its column's type."""
        if self._unusable is not None and key in self._unusable:
            return True
        self._table.declares(key)
        return False


@dataclass
class SheetTable:
    """A schema sheet as found in the workbook: where its columns are, and its rows."""

    schema: Sheet
    name: str
    letters: dict[str, str]  # column key -> Excel letter, for the columns present
    numbers: list[int] = field(default_factory=list)  # each row's Excel row number
    columns: dict[str, list[Any]] = field(default_factory=dict)  # key -> typed values, row by row
    unusable: dict[int, dict[str, Any]] = field(default_factory=dict)  # position -> {key: as typed}
    _records: list[Record] | None = None

    def has(self, key: str) -> bool:
        """The workbook's sheet has the column (any key may be asked: sheets differ in columns)."""
        return key in self.letters

    def declares(self, key: str) -> None:
        """Raises UndeclaredColumn unless the sheet declares a column `key` (present or not)."""
        if key not in self._keys:
            raise UndeclaredColumn(self.schema.name, key, [column.key for column in self.schema.columns])

    @cached_property
    def _keys(self) -> frozenset[str]:
        return frozenset(column.key for column in self.schema.columns)

    def values(self, key: str) -> list[Any]:
        """A column's typed values in row order (all None for a column not on the sheet), for
        checks that walk many rows: they make a record only for a row with an issue."""
        found = self.columns.get(key)
        if found is None:
            self.declares(key)
            return [None] * len(self.numbers)
        return found

    def record(self, position: int) -> Record:
        return Record(self.numbers[position], position, self.columns, self.unusable.get(position), self)

    @property
    def records(self) -> list[Record]:
        """Every row as a record, made when first asked for."""
        if self._records is None:
            self._records = [self.record(position) for position in range(len(self.numbers))]
        return self._records

    def issue(
        self,
        record: Record,
        key: str,
        code: str,
        message: str,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
        value: Any = None,
    ) -> Issue:
        """An issue at one cell of this table, with its header and the value staff typed."""
        column = self.schema.column(key)
        return Issue(
            code=code,
            severity=severity,
            message=_with_header(column.header, message),
            sheet=self.name,
            row=record.row,
            column=self.letters.get(key),
            header=column.header,
            value=record.raw(key) if value is None else value,
            hint=hint,
        )

    def place(self, record: Record, key: str) -> CellRef:
        """The cell of `record`'s value for `key`, as data."""
        return CellRef(self.name, record.row, self.letters[key])

    def cell(self, record: Record, key: str) -> str:
        """The same cell as Excel writes it (States!A5), for a message or a hint."""
        return str(self.place(record, key))


#: The codes of the problems found while reading and typing cells, from the one catalogue.
READING_CODES = codes(READING)


#: The issue of a required sheet that is not there: the checks of the data wait for it.
MISSING_SHEET = "missing-sheet"


@dataclass
class LoadedWorkbook:
    """The typed tables found, keyed by schema sheet name; absent sheets are missing."""

    tables: dict[str, SheetTable]
    sha256: str = ""

    def records(self, sheet: str) -> list[Record]:
        table = self.tables.get(sheet)
        return table.records if table else []


def load_tables(raw: RawWorkbook, sheets: Sequence[Sheet]) -> tuple[LoadedWorkbook, list[Issue]]:
    """The typed table of each of `sheets` the workbook has, and the problems found typing them."""
    issues = [Issue(n.code, Severity.WARNING, n.message, sheet=n.sheet, hint=n.hint) for n in raw.notes]
    tables: dict[str, SheetTable] = {}
    known = {normalise_header(schema.name) for schema in sheets}
    unknown = [sheet.name for sheet in raw.sheets if normalise_header(sheet.name) not in known]
    for schema in sheets:
        sheet = raw.sheet(schema.name)
        if sheet is None:
            if schema.required:
                issues.append(
                    Issue(
                        MISSING_SHEET,
                        Severity.ERROR,
                        f"The workbook has no sheet named {schema.name!r}",
                        hint=_missing_sheet_hint(schema.name, unknown),
                    )
                )
            continue
        table, sheet_issues = _load_table(schema, sheet)
        issues.extend(sheet_issues)
        tables[schema.name] = table
    return LoadedWorkbook(tables, raw.sha256), issues


def _load_table(schema: Sheet, sheet: RawSheet) -> tuple[SheetTable, list[Issue]]:
    by_column = _transpose(list(map(itemgetter(1), sheet.rows)))  # once for the table's every use
    issues = list(_header_issues(schema, sheet, by_column))
    by_header = {normalise_header(c.header): c for c in schema.columns}
    positions: dict[str, int] = {}  # column key -> 0-based index
    for index, header in enumerate(sheet.headers):
        column = by_header.get(normalise_header(header))
        if column is not None and column.key not in positions:
            positions[column.key] = index
    missing = [c for c in schema.required_columns if c.key not in positions]
    for column in missing:
        issues.append(
            Issue(
                "missing-column",
                Severity.ERROR,
                f"The {schema.name} sheet has no {column.header!r} column",
                sheet=sheet.name,
                row=sheet.header_row or 1,
                hint=f"add a column headed {column.header!r}: {column.note}",
            )
        )
    table = SheetTable(schema, sheet.name, {key: column_letters(i + 1) for key, i in positions.items()})
    issues.extend(_merged_issues(sheet, {index: key for key, index in positions.items()}, schema))
    distinct = [_distinct(cells) for cells in by_column]  # each column's set, made once
    if not missing:
        required = [(c, positions[c.key]) for c in schema.required_columns]
        sheet, stray = _without_stray_rows(sheet, required, by_column, distinct)
        if stray:  # rows were taken out: the rare sheet with a stray value is transposed again
            by_column = _transpose(list(map(itemgetter(1), sheet.rows)))
            distinct = [_distinct(cells) for cells in by_column]
        issues.extend(stray)
    columns = [(schema.column(key), source) for key, source in positions.items()]
    _load_records(table, columns, sheet, by_column, distinct, issues)
    return table, issues


def _without_stray_rows(
    sheet: RawSheet,
    required: list[tuple[Column, int]],
    by_column: list[tuple[Any, ...]],
    distinct: list[set[Any] | None],
) -> tuple[RawSheet, list[Issue]]:
    """A row whose one value stands alone (a stray `x` typed far below the table) is one issue, at
    that value, instead of an error for every required cell the row lacks."""
    if len(required) < 2:
        return sheet, []
    rows = sheet.rows
    lacking: set[int] = set()
    for _, column in required:  # column-wise, once per distinct value: rows missing a required value
        cells = by_column[column] if column < len(by_column) else ()
        found = distinct[column] if column < len(distinct) else set()
        blanks = None if found is None else {value for value in found if is_blank(value)}
        if blanks is None or len(cells) < len(rows):
            lacking.update(p for p, (_, v) in enumerate(rows) if column >= len(v) or is_blank(v[column]))
        elif blanks:
            lacking.update(p for p, value in enumerate(cells) if value in blanks)
    issues = []
    stray: set[int] = set()
    for position in sorted(lacking):
        number, values = rows[position]
        visible = [i for i, value in enumerate(values) if not is_blank(value)]
        if len(visible) != 1:  # a real row with gaps, or nothing visible: the row's own checks say it
            continue
        stray.add(position)
        first = visible[0]
        letter = column_letters(first + 1)
        absent = ", ".join(c.header for c, i in required if i >= len(values) or is_blank(values[i]))
        issues.append(
            Issue(
                "stray-row",
                Severity.ERROR,
                f"{letter}{number} holds {values[first]!r}, the only value in row {number}, which has "
                f"no {absent}; it is not read as a row of data",
                sheet=sheet.name,
                row=number,
                column=letter,
                value=values[first],
                hint=f"if it is a stray value, clear {letter}{number}; "
                f"otherwise fill in the rest of row {number}",
            )
        )
    if not stray:
        return sheet, []
    # In place: whoever holds the raw sheet (diff) finds its rows where the table's records are.
    sheet.rows = [row for position, row in enumerate(rows) if position not in stray]
    return sheet, issues


def _header_issues(schema: Sheet, sheet: RawSheet, by_column: list[tuple[Any, ...]]) -> Iterator[Issue]:
    if sheet.header_row > 1:
        yield Issue(
            "header-not-first-row",
            Severity.WARNING,
            f"The column headers are in row {sheet.header_row}, not row 1; rows above it are ignored",
            sheet=sheet.name,
            row=sheet.header_row,
            hint="delete the rows above the headers so that they are in row 1",
        )
    known = {normalise_header(c.header) for c in schema.columns}
    seen: dict[str, str] = {}
    widest = len(by_column)  # the widest row's width: the rows padded to it
    unheaded = [i for i in range(widest) if i >= len(sheet.headers) or not normalise_header(sheet.headers[i])]
    data_columns = {i for i in unheaded if not all(map(is_blank, by_column[i]))}
    data_columns |= set(sheet.stray_columns)
    width = max([len(sheet.headers), *(i + 1 for i in data_columns)])
    for index in range(width):
        header = sheet.headers[index] if index < len(sheet.headers) else None
        letter = column_letters(index + 1)
        common: dict[str, Any] = {
            "sheet": sheet.name,
            "row": sheet.header_row,
            "column": letter,
            "value": header,
        }
        name = normalise_header(header)
        if not name:
            if index in data_columns:
                first = sheet.stray_columns.get(index) or next(
                    number for number, v in sheet.rows if index < len(v) and not is_blank(v[index])
                )
                yield Issue(
                    "blank-header",
                    Severity.WARNING,
                    f"Column {letter} has values (the first in {letter}{first}) but no header; "
                    "they are ignored",
                    hint="give the column a header, or unmerge a header merged across columns",
                    **common,
                )
            continue
        if name in seen:
            yield Issue(
                "duplicate-header",
                Severity.ERROR,
                f"The header {str(header).strip()!r} appears twice (also in column {seen[name]})",
                hint="rename or delete one of the two columns",
                header=str(header),
                **common,
            )
            continue
        seen[name] = letter
        if name not in known:
            yield Issue(
                "unknown-column",
                Severity.WARNING,
                f"The column {str(header).strip()!r} is not one the tool knows; it is kept but not checked",
                hint=_unknown_column_hint(schema, str(header)),
                header=str(header),
                **common,
            )


MERGED_RANGE = re.compile(r"^([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)$")


def _merged_issues(sheet: RawSheet, keys: dict[int, str], schema: Sheet) -> Iterator[Issue]:
    """Cells merged across rows below the headers: Excel keeps the value in the top cell only,
    so every row below it reads as empty there."""
    from report_tool.workbook.sheet_extent import column_number

    for ref in sheet.merged:
        match = MERGED_RANGE.match(ref)
        if match is None:
            continue
        first, top, last, bottom = match.group(1), int(match.group(2)), match.group(3), int(match.group(4))
        if bottom <= max(top, sheet.header_row):
            continue
        columns = range(column_number(first) - 1, column_number(last))
        headers = [schema.column(keys[i]).header for i in columns if i in keys]
        if not headers:
            continue
        yield Issue(
            "merged-cells",
            Severity.ERROR,
            f"{ref} are merged cells: merged cells hold one value, so rows {top + 1} to {bottom} "
            f"read as empty in {', '.join(headers)}; each row needs its own value",
            sheet=sheet.name,
            row=top,
            column=first,  # the top-left cell, which holds the value (and can take a note)
            value=ref,
            hint="select the cells, unmerge them (Home > Merge & Center) and type the value in each row",
        )


def _missing_sheet_hint(name: str, unknown: list[str]) -> str:
    """'did you mean' where a sheet of the workbook looks like the one missing (renamed 'Casualty')."""
    renamed = likely_meant(name, unknown)
    if renamed is not None:
        return f"did you mean {name!r}? The sheet {renamed!r} looks like it: rename it {name!r}"
    return f"add a sheet named {name!r}; `report-tool init` shows the layout"


def _unknown_column_hint(schema: Sheet, header: str) -> str:
    return did_you_mean(header.strip(), [c.header for c in schema.columns]) or (
        "if it is meant to be one of the tool's columns, give it that header; otherwise it can stay"
    )


def _load_records(
    table: SheetTable,
    columns: list[tuple[Column, int]],
    sheet: RawSheet,
    by_column: list[tuple[Any, ...]],
    distinct_by_column: list[set[Any] | None],
    issues: list[Issue],
) -> None:
    """Type every cell, a column at a time: valid values take a fast path, the rest the full parse."""
    rows = sheet.rows
    count = len(rows)
    numbers = list(map(itemgetter(0), rows))
    unusable: dict[int, dict[str, Any]] = {}
    uncached = sheet.uncached_formulas
    for column, source in columns:
        raw = by_column[source] if source < len(by_column) else (None,) * count
        distinct = distinct_by_column[source] if source < len(by_column) else {None}
        # blanks are counted only in a column that has some (most required columns have none)
        has_blanks = distinct is None or None in distinct or "" in distinct
        blanks = raw.count("") + raw.count(None) if has_blanks else 0
        if blanks == count:
            typed: list[Any] = [None] * count
        else:
            typed = _convert(fast_converter(column), raw, distinct)
            if SLOW in typed:
                for position, value in enumerate(typed):
                    if value is SLOW:
                        typed[position] = _slow(table, numbers[position], column, raw[position], issues)
                        if typed[position] is None:
                            unusable.setdefault(position, {})[column.key] = raw[position]
        if blanks and (column.required or uncached):
            for position, value in enumerate(raw):
                if value is not None and value != "":
                    continue
                number = numbers[position]
                if uncached and (number, source + 1) in uncached:
                    unusable.setdefault(position, {})[column.key] = None
                    issues.append(_issue(table, number, column, "formula-not-calculated", None))
                elif column.required:
                    issues.append(_issue(table, number, column, "required-value-missing", None))
        table.columns[column.key] = typed
    table.numbers = numbers
    table.unusable = unusable


def _distinct(raw: tuple[Any, ...]) -> set[Any] | None:
    """A column's distinct values, or None when one cannot be hashed."""
    try:
        return set(raw)
    except TypeError:
        return None


def _convert(fast: Any, raw: tuple[Any, ...], distinct: set[Any] | None) -> list[Any]:
    """fast() over a column, once per distinct value: columns repeat themselves (country names,
    editions, years, small counts), and mapping the rest in C is what makes 100,000 rows quick."""
    # True == 1 == 1.0 (and False == 0) would share one answer: a column holding 0 or 1 is
    # looked at for TRUE and FALSE, in C
    if distinct is None or ((0 in distinct or 1 in distinct) and bool in set(map(type, raw))):
        return list(map(fast, raw))
    answers = {value: fast(value) for value in distinct}
    if all(answer is value for value, answer in answers.items()):
        return list(raw)  # text as typed (most names and editions): copied in C, not looked up
    return list(map(answers.__getitem__, raw))


def _transpose(rows: list[Any]) -> list[tuple[Any, ...]]:
    """Rows to columns in C (zip); ragged rows (openpyxl's) are padded first."""
    if not rows:
        return []
    widest = max(map(len, rows))
    if min(map(len, rows)) != widest:
        rows = [tuple(cells) + (None,) * (widest - len(cells)) for cells in rows]
    return list(zip(*rows, strict=True))


FIXED_PROBLEMS = {
    "formula-not-calculated": (
        "has a formula with no calculated value (the file was saved by a program that does not "
        "calculate formulas)",
        "open the workbook in Excel and save it, or type the value instead of the formula",
    ),
    "required-value-missing": ("is empty; every row needs one", None),
}


def _issue(table: SheetTable, number: int, column: Column, code: str, raw: Any) -> Issue:
    message, hint = FIXED_PROBLEMS[code]
    hint = hint or f"fill in the {column.header}, or delete the row if it is not needed"
    return table.issue(_at(table, number), column.key, code, message, hint, value=raw)


def _slow(table: SheetTable, number: int, column: Column, raw: Any, issues: list[Issue]) -> Any:
    """The full parse, with the problem that stands in the way, if any; None when unusable."""
    at = _at(table, number)
    if isinstance(raw, str) and raw.strip() in EXCEL_ERRORS:
        issues.append(
            table.issue(
                at,
                column.key,
                "formula-error",
                f"shows the error {raw.strip()}",
                "fix the formula or type the value",
                value=raw,
            )
        )
        return None
    if column.required and is_blank(raw):
        issues.append(_issue(table, number, column, "required-value-missing", raw))
        return None
    parsed = parse_value(column, raw)
    problem = parsed.problem
    if problem is not None:
        severity = Severity.WARNING if problem.warning else Severity.ERROR
        issues.append(
            table.issue(at, column.key, problem.code, problem.message, problem.hint, severity, value=raw)
        )
    return parsed.value


def _at(table: SheetTable, number: int) -> Record:
    """A stand-in record for an issue raised while the row is still being read."""
    return Record(number, 0, {}, None, table)


def _with_header(header: str, message: str) -> str:
    """'Signed is empty', 'Signed: 'x' is not a date'; a full sentence stays as it is."""
    if message[:1].isupper():
        return message
    return f"{header} {message}" if message[:1].islower() else f"{header}: {message}"


__all__ = ["READING_CODES", "LoadedWorkbook", "Record", "SheetTable", "load_tables"]
