"""The announced 'suspension': the meetings' decisions on it, its steps, and the formal objections."""

from __future__ import annotations

from collections import Counter

from report_tool.domain.collation import un_key
from report_tool.domain.model import Decision, Objection, Step
from report_tool.domain.names import fold_name
from report_tool.domain.status import PARTY
from report_tool.report.sections.blocks import Heading, Kind, Paragraph, Section, Table, TableColumn, Value
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.provenance import Marks, by_row, cited
from report_tool.report.sections.text import format_date, join_names, plural
from report_tool.report.sections.treaty_text import quoted
from report_tool.report.sections.vocabulary import in_words

#: What the Convention says, in its own words: the briefing makes no legal argument of its own.
RULE = (
    "Article 19 of the Convention, on reservations, reads as follows; Article 20, on withdrawal, is "
    "quoted in the section on withdrawals."
)
#: Said only when a meeting held by the as-at date has said something of it.
DECISIONS_QUOTED = " What the States Parties have said of the \u2018suspension\u2019 is quoted below."
NOT_KNOWN = "not known"


def build(ctx: ReportContext) -> Section:
    status = {fold_name(s.state.name): s.status for s in ctx.statuses}
    suspensions = sorted(
        (s for s in ctx.model.suspensions if s.notified <= ctx.as_of),
        key=lambda s: (s.notified, un_key(s.state)),
    )
    states = list(dict.fromkeys(s.state for s in suspensions))
    remaining = [s for s in states if status.get(fold_name(s)) == PARTY]
    decisions = _decisions(ctx)
    rule = RULE + (DECISIONS_QUOTED if decisions else "")
    blocks: list = [Heading("Suspension and objections"), Paragraph(rule), *quoted(19), *decisions]
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
    said = _how_many_objections(ctx)
    if said is not None:
        blocks.append(said)
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
            Step(state, x.announced, "Announced", "", source=x.source)
            for x in ctx.model.suspensions
            if x.state == state and x.announced is not None
        ] + [
            Step(
                state,
                x.notified,
                "Notified the UN Secretary-General",
                x.reference,
                unconfirmed=frozenset({"date"}) if "notified" in x.unconfirmed else frozenset(),
                source=x.source,
                reasons=tuple(("date", header, why) for key, header, why in x.reasons if key == "notified"),
            )
            for x in ctx.model.suspensions
            if x.state == state
        ]
    keys = ("date", "step", "reference")
    marks = Marks()
    for s in steps:
        marks.add(s, keys)
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
        **marks.table(),
        footnotes=notes.caption,
        row_footnotes=notes.rows,
    )


def _how_many_objections(ctx: ReportContext) -> Paragraph | None:
    """How many states have objected, said as 'at least' with who reports them, unless Settings
    `Complete lists` names the Objections sheet: the sources name objectors 'among others'."""
    objections = [o for o in ctx.model.objections if o.date is None or o.date <= ctx.as_of]
    if not objections:
        return None
    parties = {fold_name(s.state.name) for s in ctx.statuses if s.status == PARTY}
    objecting = list(dict.fromkeys(o.objecting_state for o in objections))
    all_parties = all(fold_name(name) in parties for name in objecting)
    one, many = ("State Party has", "States Parties have") if all_parties else ("state has", "states have")
    count = len(objecting)
    who = f"{in_words(count)} {one if count == 1 else many}"
    what = "a formal objection" if count == 1 else "formal objections"
    targets = {(o.objection_to, o.action) for o in objections}
    if len(targets) == 1:
        target, action = next(iter(targets))
        to = (
            f"to {target}\u2019s \u2018suspension\u2019"
            if action == "Suspension"
            else f"to {target}\u2019s {action.lower()}"
        )
    else:
        to = "to the actions listed below"
    if ctx.complete("Objections"):
        return Paragraph(f"{who[0].upper()}{who[1:]} lodged {what} {to}.")
    documents = ctx.model.bibliography.documents_cited(o.source for o in objections)
    publishers = Counter(d.publisher for d in documents if d.publisher and d.published_by(ctx.known_at))
    named = [p for p, _ in publishers.most_common(3)]
    reported = f", as reported by {join_names(named)}" if named else ""
    return Paragraph(
        f"At least {who} lodged {what} {to}{reported}; the sources do not give the list as complete."
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
        **_marks(objections, keys).table(),
    )


def _marks(objections: list[Objection], keys: tuple[str | None, ...]) -> Marks:
    marks = Marks()
    for objection in objections:
        marks.add(objection, keys)
    return marks
