"""One vocabulary for counts, so that the key figures and the annex add up the same way: every
state is a State Party, a signatory, a state not party (never joined) or a withdrawn state."""

from __future__ import annotations

import datetime as dt
import re

from report_tool.domain.model import Meeting
from report_tool.domain.status import NOT_PARTY, PARTY, SIGNATORY, WITHDRAWN, Counts
from report_tool.report.sections.text import format_date, join_names, plural

#: The four standings, each as the reports name it (one, many).
NAMES = {
    PARTY: ("State Party", "States Parties"),
    SIGNATORY: ("signatory", "signatories"),
    NOT_PARTY: ("state not party", "states not party"),
    WITHDRAWN: ("withdrawn state", "withdrawn states"),
}


def standing(status: str) -> str:
    """'State Party', 'Signatory', 'State not party', 'Withdrawn state': a status as a table cell."""
    name = NAMES[status][0]
    return name[0].upper() + name[1:]


def counted(count: int, status: str) -> str:
    return plural(count, *NAMES[status])


def counts_sentence(c: Counts, day: dt.date) -> str:
    """'As at 21 February 2026, 161 States Parties, 31 states not party (never joined) and
    5 withdrawn states: 197 states in all.' Signatories and withdrawn states are
    named when there are any."""
    parts = [counted(c.parties, PARTY)]
    if c.signatories:
        parts.append(f"{counted(c.signatories, SIGNATORY)} (signed, not ratified)")
    parts.append(f"{counted(c.not_party, NOT_PARTY)} (never joined)")
    if c.withdrawn:
        parts.append(counted(c.withdrawn, WITHDRAWN))
    return f"As at {format_date(day)}, {join_names(parts)}: {plural(c.states, 'state')} in all."


#: Small counts in words, as a sentence says them ("at least six").
WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def in_words(count: int) -> str:
    return WORDS[count] if 0 <= count < len(WORDS) else f"{count:,}"


def at_least(count: int, complete: bool) -> str:
    """'at least 6' for a list the sources give as partial; '6' for one marked complete."""
    return f"{count:,}" if complete else f"at least {count:,}"


def hindsight_note(known_at: dt.date) -> str:
    """Said on the cover of a past report that cites what was published after its as-at date."""
    return (
        f"With hindsight: the status is as it stood on the as-at date, told from what was "
        f"published up to {format_date(known_at)}."
    )


def projection_note(data_date: dt.date) -> str:
    return f"Projected from information as at {format_date(data_date)}."


def spelled_out(meeting: Meeting) -> str:
    """'Fifth Review Conference (5RC)': a meeting's name, without its summit's title, then the
    short name a reader meets later."""
    name = re.sub(r"\s*\([^()]*\)$", "", meeting.name).strip() or meeting.name
    return name if name == meeting.short_name else f"{name} ({meeting.short_name})"
