"""Checks: one small class per rule family, each with stable issue codes; checks yield, never raise."""

from __future__ import annotations

from report_tool.plugins.hookspecs import hookimpl
from report_tool.validation.checks import casualties, meetings, references, sources, structure, treaty
from report_tool.validation.checks.context import SHEET_FOR_ACTION, Check, CheckContext

__all__ = ["SHEET_FOR_ACTION", "Check", "CheckContext", "builtin_checks", "register_checks"]


@hookimpl
def register_checks() -> list[Check]:
    return builtin_checks()


def builtin_checks() -> list[Check]:
    return [
        structure.DuplicateKeys(),
        structure.UnconfirmedNamesColumns(),
        references.StatesListed(),
        references.StateNamesFitCodes(),
        references.AreasAreNotStates(),
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
        sources.SourcesCited(),
        sources.EditionsKnown(),
    ]
