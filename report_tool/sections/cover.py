"""The cover: convention, meeting, the as-at date, who prepared it."""

from __future__ import annotations

from report_tool.sections.blocks import Paragraph, Section
from report_tool.sections.context import ReportContext
from report_tool.sections.text import date_range, format_date
from report_tool.sections.vocabulary import projection_note


def build(ctx: ReportContext) -> Section:
    blocks = [Paragraph(ctx.title, "title")]
    meeting = ctx.meeting
    if meeting is not None:
        blocks.append(Paragraph(meeting.name, "subtitle"))
        place = ", ".join(p for p in (meeting.city, meeting.country) if p)
        if meeting.starts or meeting.ends:
            when = date_range(meeting.starts, meeting.ends)
            blocks.append(Paragraph(f"{place}, {when}" if place else when, "lead"))
        else:
            blocks.append(
                Paragraph(
                    f"{place}, dates not yet known" if place else "Dates and venue not yet known", "lead"
                )
            )
    blocks.append(Paragraph(f"Status as at {format_date(ctx.as_of)}", "lead"))
    if ctx.projected_from is not None:
        blocks.append(Paragraph(projection_note(ctx.projected_from), "lead"))
    blocks.append(Paragraph(ctx.convention, "body"))
    if ctx.organisation:
        blocks.append(Paragraph(f"Prepared by {ctx.organisation}", "body"))
    return Section("cover", "Cover", tuple(blocks), cover=True)
