"""The announced 'suspension' and the formal objections to it."""

from __future__ import annotations

from report_tool.sections.blocks import Heading, Kind, Paragraph, Section, Table, TableColumn
from report_tool.sections.context import ReportContext
from report_tool.sections.text import format_date, join_names, plural
from report_tool.status import PARTY

RULE = (
    "The Convention provides no mechanism for suspending its operation: Article 20 provides only for "
    "withdrawal, and Article 19 allows no reservations. A notification of 'suspension' therefore does "
    "not change a state's status."
)


def build(ctx: ReportContext) -> Section:
    status = {s.state.name.casefold(): s.status for s in ctx.statuses}
    suspensions = sorted(ctx.model.suspensions, key=lambda s: (s.notified, s.state))
    remaining = sorted({s.state for s in suspensions if status.get(s.state.casefold()) == PARTY})
    blocks: list = [Heading("Suspension and objections"), Paragraph(RULE)]
    if remaining:
        blocks.append(
            Paragraph(
                f"As at {format_date(ctx.as_of)}, {join_names(remaining)} "
                f"{'remains a State Party' if len(remaining) == 1 else 'remain States Parties'}."
            )
        )
    blocks.append(
        Table(
            "Suspensions",
            "Notified 'suspensions'",
            (
                TableColumn("State", width=1.0),
                TableColumn("Announced", Kind.DATE, 1.25),
                TableColumn("Notified", Kind.DATE, 1.25),
                TableColumn("Reference", width=1.0),
                TableColumn("Status as at the date", width=1.4),
            ),
            tuple(
                (
                    s.state,
                    s.announced,
                    s.notified,
                    s.reference or "not known",
                    status.get(s.state.casefold(), ""),
                )
                for s in suspensions
            ),
            notes=tuple(f"{s.state}: {s.notes}" for s in suspensions if s.notes),
            empty="No state has notified a 'suspension'.",
        )
    )
    objections = sorted(
        ctx.model.objections, key=lambda o: (o.date is None, o.date or ctx.as_of, o.objecting_state)
    )
    undated = sum(1 for o in objections if o.date is None)
    blocks.append(
        Table(
            "Objections",
            "Formal objections",
            (
                TableColumn("Objecting state", width=1.4),
                TableColumn("Objection to", width=1.2),
                TableColumn("Action", width=1.0),
                TableColumn("Date", Kind.DATE, 1.25),
                TableColumn("Reference", width=1.2),
            ),
            tuple(
                (o.objecting_state, o.objection_to, o.action, o.date, o.reference or "not known")
                for o in objections
            ),
            notes=(f"{plural(undated, 'objection has', 'objections have')} no known date (left blank).",)
            if undated
            else (),
            empty="No formal objections are recorded.",
        )
    )
    return Section("suspensions", "Suspension and objections", tuple(blocks))
