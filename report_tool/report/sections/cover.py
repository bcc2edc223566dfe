"""The cover: convention, meeting, the as-at date, who prepared it."""

from __future__ import annotations

from report_tool.domain.collation import un_sorted
from report_tool.domain.model import doubts
from report_tool.domain.status import WITHDRAWN, latest_by_year
from report_tool.report.sections.blocks import Block, Bullets, Paragraph, Section, marked_text
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.text import date_range, format_date, join_names, number
from report_tool.report.sections.vocabulary import at_least, counts_sentence, hindsight_note, projection_note

MASTHEAD = ("Distr.: General", "Original: English")


def build(ctx: ReportContext) -> Section:
    blocks: list[Block] = list(_masthead(ctx))
    blocks.append(Paragraph(ctx.title, "title"))
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
    if ctx.hindsight:
        blocks.append(Paragraph(hindsight_note(ctx.known_at), "lead"))
    blocks += [Paragraph("At a glance", "subtitle"), Bullets(_glance(ctx))]
    blocks.append(Paragraph(ctx.convention, "body"))
    if ctx.organisation:
        blocks.append(Paragraph(f"Prepared by {ctx.organisation}", "body"))
    return Section("cover", "Cover", tuple(blocks), cover=True)


def _masthead(ctx: ReportContext) -> list[Paragraph]:
    """A UN-style masthead (symbol, distribution, date, original language), only when Settings
    gives the document symbol: a symbol is assigned by the secretariat, never made up here."""
    symbol = ctx.model.setting("Document symbol").strip()
    if not symbol:
        return []
    lines = (symbol, MASTHEAD[0], format_date(ctx.as_of), "", MASTHEAD[1])
    return [Paragraph(line, "masthead") for line in lines if line]


def _glance(ctx: ReportContext) -> tuple[str, ...]:
    """The briefing's main figures, so that the cover says something before the page is turned."""
    c, day = ctx.counts, ctx.as_of
    said = [counts_sentence(c, day).removesuffix(".")]
    withdrawn = un_sorted(s.state.name for s in ctx.statuses if s.status == WITHDRAWN)
    if withdrawn:
        said.append(f"Withdrawn: {join_names(withdrawn)}")
    suspended = un_sorted({x.state for x in ctx.model.suspensions if x.notified <= day})
    if suspended:
        objections = sum(1 for o in ctx.model.objections if o.date is None or o.date <= day)
        said.append(
            f"\u2018Suspension\u2019 notified by {join_names(suspended)}; "
            f"{at_least(objections, ctx.complete('Objections'))} formal "
            f"objection{'' if objections == 1 else 's'} to it"
        )
    latest = latest_by_year(ctx.model.casualties)
    if latest:
        year, figure = max(latest.items())
        total = marked_text(number(figure.total), doubts(figure).get("total", ""))
        said.append(f"{total} mine casualties in {year} ({figure.edition})")
    return tuple(said)
