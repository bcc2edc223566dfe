"""Key figures as at the date: parties, non-parties, withdrawals, suspensions, objections, casualties."""

from __future__ import annotations

from collections.abc import Callable

from report_tool.domain.collation import un_sorted
from report_tool.domain.model import doubts
from report_tool.domain.status import NOT_PARTY, PARTY, SIGNATORY, WITHDRAWN, takes_effect
from report_tool.report.sections.blocks import (
    Heading,
    Kind,
    Paragraph,
    Section,
    Table,
    TableColumn,
    Value,
    marked_text,
)
from report_tool.report.sections.casualties import change_from
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.figures import figures
from report_tool.report.sections.provenance import Marks
from report_tool.report.sections.text import format_date, join_names, plural
from report_tool.report.sections.vocabulary import counts_sentence
from report_tool.workbook.schema import REGIONS


def build(ctx: ReportContext) -> Section:
    c, day = ctx.counts, ctx.as_of
    f = figures(ctx)
    party_note = []
    if f.pending:
        party_note.append(f"including {plural(len(f.pending), 'state')} whose withdrawal is pending")
    if f.not_in_force:
        party_note.append(
            f"the Convention has not yet entered into force for {len(f.not_in_force):,} of them "
            f"({join_names(f.not_in_force)})"
        )
    rows: list[tuple[str, int | None, str]] = [
        ("States Parties", c.parties, "; ".join(party_note)),
        ("Signatories", c.signatories, "signed, not ratified"),
        ("States not party", c.not_party, "never joined"),
        ("Withdrawn states", c.withdrawn, join_names(f.withdrawn)),
        (
            "Withdrawals pending",
            c.withdrawals_pending,
            "; ".join(_pending(f.pending)),
        ),
        (
            "\u2018Suspensions\u2019 notified",
            len(f.suspensions),
            join_names(un_sorted({x.state for x in f.suspensions})),
        ),
        (
            "Formal objections to them",
            len(f.objections),
            "; ".join(
                n
                for n in (
                    "" if ctx.complete("Objections") else "at least: a partial list",
                    f"{f.undated_objections} undated" if f.undated_objections else "",
                )
                if n
            ),
        ),
    ]
    casualty_doubt = ""
    figure, before = f.casualties, f.casualties_before
    if figure is not None:
        note = figure.edition
        if before is not None and before.total:
            note += f"; {change_from(figure, before)}"
        rows.append((f"Mine casualties in {figure.year}", figure.total, note))
        casualty_doubt = doubts(figure).get("total", "")

    key_table = Table(
        "Key figures",
        f"Key figures as at {format_date(day)}",
        (
            TableColumn("Figure", width=2.2),
            TableColumn("Number", Kind.NUMBER, 0.8),
            TableColumn("Note", width=3.5),
        ),
        tuple(rows),
        **_marks(rows, f.pending, casualty_doubt).table(),
    )
    regions = [r for r in REGIONS if r in c.by_region] + [r for r in c.by_region if r not in REGIONS]
    region_rows: tuple[tuple[Value, ...], ...] = tuple(
        (region, *(c.by_region[region][s] for s in (PARTY, SIGNATORY, NOT_PARTY, WITHDRAWN)))
        for region in regions
    )
    totals = ("All regions", c.parties, c.signatories, c.not_party, c.withdrawn)
    region_table = Table(
        "By region",
        f"States by region and status as at {format_date(day)}",
        (
            TableColumn("Region", width=2.6),
            TableColumn("States Parties", Kind.NUMBER),
            TableColumn("Signatories", Kind.NUMBER, when_same=_none("No state is a signatory only.")),
            TableColumn("States not party", Kind.NUMBER, when_same=_none("Every state has joined.")),
            TableColumn("Withdrawn states", Kind.NUMBER, when_same=_none("No state has withdrawn.")),
        ),
        (*region_rows, totals),
    )
    opening = [Paragraph(counts_sentence(c, day))]  # a projection is said in the summary just above
    return Section(
        "key_figures",
        "Key figures",
        (Heading("Key figures"), *opening, key_table, region_table),
    )


def _none(sentence: str) -> Callable[[str], str]:
    """What a count column dropped for being the same in every region says: only a 0 is worth a
    sentence (a column of one count in every region is kept by the totals row)."""
    return lambda value: sentence if value == "0" else ""


def _pending(pending: list) -> list[str]:
    """'Poland, takes effect 20 February 2026', each date marked where it is not confirmed."""
    return [
        marked_text(
            f"{s.state.name}, {takes_effect(s.withdrawal)}", doubts(s.withdrawal).get("effective", "")
        )
        for s in pending
        if s.withdrawal
    ]


def _marks(rows: list[tuple[str, int | None, str]], pending: list, casualty_doubt: str) -> Marks:
    """The pending withdrawals' dates (marked in their note) and the casualty total, with why."""
    marks = Marks()
    for label, _, _ in rows:
        if label == "Withdrawals pending":
            said = [
                (s.state.name, doubts(s.withdrawal).get("effective", "")) for s in pending if s.withdrawal
            ]
            marks.add(None, (), *((None, f"{name}, {why}") for name, why in said if why))
        elif label.startswith("Mine casualties in"):
            marks.add(None, (), (1, casualty_doubt))
        else:
            marks.add(None, ())
    return marks
