"""Keys that must be unique: State, ISO3, Country + Year + Edition, Short name, Setting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from report_tool.domain.names import fold_name
from report_tool.validation.checks.context import CheckContext, by_distinct_values
from report_tool.validation.issues import Issue, Severity, display_value


class DuplicateKeys:
    codes: ClassVar[tuple[str, ...]] = ("duplicate-key",)

    def run(self, context: CheckContext) -> Iterator[Issue]:
        for table in context.workbook.tables.values():
            schema = table.schema
            for keys in schema.unique:
                if not all(table.has(key) for key in keys):
                    continue
                columns = [_folded(table.values(key)) for key in keys]
                keyed = list(zip(*columns, strict=True))
                if len(set(keyed)) == len(keyed):  # no two rows alike, the usual case: found in C
                    continue
                first_row: dict[tuple[Any, ...], int] = {}
                rows = zip(table.numbers, keyed, strict=True)
                for position, (number, values) in enumerate(rows):
                    if None in values:
                        continue
                    seen = first_row.setdefault(values, number)
                    if seen == number:
                        continue
                    record = table.record(position)
                    headers = " + ".join(schema.column(k).header for k in keys)
                    shown = ", ".join(display_value(record.get(k)) for k in keys)
                    yield table.issue(
                        record,
                        keys[0],
                        "duplicate-key",
                        f"{headers} {shown} is already on row {seen}",
                        "each row must be unique; delete or correct one of the two rows",
                    )


class UnconfirmedNamesColumns:
    """An Unconfirmed cell names columns of its own sheet: a misspelt header would leave an
    unconfirmed value printed as if the sources confirmed it."""

    codes: ClassVar[tuple[str, ...]] = ("unconfirmed-unknown-column",)

    def run(self, context: CheckContext) -> Iterator[Issue]:
        from report_tool.domain.model import unconfirmed_entries
        from report_tool.workbook.schema import normalise_header

        for table in context.workbook.tables.values():
            if not table.has("unconfirmed"):
                continue
            headers = {normalise_header(c.header) for c in table.schema.columns}
            listed = ", ".join(
                c.header for c in table.schema.columns if c.key not in {"unconfirmed", "source"}
            )

            def unknown_in(cell: Any, headers: set[str] = headers) -> list[list[str]]:
                words = [w for w, _ in unconfirmed_entries(str(cell or ""))]
                unknown = [w for w in words if normalise_header(w) not in headers]
                return [unknown] if unknown else []

            for position, unknown in by_distinct_values([table.values("unconfirmed")], unknown_in):
                yield table.issue(
                    table.record(position),
                    "unconfirmed",
                    "unconfirmed-unknown-column",
                    f"{', '.join(repr(w) for w in unknown)} is not a column of this sheet",
                    "name the unconfirmed values by this sheet's headers, separated by commas, "
                    f"each with its reason in brackets if you like: {listed}",
                    Severity.WARNING,
                )


def _folded(values: list[Any]) -> list[Any]:
    """Text compared as names are ('Türkiye' typed or pasted decomposed is one name), folded once
    per distinct value: a column of 100,000 rows repeats a few hundred. Mapped in C; a value that
    is not text (a year) is its own key."""
    folded = {v: fold_name(v) for v in set(values) if type(v) is str}
    return list(map(folded.get, values, values)) if folded else values
