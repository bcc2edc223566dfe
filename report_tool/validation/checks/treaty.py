"""The Convention's rules: signature (Art. 15), entry into force (Art. 17), withdrawal (Art. 20),
status as at the data date (through status.py, as the reports), and dates in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import ClassVar

from report_tool.domain.names import fold_name
from report_tool.domain.status import WITHDRAWN, standing, too_early
from report_tool.domain.treaty_dates import (
    FORTIETH_DEPOSIT,
    SIGNATURE_CLOSES,
    SIGNATURE_OPENS,
    entry_into_force,
    format_date,
    signature_window_contains,
    withdrawal_effective,
)
from report_tool.validation.checks.context import SHEET_FOR_ACTION, CheckContext
from report_tool.validation.issues import Issue, Severity
from report_tool.workbook.cell_references import CellRef
from report_tool.workbook.schema import ARMED_CONFLICT_YES, DATA_AS_AT
from report_tool.workbook.tables import Record, SheetTable
from report_tool.workbook.text_dates import parse_day, refusal

NEEDS_SIGNATURE = ("Ratification", "Acceptance", "Approval")


class SignatureRules:
    """Article 15: signature only while open; an accession has none; a ratification needs one."""

    codes: ClassVar[tuple[str, ...]] = (
        "signature-outside-window",
        "accession-with-signature",
        "ratification-without-signature",
    )

    def run(self, context: CheckContext) -> Iterator[Issue]:
        for table, record in context.rows("States"):
            signed, instrument = record.get("signed"), record.get("instrument")
            if signed and not signature_window_contains(signed):
                yield table.issue(
                    record,
                    "signed",
                    "signature-outside-window",
                    f"{format_date(signed)} is outside the signature period",
                    f"the Convention was open for signature from {format_date(SIGNATURE_OPENS)} to "
                    f"{format_date(SIGNATURE_CLOSES)} (Article 15); later states accede without signing",
                )
            if signed and instrument == "Accession":
                yield table.issue(
                    record,
                    "instrument",
                    "accession-with-signature",
                    "is Accession, but the state has a Signed date",
                    "a state that signed deposits a Ratification (or Acceptance or Approval); "
                    "a state that did not sign accedes: correct one of the two",
                )
            if not signed and instrument in NEEDS_SIGNATURE and table.has("signed"):
                yield table.issue(
                    record,
                    "instrument",
                    "ratification-without-signature",
                    f"is {instrument}, but there is no Signed date",
                    "a state ratifies what it signed: add the signature date, or use Accession",
                )


class EntryIntoForce:
    """Article 17: 1 Mar 1999 for the first 40 instruments, else day 1 of the sixth month after."""

    codes: ClassVar[tuple[str, ...]] = ("entry-into-force-mismatch",)

    def run(self, context: CheckContext) -> Iterator[Issue]:
        for table, record in context.rows("States"):
            deposited, given = record.get("deposited"), record.get("entry_into_force")
            if given and record.unusable("deposited"):
                context.not_checked_until(table, record, "deposited", "Entry into force")
            if not (deposited and given) or record.get("instrument") == "Succession":
                continue
            expected = entry_into_force(deposited)
            if given == expected:
                continue
            if deposited <= FORTIETH_DEPOSIT:
                reason = (
                    f"instruments deposited by {format_date(FORTIETH_DEPOSIT)} took effect when the "
                    "Convention entered into force (Article 17(1))"
                )
            else:
                reason = (
                    f"the first day of the sixth month after deposit on {format_date(deposited)} "
                    "(Article 17(2))"
                )
            yield table.issue(
                record,
                "entry_into_force",
                "entry-into-force-mismatch",
                f"{format_date(given)} does not follow from the deposit date",
                f"Entry into force should be {format_date(expected)}: {reason}; or leave it blank "
                "to have it worked out",
            )


class WithdrawalRules:
    """Article 20: effect six months after notification, by a state that was a party."""

    codes: ClassVar[tuple[str, ...]] = (
        "withdrawal-effective-mismatch",
        "withdrawal-effective-late",
        "withdrawal-by-non-party",
    )

    def run(self, context: CheckContext) -> Iterator[Issue]:
        for table, record in context.rows("Withdrawals"):
            notified, effective = record.get("notified"), record.get("effective")
            if effective and record.unusable("notified"):
                context.not_checked_until(table, record, "notified", "Effective")
            if notified and effective:
                expected = withdrawal_effective(notified)
                if effective < expected:
                    yield table.issue(
                        record,
                        "effective",
                        "withdrawal-effective-mismatch",
                        f"{format_date(effective)} is too early",
                        f"a withdrawal takes effect six months after notification (Article 20(3)): "
                        f"{format_date(expected)}; or leave it blank to have it worked out",
                    )
                elif effective > expected and record.get("armed_conflict") != ARMED_CONFLICT_YES:
                    yield table.issue(
                        record,
                        "effective",
                        "withdrawal-effective-late",
                        f"{format_date(effective)} is later than six months after notification "
                        f"({format_date(expected)})",
                        "a withdrawal takes effect later only if the state was engaged in an armed "
                        "conflict when the six months ended (Article 20(3)): then put yes in "
                        "Armed conflict (Art. 20(3)); otherwise correct the date or leave it blank",
                    )
            state = context.state(record.get("state"))
            if state is None or not notified:
                continue
            deposited = state.get("deposited")
            never_party = state.get("status") in ("Not party", "Signatory") and not deposited
            if never_party or (deposited and deposited > notified):
                since = f"only from {format_date(deposited)}" if deposited else "never"
                yield table.issue(
                    record,
                    "notified",
                    "withdrawal-by-non-party",
                    f"{format_date(notified)}: {record.get('state')} was {since} a State Party",
                    "only a State Party can withdraw (Article 20); check the dates on both sheets",
                )


def effective_withdrawal(context: CheckContext, state: Record) -> dt.date | None:
    """The day the state's withdrawal takes effect, given or derived (Article 20); None when there
    is none, or while it is pending until an armed conflict ends (Article 20(3))."""
    withdrawal = context.withdrawals.get(fold_name(state.get("state") or ""))
    if withdrawal is None:
        return None
    if withdrawal.get("effective"):
        return withdrawal.get("effective")
    notified = withdrawal.get("notified")
    if not notified or withdrawal.get("armed_conflict") == ARMED_CONFLICT_YES:
        return None
    return withdrawal_effective(notified)


def _status_waits(context: CheckContext, table: SheetTable, state: Record) -> bool:
    """Whether a date the status follows from is unreadable, or a withdrawal's Notified date is
    blank (nothing then says when it takes effect); if so, said at that date's cell."""
    waits = [(table, state, k) for k in ("signed", "deposited") if state.unusable(k)]
    withdrawal = context.withdrawals.get(fold_name(state.get("state") or ""))
    withdrawals = context.table("Withdrawals")
    if withdrawal is not None and withdrawals is not None:
        waits += [(withdrawals, withdrawal, k) for k in ("notified", "effective") if withdrawal.unusable(k)]
        if not withdrawal.get("notified") and not withdrawal.unusable("notified"):
            if not withdrawals.has("notified"):
                return True  # the missing column is reported; nothing to say at a cell
            waits.append((withdrawals, withdrawal, "notified"))
    for where, record, key in waits:
        what = f"the Status of {state.get('state')} ({table.cell(state, 'status')})"
        context.not_checked_until(where, record, key, what)
    return bool(waits)


class StatusAgreesWithDates:
    """The Status column agrees with what the dates say on the data date (status.standing)."""

    codes: ClassVar[tuple[str, ...]] = (
        "status-mismatch",
        "party-without-deposit",
        "signatory-without-date",
    )

    def run(self, context: CheckContext) -> Iterator[Issue]:
        undated: list[CellRef] = []
        table = context.table("States")
        if table is None or not table.has("status"):
            return
        as_of = context.as_of
        for record in table.records:
            status = record.get("status")
            if status is None or _status_waits(context, table, record):
                continue  # the unusable dates are reported where they are, saying the status waits
            effective = effective_withdrawal(context, record)
            withdrawal = context.withdrawals.get(fold_name(record.get("state") or ""))
            expected, _ = standing(
                as_of,
                status=status,
                signed=record.get("signed"),
                deposited=record.get("deposited"),
                notified=withdrawal.get("notified") if withdrawal else None,
                effective=effective,
            )
            if status == WITHDRAWN and expected != WITHDRAWN and (effective is None or withdrawal is None):
                yield table.issue(
                    record,
                    "status",
                    "status-mismatch",
                    f"is Withdrawn, but no withdrawal has taken effect by {format_date(as_of)}",
                    "add the withdrawal to the Withdrawals sheet, or correct the Status"
                    if withdrawal is None
                    else "Armed conflict (Art. 20(3)) is yes and Effective is blank: the withdrawal takes "
                    "effect only when the armed conflict ends (Article 20(3)); until then it is a "
                    "State Party",
                )
            elif status != expected:
                yield table.issue(
                    record,
                    "status",
                    "status-mismatch",
                    f"is {status}, but as at {format_date(as_of)} it should be {expected}",
                    _status_hint(record, expected, effective),
                )
            elif status == "State Party" and record.get("deposited") is None and table.has("deposited"):
                undated.append(table.place(record, "deposited"))
            elif status == "Signatory" and record.get("signed") is None and table.has("signed"):
                yield table.issue(
                    record,
                    "signed",
                    "signatory-without-date",
                    "is empty for a Signatory",
                    "add the date of signature",
                    Severity.WARNING,
                )
        if undated:
            yield Issue(
                "party-without-deposit",
                Severity.WARNING,
                f"{len(undated):,} {'State Party has' if len(undated) == 1 else 'States Parties have'} no "
                "Deposited date, so their status cannot be traced back in time",
                sheet=table.name,
                column=table.letters["deposited"],
                header="Deposited",
                hint="add the date each instrument was deposited with the UN Secretary-General",
                cells=tuple(undated),
            )


def _status_hint(record: Record, expected: str, effective: dt.date | None) -> str:
    deposited = record.get("deposited")
    if expected == "Withdrawn" and effective:
        return f"its withdrawal took effect on {format_date(effective)} (Withdrawals sheet)"
    if record.get("status") == "Withdrawn" and effective:
        return f"its withdrawal takes effect only on {format_date(effective)}; until then it is a State Party"
    if expected == "State Party" and deposited:
        return (
            f"its instrument was deposited on {format_date(deposited)}; "
            "a pending withdrawal does not change that"
        )
    if deposited:
        return f"its instrument is dated {format_date(deposited)}, after the as-at date"
    return "a state that signed but has not deposited an instrument is a Signatory"


class DatesInOrder:
    """Signed <= Deposited < Entry into force; Announced <= Notified <= Effective; objections after
    the action; nothing dated after the as-at date but what the treaty dates in advance."""

    codes: ClassVar[tuple[str, ...]] = ("date-order", "objection-before-action", "future-date")
    ORDERS: ClassVar[dict[str, tuple[tuple[str, str, bool], ...]]] = {
        # (earlier, later, may be equal)
        "States": (("signed", "deposited", True), ("deposited", "entry_into_force", False)),
        "Withdrawals": (("announced", "notified", True), ("notified", "effective", False)),
        "Suspensions": (("announced", "notified", True),),
    }
    #: Dates that may lie after the as-at date: entry into force and withdrawal are announced
    #: months ahead, and meetings are planned ahead.
    PAST_ONLY: ClassVar[dict[str, tuple[str, ...]]] = {
        "States": ("signed", "deposited"),
        "Withdrawals": ("announced", "notified"),
        "Suspensions": ("announced", "notified"),
        "Objections": ("date",),
    }

    def run(self, context: CheckContext) -> Iterator[Issue]:
        for sheet, pairs in self.ORDERS.items():
            for table, record in context.rows(sheet):
                for earlier, later, may_equal in pairs:
                    if later == "entry_into_force" and record.get("instrument") == "Succession":
                        continue  # a succession may take effect from independence, before deposit
                    first, second = record.get(earlier), record.get(later)
                    if first and second and (second < first or (second == first and not may_equal)):
                        a, b = (
                            table.schema.column(earlier).header,
                            table.schema.column(later).header,
                        )
                        yield table.issue(
                            record,
                            later,
                            "date-order",
                            f"{format_date(second)} is {'before' if second < first else 'the same day as'} "
                            f"{a} ({format_date(first)})",
                            f"{b} must come {'on or ' if may_equal else ''}after {a}",
                        )
        yield from self._objections(context)
        for sheet, keys in self.PAST_ONLY.items():
            for table, record in context.rows(sheet):
                for key in keys:
                    day = record.get(key)
                    if day and day > context.as_of:
                        yield table.issue(
                            record,
                            key,
                            "future-date",
                            f"{format_date(day)} is after the data date ({format_date(context.as_of)})",
                            "check the year; or set the day the workbook is current to in Settings "
                            "(Data as at), or validate as at a later day",
                        )

    def _objections(self, context: CheckContext) -> Iterator[Issue]:
        for table, record in context.rows("Objections"):
            day, target = record.get("date"), context.state(record.get("objection_to"))
            sheet = SHEET_FOR_ACTION.get(record.get("action") or "")
            if not (day and target and sheet):
                continue
            notified = [
                r.get("notified")
                for _, r in context.rows(sheet)
                if context.state(r.get("state")) is target and r.get("notified")
            ]
            if notified and day < min(notified):
                yield table.issue(
                    record,
                    "date",
                    "objection-before-action",
                    f"{format_date(day)} is before the {record.get('action').lower()} it objects to "
                    f"was notified ({format_date(min(notified))})",
                    "an objection answers a notified action: check both dates",
                )


class ObjectionsDated:
    """An objection without a date cannot be placed in time; said once for the sheet."""

    codes: ClassVar[tuple[str, ...]] = ("objection-undated",)

    def run(self, context: CheckContext) -> Iterator[Issue]:
        table = context.table("Objections")
        if table is None or not table.has("date"):
            return
        cells = [
            table.place(r, "date") for r in table.records if r.get("date") is None and not r.unusable("date")
        ]
        if cells:
            yield Issue(
                "objection-undated",
                Severity.WARNING,
                f"{len(cells):,} objection{'s have' if len(cells) != 1 else ' has'} no Date; "
                "reports list them as undated",
                sheet=table.name,
                column=table.letters["date"],
                header="Date",
                hint="add the date each objection was lodged, when it is known",
                cells=tuple(cells),
            )


class DataDateSetting:
    """Settings `Data as at` is a day the Convention existed on: the data date checks read against."""

    codes: ClassVar[tuple[str, ...]] = ("data-date-invalid",)

    def run(self, context: CheckContext) -> Iterator[Issue]:
        for table, record in context.rows("Settings"):
            value = record.get("value")
            if record.get("setting") != DATA_AS_AT or not value:
                continue
            day = parse_day(str(value))
            if day is None:
                message, hint = refusal(str(value))
                yield table.issue(
                    record, "value", "data-date-invalid", message, f"{hint}; until then, today is assumed"
                )
            elif day < SIGNATURE_OPENS:
                yield table.issue(record, "value", "data-date-invalid", too_early(day), "check the year")
