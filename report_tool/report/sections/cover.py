"""The cover: convention, meeting, the as-at date, who prepared it."""

from __future__ import annotations

import datetime as dt
import re

from report_tool.domain.collation import un_sorted
from report_tool.domain.model import Meeting, doubts
from report_tool.domain.status import takes_effect
from report_tool.report.sections.blocks import Block, Bullets, Paragraph, Section, marked_text
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.figures import Figures, figures
from report_tool.report.sections.provenance import cited
from report_tool.report.sections.text import date_range, format_date, join_names, number
from report_tool.report.sections.vocabulary import (
    at_least,
    counts_sentence,
    hindsight_note,
    projection_note,
    spelled_out,
)
from report_tool.workbook.text_dates import parse_day

MASTHEAD = ("Distr.: General", "Original: English")
NOT_FOUND = re.compile(r"\bnot (found|known)\b", re.IGNORECASE)


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
        president = president_of(meeting)
        if president:
            blocks.append(Paragraph(f"President: {president}", "lead"))
        blocks.extend(_agenda(ctx, meeting))
    blocks.append(Paragraph(f"Status as at {format_date(ctx.as_of)}", "lead"))
    if ctx.projected_from is not None:
        blocks.append(Paragraph(projection_note(ctx.projected_from), "lead"))
    if ctx.hindsight:
        blocks.append(Paragraph(hindsight_note(ctx.known_at), "lead"))
    blocks += [Paragraph("The period in brief", "subtitle"), Bullets(_developments(ctx))]
    blocks.append(Paragraph(ctx.convention, "body"))
    if ctx.organisation:
        blocks.append(Paragraph(f"Prepared by {ctx.organisation}", "body"))
    return Section("cover", "Cover", tuple(blocks), cover=True)


def issued(ctx: ReportContext) -> dt.date:
    """The date of issue: Settings' 'Date of issue', else the as-at date; never the clock, so that
    the same workbook gives the same document."""
    return parse_day(ctx.model.setting("Date of issue")) or ctx.as_of


def president_of(meeting: Meeting) -> str:
    """The President as the Meetings sheet names them; a note that none was found is not a name."""
    president = meeting.president.strip()
    return "" if NOT_FOUND.search(president) else president


def _masthead(ctx: ReportContext) -> list[Paragraph]:
    """A UN-style masthead (symbol, distribution, date, original language) when Settings gives the
    document symbol, which the secretariat assigns and is never made up here; otherwise a plain
    header: the issuing organisation (when Settings names one), the date of issue and the language."""
    symbol = ctx.model.setting("Document symbol").strip()
    day = format_date(issued(ctx))
    lines: tuple[str, ...] = (ctx.organisation.strip(), day, MASTHEAD[1])
    if symbol:
        lines = (symbol, MASTHEAD[0], day, MASTHEAD[1])
    return [Paragraph(line, "masthead") for line in lines if line]


def _developments(ctx: ReportContext) -> tuple[str, ...]:
    """The period's main developments in a few lines, from the key figures."""
    f = figures(ctx)
    said = [counts_sentence(f.counts, ctx.as_of).removesuffix(".")]
    if f.pending:
        said.append(f"Withdrawals pending: {_pending(f)}")
    left = un_sorted({e.state for e in f.withdrawals("Withdrawal takes effect")})
    if left:
        said.append(f"Withdrawals that took effect in the period: {join_names(left)}")
    elif f.withdrawn:
        said.append(f"Withdrawn: {join_names(f.withdrawn)}")
    joined = un_sorted({e.state for e in f.joined})
    if joined:
        said.append(f"Joined in the period: {join_names(joined)}")
    if f.suspensions:
        states = join_names(un_sorted({x.state for x in f.suspensions}))
        said.append(
            f"\u2018Suspension\u2019 notified by {states}; "
            f"{at_least(len(f.objections), ctx.complete('Objections'))} formal "
            f"objection{'' if len(f.objections) == 1 else 's'} to it"
        )
    for decision, meeting in f.decisions:
        who = spelled_out(meeting) if meeting else decision.meeting  # the cover is its first use
        where = f" ({decision.reference})" if decision.reference else ""
        said.append(f"The {who} affirmed{where}: \u201c{decision.text}\u201d")
    figure = f.casualties
    if figure is not None:
        total = marked_text(number(figure.total), doubts(figure).get("total", ""))
        said.append(f"{total} mine casualties in {figure.year} ({figure.edition})")
    return tuple(said)


def _pending(f: Figures) -> str:
    """'Estonia, Latvia and Lithuania (takes effect 27 December 2025); Finland (...)': the states
    whose withdrawals take effect on the same day together, soonest first."""
    by_day: dict[str, list[str]] = {}
    for status in f.pending:
        if status.withdrawal is not None:
            by_day.setdefault(takes_effect(status.withdrawal), []).append(status.state.name)
    return "; ".join(f"{join_names(un_sorted(names))} ({when})" for when, names in by_day.items())


def _agenda(ctx: ReportContext, meeting: Meeting) -> list[Block]:
    """The items the meeting will consider, where the workbook's Agenda sheet lists them."""
    items = ctx.model.agenda_of(meeting)
    if not items:
        return []
    return [
        Paragraph(
            "On the meeting\u2019s agenda",
            "subtitle",
            footnotes=(cited("", *(i.source for i in items)),) if any(i.source for i in items) else (),
        ),
        Bullets(tuple(f"{i.item} ({i.reference})" if i.reference else i.item for i in items)),
    ]
