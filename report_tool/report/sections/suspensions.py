"""The announced 'suspension': the meetings' decisions on it, its steps, and the formal objections."""

from __future__ import annotations

from report_tool.domain.collation import un_key
from report_tool.domain.model import Decision, Step
from report_tool.domain.names import fold_name
from report_tool.domain.status import PARTY
from report_tool.report.sections.blocks import Heading, Kind, Paragraph, Section, Table, TableColumn, Value
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.provenance import by_row, cited, marked
from report_tool.report.sections.text import format_date, join_names, plural
from report_tool.report.sections.treaty_text import quoted

#: What the Convention says, in its own words: the briefing makes no legal argument of its own.
RULE = (
    "Article 19 of the Convention, on reservations, reads as follows; Article 20, on withdrawal, is "
    "quoted in the section on withdrawals. What the States Parties have said of the \u2018suspension\u2019 "
    "is quoted below."
)
NOT_KNOWN = "not known"


def build(ctx: ReportContext) -> Section:
    status = {fold_name(s.state.name): s.status for s in ctx.statuses}
    suspensions = sorted(
        (s for s in ctx.model.suspensions if s.notified <= ctx.as_of),
        key=lambda s: (s.notified, un_key(s.state)),
    )
    states = list(dict.fromkeys(s.state for s in suspensions))
    remaining = [s for s in states if status.get(fold_name(s)) == PARTY]
    blocks: list = [Heading("Suspension and objections"), Paragraph(RULE), *quoted(19)]
    blocks.extend(_decisions(ctx))
    if remaining:
        blocks.append(
            Paragraph(
                f"As at {format_date(ctx.as_of)}, {join_names(remaining)} "
                f"{'remains a State Party' if len(remaining) == 1 else 'remain States Parties'}, bound by "
                "the Convention."
            )
        )
    if not suspensions:
        blocks.append(Paragraph("No state has notified a \u2018suspension\u2019.", "note"))
    for state in states:
        blocks.append(_timeline(ctx, state))
    blocks.append(_objections(ctx))
    return Section("suspensions", "Suspension and objections", tuple(blocks))


def _decisions(ctx: ReportContext) -> list[Paragraph]:
    """Each decision of a meeting held by the as-at date, quoted, with its source as a footnote."""
    said = []
    for decision in ctx.model.decisions:
        meeting = ctx.model.meeting(decision.meeting)
        if meeting is not None and meeting.starts is not None and meeting.starts > ctx.as_of:
            continue
        said.append(_decision(decision, meeting.name if meeting else decision.meeting))
    return said


def _decision(decision: Decision, meeting: str) -> Paragraph:
    """The meeting's words, as its final report affirms them, with the document's reference."""
    where = f" ({decision.reference})" if decision.reference else ""
    return Paragraph(
        f"On {decision.subject.lower()}, the {meeting} affirmed{where}: \u201c{decision.text}\u201d",
        "quote",
        footnotes=(cited("", decision.source, about=f"The {meeting}'s decision"),) if decision.source else (),
    )


def _timeline(ctx: ReportContext, state: str) -> Table:
    """The state's steps from the Timeline sheet; without one, the dates on its Suspensions row."""
    steps = [s for s in ctx.model.timeline if s.state == state and (s.date is None or s.date <= ctx.as_of)]
    if not steps:
        steps = [
            Step(state, x.announced, "Announced", "", frozenset(), "", x.source)
            for x in ctx.model.suspensions
            if x.state == state and x.announced is not None
        ] + [
            Step(
                state,
                x.notified,
                "Notified the UN Secretary-General",
                x.reference,
                x.unconfirmed,
                "",
                x.source,
            )
            for x in ctx.model.suspensions
            if x.state == state
        ]
    keys = ("date", "step", "reference")
    notes = by_row(
        [format_date(s.date) if s.date else "Undated step" for s in steps],
        [s.source for s in steps],
        ""
        if any(s.reference for s in steps)
        else "No depositary (C.N.) reference is recorded for these steps.",
        about=f"Steps taken by {state}",
    )
    return Table(
        f"Steps taken by {state}"[:31],
        f"Steps taken by {state}, and on its \u2018suspension\u2019",
        (
            TableColumn("Date", Kind.DATE, 1.3),
            TableColumn("Step", width=4.2),
            TableColumn("Reference", width=1.2),
        ),
        tuple((s.date or NOT_KNOWN, s.step, s.reference) for s in steps),
        unconfirmed=tuple(marked(s.unconfirmed, keys) for s in steps),
        footnotes=notes.caption,
        row_footnotes=notes.rows,
    )


def _objections(ctx: ReportContext) -> Table:
    objections = sorted(
        (o for o in ctx.model.objections if o.date is None or o.date <= ctx.as_of),
        key=lambda o: (o.date is None, o.date or ctx.as_of, un_key(o.objecting_state)),
    )
    targets = {(o.objection_to, o.action) for o in objections}
    undated = sum(1 for o in objections if o.date is None)
    columns = [
        TableColumn("Objecting state", width=1.6),
        TableColumn("Date", Kind.DATE, 1.4),
        TableColumn("Reference", width=1.4),
    ]
    keys: tuple[str | None, ...] = ("objecting_state", "date", "reference")
    if len(targets) == 1:
        target, action = next(iter(targets))
        what = "\u2018suspension\u2019" if action == "Suspension" else action.lower()
        caption = f"Formal objections to {target}\u2019s {what}"
        rows: tuple[tuple[Value, ...], ...] = tuple(
            (o.objecting_state, o.date, o.reference or NOT_KNOWN) for o in objections
        )
    else:
        caption = "Formal objections"
        columns[1:1] = [TableColumn("Objection to", width=1.2), TableColumn("Action", width=1.0)]
        keys = ("objecting_state", "objection_to", "action", "date", "reference")
        rows = tuple(
            (o.objecting_state, o.objection_to, o.action, o.date, o.reference or NOT_KNOWN)
            for o in objections
        )
    said = (
        f"{plural(undated, 'objection has', 'objections have')} no known date (left blank)."
        if undated
        else ""
    )
    notes = by_row(
        [o.objecting_state for o in objections], [o.source for o in objections], said, about="Objections"
    )
    return Table(
        "Objections",
        caption,
        tuple(columns),
        rows,
        empty="No formal objections are recorded.",
        footnotes=notes.caption,
        row_footnotes=notes.rows,
        unconfirmed=tuple(marked(o.unconfirmed, keys) for o in objections),
    )
