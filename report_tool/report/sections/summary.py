"""The summary paragraph after the cover: what a reader who stops after page one should know, in a
few sentences built from the key figures (figures.py), never from a figure of its own."""

from __future__ import annotations

from report_tool.domain.collation import un_sorted
from report_tool.domain.status import PARTY
from report_tool.report.sections.blocks import Heading, Paragraph, Section
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.figures import Figures, figures
from report_tool.report.sections.text import format_date, join_names, number, plural
from report_tool.report.sections.vocabulary import counted, projection_note

TITLE = "Summary"


def build(ctx: ReportContext) -> Section:
    f = figures(ctx)
    said = [_standing(ctx, f), _period(f), *_withdrawals(f), *_suspensions(f), _casualties(f)]
    opening = [Paragraph(projection_note(ctx.projected_from))] if ctx.projected_from is not None else []
    return Section("summary", TITLE, (Heading(TITLE), *opening, Paragraph(" ".join(s for s in said if s))))


def _standing(ctx: ReportContext, f: Figures) -> str:
    text = f"As at {format_date(ctx.as_of)}, the Convention has {counted(f.counts.parties, PARTY)}"
    if f.not_in_force:
        text += f", for {number(len(f.not_in_force))} of which it has not yet entered into force"
    return text + "."


def _period(f: Figures) -> str:
    """What happened between the previous meeting and the date, or that nothing did."""
    period = f.period
    start = (
        f"Since the {period.previous.name} ended on {format_date(period.since)}"
        if period.previous is not None
        else f"Since {format_date(period.since)}"
    )
    joined = un_sorted({e.state for e in f.joined})
    notified = un_sorted({e.state for e in f.withdrawals("Withdrawal notified")})
    left = un_sorted({e.state for e in f.withdrawals("Withdrawal takes effect")})
    news = []
    if joined:
        news.append(f"{join_names(joined)} joined the Convention")
    if notified:
        news.append(f"{join_names(notified)} notified {'its' if len(notified) == 1 else 'their'} withdrawal")
    if left:
        news.append(f"the withdrawal{'s' if len(left) > 1 else ''} of {join_names(left)} took effect")
    if not news:
        return f"{start}, no state has joined the Convention or notified its withdrawal."
    return f"{start}, {'; '.join(news)}."


def _withdrawals(f: Figures) -> list[str]:
    said = []
    if f.pending:
        names = join_names(un_sorted(s.state.name for s in f.pending))
        dates = sorted(s.withdrawal.effective for s in f.pending if s.withdrawal and s.withdrawal.effective)
        when = ""
        if dates:
            when = (
                f", taking effect on {format_date(dates[0])}"
                if dates[0] == dates[-1]
                else f", taking effect from {format_date(dates[0])} to {format_date(dates[-1])}"
            )
        remain = "it remains a State Party" if len(f.pending) == 1 else "they remain States Parties"
        said.append(
            f"Withdrawals by {counted(len(f.pending), PARTY)} are pending ({names}){when}; until then "
            f"{remain}, bound by the Convention."
        )
    left = {e.state for e in f.withdrawals("Withdrawal takes effect")}
    if f.withdrawn and not set(f.withdrawn) <= left:  # the period's sentence names them otherwise
        said.append(
            f"{plural(len(f.withdrawn), 'state has', 'states have')} withdrawn from the Convention "
            f"({join_names(f.withdrawn)})."
        )
    return said


def _suspensions(f: Figures) -> list[str]:
    if not f.suspensions:
        return []
    said = [
        f"{join_names(un_sorted({x.state for x in f.suspensions}))} notified a \u2018suspension\u2019 of the "
        f"Convention\u2019s operation on {join_names([format_date(x.notified) for x in f.suspensions])}; "
        f"{plural(len(f.objections), 'formal objection to it is', 'formal objections to it are')} recorded."
    ]
    for decision, meeting in f.decisions:
        where = f" ({decision.reference})" if decision.reference else ""
        who = meeting.name if meeting is not None else decision.meeting
        said.append(f"The {who} affirmed{where}: \u201c{decision.text}\u201d")
    return said


def _casualties(f: Figures) -> str:
    figure = f.casualties
    if figure is None:
        return ""
    return f"{figure.edition} recorded {number(figure.total)} mine casualties worldwide in {figure.year}."
