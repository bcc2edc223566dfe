"""What every check sees (CheckContext) and what a check is (Check): the checks import these
from here, and the package's __init__ registers the checks, so that neither imports the other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, ClassVar, Protocol, TypeVar

from report_tool.domain.model import State, state_from_row
from report_tool.domain.names import StateNames, fold_name
from report_tool.validation.issues import Issue
from report_tool.workbook.cell_references import CellRef
from report_tool.workbook.tables import LoadedWorkbook, Record, SheetTable

#: The sheet on which each kind of action that can be objected to is recorded.
SHEET_FOR_ACTION = {"Suspension": "Suspensions", "Withdrawal": "Withdrawals"}

Finding = TypeVar("Finding")


def by_distinct_values(
    columns: Sequence[list[Any]], judge: Callable[..., Sequence[Finding]]
) -> Iterator[tuple[int, Finding]]:
    """(position, finding) for every row, in row order, for each thing `judge` finds in its values
    (one argument a column). `judge` is asked once per distinct combination: 100,000 casualty rows
    repeat a few hundred countries, editions and Source cells, and most rows have nothing to say."""
    if len(columns) == 1:  # a column's own values, not a million 1-tuples
        found = {value: judge(value) for value in set(columns[0])}
        keys: Sequence[Any] = columns[0]
    else:
        keys = list(zip(*columns, strict=True))
        found = {values: judge(*values) for values in set(keys)}
    if not any(found.values()):  # the usual case: no row is walked
        return
    for position, key in enumerate(keys):
        for finding in found[key]:
            yield position, finding


@dataclass
class CheckContext:
    """What every check sees: the typed tables and the data date (`as_of`), the day the workbook
    is current to, against which the Status column and "nothing in the future" are checked."""

    workbook: LoadedWorkbook
    as_of: dt.date
    #: cell -> the checks that wait on its value being readable (see not_checked_until)
    waiting: dict[CellRef, list[str]] = field(default_factory=dict)

    def not_checked_until(self, table: SheetTable, record: Record, key: str, what: str) -> None:
        """Say at an unreadable (or blank) cell what is not checked until it is readable (or filled
        in), so that an error hidden behind it does not appear only after the cell is fixed."""
        column = table.schema.column(key)
        readable = "a date" if column.type == "date" else "readable"
        kind = readable if record.unusable(key) else "filled in"
        note = f"{what} not checked until {column.header} is {kind}"
        self.waiting.setdefault(table.place(record, key), []).append(note)

    def with_waiting(self, issues: list[Issue]) -> list[Issue]:
        """The issues, each at a cell something waits on with that said in its hint."""
        if not self.waiting:
            return issues
        told = []
        for issue in issues:
            place = issue.place
            notes = self.waiting.get(place) if place is not None and place.is_cells else None
            if notes:
                hint = "; ".join([issue.hint, *notes] if issue.hint else notes)
                issue = replace(issue, hint=hint)
            told.append(issue)
        return told

    def table(self, sheet: str) -> SheetTable | None:
        return self.workbook.tables.get(sheet)

    def rows(self, sheet: str) -> Iterator[tuple[SheetTable, Record]]:
        table = self.workbook.tables.get(sheet)
        if table is not None:
            for record in table.records:
                yield table, record

    def _by_state(self, sheet: str) -> dict[str, Record]:
        """Rows by the folded name of the States row they refer to (so 'Bolivia' and 'Bolivia
        (Plurinational State of)' are one key), the first row winning when a state repeats."""
        found: dict[str, Record] = {}
        for _, record in self.rows(sheet):
            name = record.get("state")
            if name:
                state = self.state(name) if sheet != "States" else None
                found.setdefault(fold_name(state.get("state") if state else name), record)
        return found

    @cached_property
    def states(self) -> dict[str, Record]:
        return self._by_state("States")

    def state(self, name: str | None) -> Record | None:
        """The States row a name refers to: as typed (ignoring case), else through its ISO3 code
        ('Bolivia' for the row 'Bolivia (Plurinational State of)', BOL); StatesExist warns."""
        if not name:
            return None
        found = self.states.get(fold_name(name))
        return self.names.row_for(name) if found is None else found

    def model_state(self, name: str | None) -> State | None:
        """The States row a name refers to, as the model reads it (its entry into force derived
        from the deposit where not given), so that a check and a report agree on its dates."""
        record = self.state(name)
        return None if record is None else state_from_row(record, self.names)

    @cached_property
    def names(self) -> StateNames:
        return StateNames(self.table("States"))

    @cached_property
    def withdrawals(self) -> dict[str, Record]:
        return self._by_state("Withdrawals")


class Check(Protocol):
    """A rule family: the codes it may emit, and a run that yields its issues."""

    codes: ClassVar[tuple[str, ...]]

    def run(self, context: CheckContext) -> Iterator[Issue]: ...
