"""The briefing's figures as at the date, worked out once: the key figures table, the summary
paragraph and the cover all say these, so that no part of the document has a figure of its own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from report_tool.domain.collation import un_key, un_sorted
from report_tool.domain.model import CasualtyFigure, Decision, Meeting, Objection, Suspension
from report_tool.domain.status import (
    PARTY,
    WITHDRAWN,
    Counts,
    Event,
    StateStatus,
    events_between,
    latest_by_year,
)
from report_tool.report.sections.context import ReportContext

#: Without a previous meeting, the period is this many days before the as-at date.
FALLBACK_DAYS = 365
JOINED = ("deposited",)  # the kind of an event that makes a state a State Party ends with it


@dataclass(frozen=True)
class Period:
    """From the end of the previous meeting (exclusive) to the as-at date (inclusive)."""

    since: dt.date
    until: dt.date
    previous: Meeting | None  # None: no earlier meeting is dated; the last twelve months


@dataclass(frozen=True)
class Figures:
    counts: Counts
    withdrawn: list[str]  # withdrawals that have taken effect
    pending: list[StateStatus]  # States Parties whose withdrawal is pending, soonest first
    not_in_force: list[str]  # States Parties for which the Convention is not yet in force
    suspensions: list[Suspension]  # notified by the date
    objections: list[Objection]  # lodged by the date, or undated
    decisions: list[tuple[Decision, Meeting | None]]  # of meetings held by the date
    casualties: CasualtyFigure | None  # the latest year's worldwide figure
    casualties_before: CasualtyFigure | None  # the year before it
    period: Period
    events: list[Event]  # in the period

    @property
    def undated_objections(self) -> int:
        return sum(1 for o in self.objections if o.date is None)

    @property
    def joined(self) -> list[Event]:
        """Instruments deposited in the period: the states that became States Parties."""
        return [e for e in self.events if e.kind.endswith(JOINED)]

    def withdrawals(self, kind: str) -> list[Event]:
        """'Withdrawal notified' or 'Withdrawal takes effect' events in the period."""
        return [e for e in self.events if e.kind == kind]


def figures(ctx: ReportContext) -> Figures:
    day = ctx.as_of
    pending = sorted(
        (s for s in ctx.statuses if s.withdrawal_pending and s.withdrawal),
        key=lambda s: (s.withdrawal.effective or dt.date.max, un_key(s.state.name)),  # type: ignore[union-attr]
    )
    decisions = []
    for decision in ctx.model.decisions:
        meeting = ctx.model.meeting(decision.meeting)
        if meeting is None or meeting.starts is None or meeting.starts <= day:
            decisions.append((decision, meeting))
    latest = latest_by_year(ctx.model.casualties)
    year = max(latest) if latest else None
    period = period_of(ctx)
    return Figures(
        counts=ctx.counts,
        withdrawn=un_sorted(s.state.name for s in ctx.statuses if s.status == WITHDRAWN),
        pending=pending,
        not_in_force=un_sorted(s.state.name for s in ctx.statuses if s.status == PARTY and not s.in_force),
        suspensions=sorted(
            (x for x in ctx.model.suspensions if x.notified <= day),
            key=lambda x: (x.notified, un_key(x.state)),
        ),
        objections=[o for o in ctx.model.objections if o.date is None or o.date <= day],
        decisions=decisions,
        casualties=latest[year] if year is not None else None,
        casualties_before=latest.get(year - 1) if year is not None else None,
        period=period,
        events=sorted(events_between(ctx.model, period.since, day), key=lambda e: (e.day, un_key(e.state))),
    )


def period_of(ctx: ReportContext) -> Period:
    previous = ctx.previous
    if previous is not None and previous.ends is not None:
        return Period(previous.ends, ctx.as_of, previous)
    return Period(ctx.as_of - dt.timedelta(days=FALLBACK_DAYS), ctx.as_of, None)
