"""What changed between the end of the previous meeting and the as-at date, all dated."""

from __future__ import annotations

import datetime as dt

from report_tool.domain.collation import un_key
from report_tool.domain.status import Event, events_between, parties_on
from report_tool.report.sections.blocks import Heading, Kind, Paragraph, Section, Table, TableColumn
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.figures import period_of
from report_tool.report.sections.provenance import Marks, cited
from report_tool.report.sections.text import format_date, plural
from report_tool.report.sections.vocabulary import spelled_out


def build(ctx: ReportContext) -> Section:
    period = period_of(ctx)
    since, previous = period.since, period.previous
    if previous is not None:
        title = f"Changes since the {spelled_out(previous)}"
        sheet = f"Changes since the {previous.short_name}"
        ended = f"the end of the {previous.name} on {format_date(since)}"
        opening = f"Changes from {ended} to {format_date(ctx.as_of)}."
    else:
        title, sheet = "Changes in the last twelve months", None
        opening = f"No earlier meeting is dated; changes since {format_date(since)} are shown."
    events = sorted(events_between(ctx.model, since, ctx.as_of), key=lambda e: (e.day, un_key(e.state)))
    before, after = parties_on(ctx.model, since), ctx.counts.parties
    movement = (
        f"The number of States Parties went from {before:,} on {format_date(since)} to {after:,} "
        f"on {format_date(ctx.as_of)}."
        if before != after
        else f"The number of States Parties was {after:,} on both dates."
    )
    undated = [o for o in ctx.model.objections if o.date is None]
    said = (
        f"{plural(len(undated), 'objection has', 'objections have')} no known date and cannot be placed "
        "in this period; see the section on suspension and objections."
    )
    table = Table(
        "Changes",
        f"Treaty events from {format_date(since + dt.timedelta(days=1))} to {format_date(ctx.as_of)}",
        (
            TableColumn("Date", Kind.DATE, 1.35),
            TableColumn("State", width=1.6),
            TableColumn(
                "Event", width=2.0, when_same=lambda kind: f"Each row records the same event: {kind.lower()}."
            ),
            TableColumn("Detail", width=2.2),
        ),
        tuple((e.day, e.state, e.kind, e.detail) for e in events),
        **_marks(events).table(),
        empty="No treaty events in this period.",
        footnotes=(cited(said),) if undated else (),  # a caveat on the table, not a note left below it
    )
    cite = (
        (cited("", previous.source, about=f"The {previous.short_name}"),)
        if previous is not None and previous.source
        else ()
    )
    return Section(
        "changes",
        title,
        (Heading(title), Paragraph(opening, footnotes=cite), Paragraph(movement), table),
        sheet=sheet,  # a tab's name has room for the short name only
    )


def _marks(events: list[Event]) -> Marks:
    """An event's day, and the date its detail gives, marked as the tables of their own rows mark them."""
    marks = Marks()
    for event in events:
        marks.add(None, (), (0, event.day_doubt), (3, event.detail_doubt))
    return marks
