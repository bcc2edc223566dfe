"""Sources: where the facts in the body come from, as the workbook cites them."""

from __future__ import annotations

import re

from report_tool.sections.blocks import Bullets, Heading, Paragraph, Section
from report_tool.sections.context import ReportContext
from report_tool.status import latest_by_year

SPLIT = re.compile(r"\s*(?:;|\n)\s*")


def build(ctx: ReportContext) -> Section:
    m = ctx.model
    cited: list[str] = []
    rows = [*m.withdrawals, *m.suspensions, *m.objections, *latest_by_year(m.casualties).values()]
    rows += [f for f in m.casualties if not f.is_global]
    rows += [x for x in (ctx.meeting, ctx.previous) if x is not None]
    for row in rows:
        for source in SPLIT.split(row.source):
            if source and source not in cited:
                cited.append(source)
    blocks: list = [
        Heading("Sources"),
        Paragraph(
            "Every row of the workbook this briefing is built from names its sources; the annex's "
            "sources are there, state by state. The sections above draw on the following."
        ),
    ]
    blocks.append(Bullets(tuple(cited)) if cited else Paragraph("No sources are recorded.", "note"))
    return Section("sources", "Sources", tuple(blocks))
