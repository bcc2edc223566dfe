"""Annex: every State Party with its instrument and dates; then every other state."""

from __future__ import annotations

from collections import Counter

from report_tool.domain.collation import un_key
from report_tool.domain.model import State, doubts
from report_tool.domain.status import PARTY, takes_effect
from report_tool.report.sections.blocks import (
    Footnote,
    Heading,
    Kind,
    Paragraph,
    Section,
    Table,
    TableColumn,
    Value,
    marked_text,
)
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.provenance import Marks, citations
from report_tool.report.sections.text import format_date, join_names
from report_tool.report.sections.treaty_text import quoted
from report_tool.report.sections.vocabulary import counts_sentence, standing

PARTY_KEYS = ("state", "region", "instrument", "signed", "deposited", "entry_into_force", None)
OTHER_KEYS = ("state", "region", "status", "signed", None)


def _sources(statuses: list) -> tuple[Footnote, ...]:
    """One note for the states' dates: the documents cited for the most states first; every one
    of them is in the Sources section."""
    counted = Counter(c for s in statuses for c in citations(s.state.source))
    if not counted:
        return ()
    ordered = [c for c, _ in sorted(counted.items(), key=lambda item: -item[1])]
    return (
        Footnote(
            "The states' dates and status rest on these documents, beginning with those cited for the "
            "most states. Every document cited for a state is listed under Sources.",
            tuple(ordered),
            about="The states' dates",
        ),
    )


#: Said in the Note column of a state whose entry into force the sources give before its deposit.
BEFORE_DEPOSIT = "in force before the deposit"


def in_force_before_deposit(state: State) -> bool:
    """A succession the sources date from before its notification was deposited (South Sudan)."""
    return bool(state.entry_into_force and state.deposited and state.entry_into_force < state.deposited)


def _article_17(parties: list) -> str:
    """How the dates of entry into force relate to Article 17, which follows: each exception named."""
    excepted = [s.state.name for s in parties if in_force_before_deposit(s.state)]
    if not excepted:
        return "the dates of entry into force follow Article 17, which reads:"
    return (
        f"the dates of entry into force follow Article 17, except for {join_names(excepted)}, whose "
        "entry into force the sources give before the deposit, not by its rule (see the Note column). "
        "Article 17 reads:"
    )


def build(ctx: ReportContext) -> Section:
    day = ctx.as_of
    parties = sorted((s for s in ctx.statuses if s.status == PARTY), key=lambda s: un_key(s.state.name))
    others = sorted((s for s in ctx.statuses if s.status != PARTY), key=lambda s: un_key(s.state.name))
    party_rows = []
    party_marks = Marks()
    for s in parties:
        note = []
        st = s.state
        in_force = doubts(st).get("entry_into_force", "")
        if not s.in_force and st.entry_into_force:
            note.append(marked_text(f"in force from {format_date(st.entry_into_force)}", in_force))
        if in_force_before_deposit(st):
            kind = " (a succession)" if st.instrument == "Succession" else ""
            note.append(marked_text(f"{BEFORE_DEPOSIT}{kind}", in_force))
        effective = ""
        if s.withdrawal_pending and s.withdrawal:
            effective = doubts(s.withdrawal).get("effective", "")
            note.append(marked_text(f"withdrawal {takes_effect(s.withdrawal)}", effective))
        party_marks.add(st, PARTY_KEYS, (None, effective))
        party_rows.append(
            (st.name, st.region, st.instrument, st.signed, st.deposited, st.entry_into_force, "; ".join(note))
        )
    other_rows: list[tuple[Value, ...]] = []
    other_marks = Marks()
    for s in others:
        other_note, effective = "", ""
        if s.withdrawal is not None and s.withdrawal.effective is not None:
            effective = doubts(s.withdrawal).get("effective", "")
            other_note = marked_text(
                f"withdrawal took effect {format_date(s.withdrawal.effective)}", effective
            )
        other_marks.add(s.state, OTHER_KEYS, (None, effective))
        other_rows.append((s.state.name, s.state.region, standing(s.status), s.state.signed, other_note))
    return Section(
        "annex",
        "Annex",
        (
            Heading("Annex: States Parties and other states"),
            Paragraph(
                f"{counts_sentence(ctx.counts, day)} A state is counted as a State Party from the deposit "
                f"of its instrument; {_article_17(parties)}",
                footnotes=_sources(parties + others),
            ),
            *quoted(17),
            Table(
                "States Parties",
                f"States Parties as at {format_date(day)}",
                (
                    TableColumn("State", width=1.8),
                    TableColumn("Region", width=2.8),
                    TableColumn("Instrument", width=0.95),
                    TableColumn("Signed", Kind.DATE, 1.5),
                    TableColumn("Deposited", Kind.DATE, 1.5),
                    TableColumn("Entry into force", Kind.DATE, 1.5),
                    TableColumn("Note", width=1.45),
                ),
                tuple(party_rows),
                **party_marks.table(),
            ),
            Table(
                "Other states",
                f"Signatories, states not party and withdrawn states as at {format_date(day)}",
                (
                    TableColumn("State", width=1.8),
                    TableColumn("Region", width=2.8),
                    TableColumn("Status", width=1.9),
                    TableColumn("Signed", Kind.DATE, 1.5),
                    TableColumn("Note", width=3.5),
                ),
                tuple(other_rows),
                **other_marks.table(),
            ),
        ),
        landscape=True,
        sheet_per_table=True,
    )
