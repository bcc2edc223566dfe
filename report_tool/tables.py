"""Raw sheets -> typed tables: headers matched to the schema, each cell parsed to its type.

Structure problems (missing sheet or column, duplicate or unknown header) and cell problems
(wrong type, value not allowed, missing value) are found here, where the facts are at hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from report_tool.issues import Issue, Severity, display_value
from report_tool.reader import EXCEL_ERRORS, RawSheet, RawWorkbook, column_letter
from report_tool.schema import Column, Sheet, normalise_header
from report_tool.values import is_blank, parse_value


@dataclass
class Record:
    """One data row: typed values by column key; None where blank or unusable."""

    row: int
    values: dict[str, Any]
    raw: dict[str, Any]

    def get(self, key: str) -> Any:
        return self.values.get(key)


@dataclass
class Table:
    """A schema sheet as found in the workbook: where its columns are, and its rows."""

    schema: Sheet
    name: str
    letters: dict[str, str]  # column key -> Excel letter, for the columns present
    records: list[Record] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return key in self.letters

    def issue(
        self,
        record: Record,
        key: str,
        code: str,
        message: str,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
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
            value=record.raw.get(key),
            hint=hint,
        )

    def cell(self, record: Record, key: str) -> str:
        return f"{self.name}!{self.letters[key]}{record.row}"


@dataclass
class LoadedWorkbook:
    """The typed tables found, keyed by schema sheet name; absent sheets are missing."""

    tables: dict[str, Table]

    def records(self, sheet: str) -> list[Record]:
        table = self.tables.get(sheet)
        return table.records if table else []


def load_tables(raw: RawWorkbook) -> tuple[LoadedWorkbook, list[Issue]]:
    issues: list[Issue] = []
    tables: dict[str, Table] = {}
    from report_tool.plugins import sheets

    for schema in sheets():
        sheet = raw.sheet(schema.name)
        if sheet is None:
            if schema.required:
                issues.append(
                    Issue(
                        "missing-sheet",
                        Severity.ERROR,
                        f"The workbook has no sheet named {schema.name!r}",
                        hint=f"add a sheet named {schema.name!r}; `report-tool init` shows the layout",
                    )
                )
            continue
        table, sheet_issues = _load_table(schema, sheet)
        issues.extend(sheet_issues)
        if table is not None:
            tables[schema.name] = table
    return LoadedWorkbook(tables), issues


def _load_table(schema: Sheet, sheet: RawSheet) -> tuple[Table | None, list[Issue]]:
    issues = list(_header_issues(schema, sheet))
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
    table = Table(schema, sheet.name, {key: column_letter(i + 1) for key, i in positions.items()})
    columns = [(schema.column(key), index) for key, index in positions.items()]
    for number, values in sheet.rows:
        record, row_issues = _load_record(table, columns, number, values, sheet.uncached_formulas)
        issues.extend(row_issues)
        table.records.append(record)
    return table, issues


def _header_issues(schema: Sheet, sheet: RawSheet) -> Iterator[Issue]:
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
    data_columns = {i for _, values in sheet.rows for i, v in enumerate(values) if not is_blank(v)}
    width = max([len(sheet.headers), *(i + 1 for i in data_columns)])
    for index in range(width):
        header = sheet.headers[index] if index < len(sheet.headers) else None
        letter = column_letter(index + 1)
        common = {"sheet": sheet.name, "row": sheet.header_row, "column": letter, "value": header}
        name = normalise_header(header)
        if not name:
            if index in data_columns:
                yield Issue(
                    "blank-header",
                    Severity.WARNING,
                    f"Column {letter} has values but no header; it is ignored",
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


def _unknown_column_hint(schema: Sheet, header: str) -> str | None:
    from report_tool.values import did_you_mean

    return did_you_mean(header.strip(), [c.header for c in schema.columns])


def _load_record(
    table: Table,
    columns: list[tuple[Column, int]],
    number: int,
    values: tuple[Any, ...],
    uncached: set[tuple[int, int]],
) -> tuple[Record, list[Issue]]:
    record = Record(number, {}, {})
    issues: list[Issue] = []
    width = len(values)
    for column, index in columns:
        raw = values[index] if index < width else None
        record.raw[column.key] = raw
        if uncached and (number, index + 1) in uncached:
            issues.append(
                table.issue(
                    record,
                    column.key,
                    "formula-not-calculated",
                    "has a formula with no calculated value (the file was saved by a program "
                    "that does not calculate formulas)",
                    "open the workbook in Excel and save it, or type the value instead of the formula",
                )
            )
            continue
        if raw is None and not column.required:
            record.values[column.key] = None
            continue
        if isinstance(raw, str) and raw.strip() in EXCEL_ERRORS:
            issues.append(
                table.issue(
                    record,
                    column.key,
                    "formula-error",
                    f"shows the error {raw.strip()}",
                    "fix the formula or type the value",
                )
            )
            continue
        if column.required and is_blank(raw):
            issues.append(
                table.issue(
                    record,
                    column.key,
                    "required-value-missing",
                    "is empty; every row needs one",
                    f"fill in the {column.header}, or delete the row if it is not needed",
                )
            )
            continue
        parsed = parse_value(column, raw)
        record.values[column.key] = parsed.value
        problem = parsed.problem
        if problem is not None:
            severity = Severity.WARNING if problem.warning else Severity.ERROR
            issues.append(
                table.issue(record, column.key, problem.code, problem.message, problem.hint, severity)
            )
    return record, issues


def _with_header(header: str, message: str) -> str:
    """'Signed is empty', 'Signed: 'x' is not a date'; a full sentence stays as it is."""
    if message[:1].isupper():
        return message
    return f"{header} {message}" if message[:1].islower() else f"{header}: {message}"


__all__ = ["LoadedWorkbook", "Record", "Table", "display_value", "load_tables"]
