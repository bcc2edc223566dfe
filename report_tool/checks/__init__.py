"""Checks: one small class per rule family, each with stable issue codes; checks yield, never raise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, Protocol

from report_tool.hookspecs import hookimpl
from report_tool.issues import Issue
from report_tool.tables import LoadedWorkbook, Record, SheetTable

#: The sheet on which each kind of action that can be objected to is recorded.
SHEET_FOR_ACTION = {"Suspension": "Suspensions", "Withdrawal": "Withdrawals"}


@dataclass
class CheckContext:
    """What every check sees: the typed tables and the data date (`as_of`), the day the workbook
    is current to, against which the Status column and "nothing in the future" are checked."""

    workbook: LoadedWorkbook
    as_of: dt.date

    def table(self, sheet: str) -> SheetTable | None:
        return self.workbook.tables.get(sheet)

    def rows(self, sheet: str) -> Iterator[tuple[SheetTable, Record]]:
        table = self.workbook.tables.get(sheet)
        if table is not None:
            for record in table.records:
                yield table, record

    def _by_state(self, sheet: str) -> dict[str, Record]:
        """Rows by folded State name, the first row winning when a name repeats."""
        found: dict[str, Record] = {}
        for _, record in self.rows(sheet):
            name = record.get("state")
            if name:
                found.setdefault(name.casefold(), record)
        return found

    @cached_property
    def states(self) -> dict[str, Record]:
        return self._by_state("States")

    def state(self, name: str | None) -> Record | None:
        return self.states.get(name.casefold()) if name else None

    @cached_property
    def withdrawals(self) -> dict[str, Record]:
        return self._by_state("Withdrawals")


class Check(Protocol):
    """A rule family: the codes it may emit, and a run that yields its issues."""

    codes: ClassVar[tuple[str, ...]]

    def run(self, context: CheckContext) -> Iterator[Issue]: ...


@hookimpl
def register_checks() -> list[Check]:
    return builtin_checks()


def builtin_checks() -> list[Check]:
    from report_tool.checks import casualties, meetings, references, structure, treaty

    return [
        structure.DuplicateKeys(),
        structure.UnconfirmedNamesColumns(),
        references.StatesExist(),
        references.ObjectionTargets(),
        treaty.SignatureRules(),
        treaty.EntryIntoForce(),
        treaty.WithdrawalRules(),
        treaty.StatusAgreesWithDates(),
        treaty.DatesInOrder(),
        treaty.ObjectionsDated(),
        treaty.DataDateSetting(),
        casualties.CasualtyArithmetic(),
        casualties.CasualtyShares(),
        casualties.CasualtyTrend(),
        casualties.CasualtyYearKnown(),
        meetings.MeetingDates(),
    ]
