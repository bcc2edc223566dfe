"""Withdrawals under Article 20: notified, effective, and where each stands on the date."""

from __future__ import annotations

import datetime as dt

from report_tool.model import unconfirmed_detail
from report_tool.sections.blocks import Heading, Kind, Paragraph, Section, Table, TableColumn
from report_tool.sections.context import ReportContext
from report_tool.sections.text import format_date

ARTICLE_20 = (
    "Under Article 20, a withdrawal takes effect six months after the UN Secretary-General receives "
    "the instrument of withdrawal; until then the state remains a State Party, bound by the Convention."
)


def build(ctx: ReportContext) -> Section:
    rows = []
    notes = []
    undated = dt.date.max  # pending until an armed conflict ends: listed last
    for w in sorted(ctx.model.withdrawals, key=lambda w: (w.effective or undated, w.state)):
        if w.effective is not None and w.effective <= ctx.as_of:
            standing = "Withdrawal has taken effect"
        elif w.effective is None:
            standing = "Pending until the armed conflict ends (Article 20(3)): still a State Party"
        else:
            standing = f"Pending: still a State Party until {format_date(w.effective)}"
        rows.append((w.state, w.announced, w.notified, w.effective, standing))
        detail = unconfirmed_detail(w.notes)
        if detail:
            notes.append(f"Not confirmed in the sources for {w.state}: {detail}.")
        if w.effective_derived:
            notes.append(f"{w.state}: the effective date is worked out under Article 20.")
    table = Table(
        "Withdrawals",
        f"Withdrawals and their status as at {format_date(ctx.as_of)}",
        (
            TableColumn("State", width=1.1),
            TableColumn("Announced", Kind.DATE, 1.25),
            TableColumn("Notified", Kind.DATE, 1.25),
            TableColumn("Effective", Kind.DATE, 1.25),
            TableColumn("Status as at the date", width=1.9),
        ),
        tuple(rows),
        notes=tuple(notes),
        empty="No state has notified a withdrawal.",
    )
    return Section("withdrawals", "Withdrawals", (Heading("Withdrawals"), Paragraph(ARTICLE_20), table))
