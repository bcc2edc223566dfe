"""Withdrawals under Article 20: notified, effective, and where each stands on the date."""

from __future__ import annotations

import datetime as dt

from report_tool.domain.collation import un_key
from report_tool.report.sections.blocks import Heading, Kind, Paragraph, Section, Table, TableColumn
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.provenance import Marks, by_row
from report_tool.report.sections.text import format_date
from report_tool.report.sections.treaty_text import quoted

TAKEN_EFFECT = "Withdrawal has taken effect"
KEYS = ("state", "announced", "notified", "effective", None)


def build(ctx: ReportContext) -> Section:
    rows = []
    marks = Marks()
    undated = dt.date.max  # pending until an armed conflict ends: listed last
    withdrawals = sorted(ctx.model.withdrawals, key=lambda w: (w.effective or undated, un_key(w.state)))
    for w in withdrawals:
        if w.effective is not None and w.effective <= ctx.as_of:
            standing = TAKEN_EFFECT
        elif w.effective is None:
            standing = "Pending until the armed conflict ends (Article 20(3)): still a State Party"
        else:
            standing = f"Pending: still a State Party until {format_date(w.effective)}"
        rows.append((w.state, w.announced, w.notified, w.effective, standing))
        marks.add(w, KEYS)  # the status column repeats the Effective date, and is marked with it
        if 3 in marks.columns[-1] and w.effective is not None and w.effective > ctx.as_of:
            marks.columns[-1] |= {4}
    cites = by_row([w.state for w in withdrawals], [w.source for w in withdrawals], about="Withdrawals")
    table = Table(
        "Withdrawals",
        f"Withdrawals and their status as at {format_date(ctx.as_of)}",
        (
            TableColumn("State", width=1.1),
            TableColumn("Announced", Kind.DATE, 1.25),
            TableColumn("Notified", Kind.DATE, 1.25),
            TableColumn("Effective", Kind.DATE, 1.25),
            TableColumn(f"Status on {format_date(ctx.as_of)}", width=1.9, when_same=_every),
        ),
        tuple(rows),
        empty="No state has notified a withdrawal.",
        footnotes=cites.caption,
        row_footnotes=cites.rows,
        **marks.table(),
    )
    return Section(
        "withdrawals",
        "Withdrawals",
        (
            Heading("Withdrawals"),
            Paragraph("Withdrawal is governed by Article 20 of the Convention, which reads:"),
            *quoted(20),
            table,
        ),
    )


def _every(standing: str) -> str:
    """The sentence for a status column that says the same of every withdrawal."""
    if standing == TAKEN_EFFECT:
        return "Every withdrawal listed has taken effect."
    return f"For every withdrawal listed: {standing[0].lower()}{standing[1:]}."
