"""Derived facts as at a date: who is a State Party (Articles 17 and 20), counts, and events.

Pure functions over the model; the reports only format what these return.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeGuard

from report_tool.domain.model import CasualtyFigure, Meeting, Model, State, Withdrawal, doubts
from report_tool.domain.names import fold_name
from report_tool.domain.treaty_dates import SIGNATURE_OPENS, format_date
from report_tool.errors import DateTooEarly, UnknownMeeting

PARTY = "State Party"
SIGNATORY = "Signatory"
NOT_PARTY = "Not party"
WITHDRAWN = "Withdrawn"


@dataclass(frozen=True)
class StateStatus:
    """A state's standing on one day."""

    state: State
    status: str
    in_force: bool  # the Convention is in force for it (a party whose entry into force has come)
    withdrawal: Withdrawal | None
    withdrawal_pending: bool  # notified, not yet effective: still a State Party


def too_early(day: dt.date) -> str:
    """Why a day before 3 December 1997 describes nothing."""
    return (
        f"{format_date(day)} is before the Convention opened for signature on "
        f"{format_date(SIGNATURE_OPENS)}; choose a later date"
    )


def refuse_too_early(day: dt.date) -> None:
    """Raises DateTooEarly for a day before 3 December 1997."""
    if day < SIGNATURE_OPENS:
        raise DateTooEarly(day, too_early(day))


def standing(
    day: dt.date,
    *,
    status: str | None,
    signed: dt.date | None,
    deposited: dt.date | None,
    notified: dt.date | None = None,
    effective: dt.date | None = None,
) -> tuple[str, bool]:
    """The one rule for a state's standing on `day`, from its dates alone: (status, withdrawal
    pending). A party from deposit until its withdrawal takes effect (Article 20; `effective` None
    while pending without a date, Article 20(3)); the Status column fills in only where no date
    tells (no deposit, no signature)."""
    if effective is not None and effective <= day:
        return WITHDRAWN, False
    pending = notified is not None and notified <= day
    if deposited is not None:
        if deposited <= day:
            return PARTY, pending
    elif status in (PARTY, WITHDRAWN):
        return PARTY, pending  # no deposit date: the sheet's word is taken
    if signed is not None:
        return (SIGNATORY, False) if signed <= day else (NOT_PARTY, False)
    if deposited is None and status == SIGNATORY:
        return SIGNATORY, False
    return NOT_PARTY, False


def status_on(state: State, withdrawal: Withdrawal | None, day: dt.date) -> StateStatus:
    """A state counts as a party from the deposit of its instrument until its withdrawal takes
    effect, six months after notification (Article 20); the Convention is in force for it from
    its entry into force (Article 17). A suspension changes nothing."""
    status, pending = standing(
        day,
        status=state.status,
        signed=state.signed,
        deposited=state.deposited,
        notified=withdrawal.notified if withdrawal else None,
        effective=withdrawal.effective if withdrawal else None,
    )
    if status == PARTY:
        in_force = state.entry_into_force is None or state.entry_into_force <= day
        return StateStatus(state, PARTY, in_force, withdrawal, pending)
    return StateStatus(state, status, False, withdrawal if status == WITHDRAWN else None, False)


def takes_effect(withdrawal: Withdrawal) -> str:
    """When a withdrawal takes effect, in words, for both reports."""
    if withdrawal.effective is None:
        return "pending until the armed conflict ends (Article 20(3))"
    return f"takes effect {format_date(withdrawal.effective)}"


def statuses_on(model: Model, day: dt.date) -> list[StateStatus]:
    """Every state's standing on `day`, in one pass over the states."""
    withdrawals = {fold_name(w.state): w for w in model.withdrawals}
    return [status_on(s, withdrawals.get(fold_name(s.name)), day) for s in model.states]


@dataclass(frozen=True)
class Counts:
    parties: int
    parties_not_yet_in_force: int
    signatories: int
    not_party: int
    withdrawn: int
    withdrawals_pending: int
    by_region: dict[str, Counter[str]]

    @property
    def states(self) -> int:
        return self.parties + self.signatories + self.not_party + self.withdrawn


def counts(statuses: Sequence[StateStatus]) -> Counts:
    by_status = Counter(s.status for s in statuses)
    by_region: dict[str, Counter[str]] = defaultdict(Counter)
    for s in statuses:
        by_region[s.state.region][s.status] += 1
    return Counts(
        parties=by_status[PARTY],
        parties_not_yet_in_force=sum(1 for s in statuses if s.status == PARTY and not s.in_force),
        signatories=by_status[SIGNATORY],
        not_party=by_status[NOT_PARTY],
        withdrawn=by_status[WITHDRAWN],
        withdrawals_pending=sum(1 for s in statuses if s.withdrawal_pending),
        by_region=dict(sorted(by_region.items())),
    )


def parties_on(model: Model, day: dt.date) -> int:
    return counts(statuses_on(model, day)).parties


@dataclass(frozen=True)
class Event:
    day: dt.date
    state: str
    kind: str
    detail: str = ""
    #: why the day, or the date the detail gives, is not confirmed ('' when it is)
    day_doubt: str = ""
    detail_doubt: str = ""


def events_between(model: Model, after: dt.date | None, until: dt.date) -> list[Event]:
    """Treaty events dated after `after` (exclusive; None for all) up to `until` (inclusive)."""

    def within(day: dt.date | None) -> TypeGuard[dt.date]:
        return day is not None and (after is None or day > after) and day <= until

    found: list[Event] = []
    for state in model.states:
        doubt = doubts(state)
        if within(state.deposited):
            kind = f"{state.instrument or 'Instrument'} deposited"
            found.append(Event(state.deposited, state.name, kind, day_doubt=doubt.get("deposited", "")))
        if within(state.entry_into_force) and state.deposited and state.deposited <= until:
            why = doubt.get("entry_into_force", "")
            found.append(Event(state.entry_into_force, state.name, "Entry into force", day_doubt=why))
    for w in model.withdrawals:
        doubt = doubts(w)
        if within(w.notified):
            found.append(
                Event(
                    w.notified,
                    w.state,
                    "Withdrawal notified",
                    takes_effect(w),
                    doubt.get("notified", ""),
                    doubt.get("effective", ""),
                )
            )
        if within(w.effective):
            found.append(
                Event(w.effective, w.state, "Withdrawal takes effect", day_doubt=doubt.get("effective", ""))
            )
    for s in model.suspensions:
        if within(s.notified):
            found.append(
                Event(
                    s.notified,
                    s.state,
                    "\u2018Suspension\u2019 notified",
                    day_doubt=doubts(s).get("notified", ""),
                )
            )
    for o in model.objections:
        if within(o.date):
            found.append(
                Event(
                    o.date,
                    o.objecting_state,
                    "Objection lodged",
                    f"to the {o.action.lower()} by {o.objection_to}",
                    doubts(o).get("date", ""),
                )
            )
    return sorted(found, key=lambda e: (e.day, e.state, e.kind))


# -- casualties ---------------------------------------------------------------------------------


def latest_by_year(
    figures: Iterable[CasualtyFigure], country: str = "Global", with_breakdown: bool = False
) -> dict[int, CasualtyFigure]:
    """For each year, the figure from the latest Landmine Monitor edition that reports it (that
    gives killed and injured, with `with_breakdown`)."""
    best: dict[int, CasualtyFigure] = {}
    wanted = fold_name(country)
    for figure in figures:
        if fold_name(figure.country) != wanted:
            continue
        if with_breakdown and (figure.killed is None or figure.injured is None):
            continue
        current = best.get(figure.year)
        if current is None or figure.edition_year > current.edition_year:
            best[figure.year] = figure
    return dict(sorted(best.items()))


#: The parts of a year's figure that editions give or leave out, each taken from the latest that gives it.
BREAKDOWN = ("killed", "injured", "unknown", "civilians_pct")


def latest_giving(
    figures: Iterable[CasualtyFigure], country: str = "Global"
) -> dict[int, dict[str, CasualtyFigure]]:
    """For each year and each part of BREAKDOWN, the figure of the latest edition that gives that
    part: the latest edition of a year may give its total alone (a revision), an earlier one the
    killed and injured."""
    found: dict[int, dict[str, CasualtyFigure]] = defaultdict(dict)
    for figure in figures:
        if fold_name(figure.country) != fold_name(country):
            continue
        for part in BREAKDOWN:
            current = found[figure.year].get(part)
            if getattr(figure, part) is not None and (
                current is None or figure.edition_year > current.edition_year
            ):
                found[figure.year][part] = figure
    return dict(sorted(found.items()))


def revisions(figures: Iterable[CasualtyFigure], country: str = "Global") -> dict[int, list[CasualtyFigure]]:
    """Years reported by more than one edition with different totals, oldest edition first."""
    by_year: dict[int, list[CasualtyFigure]] = defaultdict(list)
    wanted = fold_name(country)
    for figure in figures:
        if fold_name(figure.country) == wanted:
            by_year[figure.year].append(figure)
    return {
        year: sorted(found, key=lambda f: f.edition_year)
        for year, found in sorted(by_year.items())
        if len({f.total for f in found}) > 1
    }


# -- meetings -----------------------------------------------------------------------------------


def select_meeting(model: Model, as_of: dt.date, short_name: str | None = None) -> Meeting | None:
    """The named meeting; by default the next one after the as-at date: the first, in sheet order,
    not yet over on that day, an undated meeting listed after the last one held counting as
    next; else the latest held."""
    if short_name:
        meeting = model.meeting(short_name)
        if meeting is None:
            raise UnknownMeeting(short_name, [m.short_name for m in model.meetings])
        return meeting
    meetings = model.meetings
    last_day = {i: m.ends or m.starts for i, m in enumerate(meetings) if m.starts}
    held = [i for i, day in last_day.items() if day and day < as_of]
    last_held = max(held, key=lambda i: last_day[i] or dt.date.min) if held else -1
    upcoming = [meetings[i] for i, day in last_day.items() if day and day >= as_of]
    soonest = min(upcoming, key=lambda m: m.starts or dt.date.min) if upcoming else None
    for index, m in enumerate(meetings):
        if m is soonest:
            return m
        if not m.starts and index > last_held:
            return m  # undated, listed after the last meeting held and before any dated one to come
    if held:
        return meetings[last_held]
    return meetings[-1] if meetings else None


def previous_meeting(model: Model, meeting: Meeting | None, as_of: dt.date) -> Meeting | None:
    """The latest meeting that ended before this one starts (or before the as-at date)."""
    cutoff = meeting.starts if meeting and meeting.starts else as_of
    ended = [m for m in model.meetings if m.ends and m.ends < cutoff and m is not meeting]
    return max(ended, key=lambda m: m.ends or dt.date.min) if ended else None
