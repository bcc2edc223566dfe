"""Sources: where the facts in the body come from, as the workbook cites them, by section."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from report_tool.sections.blocks import Block, Bullets, Heading, Paragraph, Section
from report_tool.sections.context import ReportContext
from report_tool.status import latest_by_year

SPLIT = re.compile(r"\s*(?:;|\n)\s*")


def build(ctx: ReportContext) -> Section:
    m = ctx.model
    groups: tuple[tuple[str, Sequence[Any]], ...] = (
        ("Withdrawals", m.withdrawals),
        ("Suspension and objections", (*m.suspensions, *m.objections)),
        (
            "Casualties",
            (*latest_by_year(m.casualties).values(), *(f for f in m.casualties if not f.is_global)),
        ),
        ("Meetings", tuple(x for x in (ctx.meeting, ctx.previous) if x is not None)),
    )
    blocks: list[Block] = [
        Heading("Sources"),
        Paragraph(
            "Every row of the workbook this briefing is built from names its sources; the annex's "
            "sources are there, state by state. The sections above draw on the following."
        ),
    ]
    for title, rows in groups:
        cited = _cited(row.source for row in rows)
        if cited:
            blocks += [Heading(title, 2), Bullets(tuple(cited))]
    if len(blocks) == 2:
        blocks.append(Paragraph("No sources are recorded.", "note"))
    return Section("sources", "Sources", tuple(blocks))


def _cited(sources: Iterable[str]) -> list[str]:
    cited: list[str] = []
    for text in sources:
        for source in SPLIT.split(text):
            if source and source not in cited:
                cited.append(source)
    return cited
