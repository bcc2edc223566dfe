"""The annex `generate --since OLD.xlsx` adds: what changed in the data since that version, in
plain words for the document's readers.

Built from the WorkbookDiff of OLD and the workbook reported on (diff/): what the changes mean for
the Convention first, each once, then a table of what was and what is. No file names, hashes or
cell references: those are for staff, in `report-tool diff`'s own output.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from report_tool.diff.changes import TreatyChange, WorkbookDiff
from report_tool.diff.render import key_text
from report_tool.report.sections.blocks import Bullets, Heading, Paragraph, Section, Table, TableColumn, Value
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.text import format_date, number, plural

#: A removed or added row is shown by its facts, a changed cell of these columns not at all: notes
#: and source keys stay in the workbook.
LEFT_OUT = frozenset({"Notes", "Source", "Unconfirmed"})
MINUS = "\u2212"
NEGATIVE = re.compile(r"(?<![\w\u2212-])-(?=\d)")  # a hyphen before a figure: a minus sign
ARROW = " -> "
TAKES_EFFECT = re.compile(r"^(?P<state>.+): Withdrawal takes effect (?P<day>\d{1,2} \w+ \d{4})$")


def title(diff: WorkbookDiff) -> str:
    return f"Changes since the version of {format_date(diff.old.as_of)}"


def build(ctx: ReportContext) -> Section | None:
    diff = ctx.since
    if diff is None:
        return None
    heading = title(diff)
    counts = diff.counts()
    opening = (
        f"Compared with the version of the data as at {format_date(diff.old.as_of)}: "
        f"{plural(counts['rows_added'], 'row')} added, {number(counts['rows_removed'])} removed and "
        f"{plural(counts['cells_changed'], 'value')} changed."
    )
    blocks: list[Heading | Paragraph | Bullets | Table] = [Heading(heading), Paragraph(opening)]
    meanings = _meanings(diff.treaty)
    if meanings:
        blocks += [Paragraph("What the changes mean for the Convention:"), Bullets(meanings)]
    else:
        blocks.append(
            Paragraph(
                "None of the changes alters a state's status, a treaty event, a casualty figure or a meeting."
            )
        )
    if diff.treaty_note:
        blocks.append(Paragraph(_plain(diff.treaty_note), "note"))
    blocks.append(
        Table(
            "Data changes",
            "What was and what is, sheet by sheet",
            (
                TableColumn("Sheet", width=1.1),
                TableColumn("Row", width=1.8),
                TableColumn("Change", width=1.3),
                TableColumn("What was", width=2.2),
                TableColumn("What is", width=2.2),
            ),
            _rows(diff),
            empty="No rows or values changed.",
        )
    )
    kept = sum(cell.column in LEFT_OUT for cell in diff.cells)
    if kept:
        blocks.append(
            Paragraph(
                f"{plural(kept, 'change')} to the sources, notes or confirmation of a value "
                f"{'is' if kept == 1 else 'are'} counted above and not listed: they are kept in the "
                "workbook.",
                "note",
            )
        )
    if diff.old.errors or diff.new.errors:
        blocks.append(
            Paragraph(f"The previous version has {plural(diff.old.errors, 'validation error')}.", "note")
        )
    return Section("since", heading, tuple(blocks), landscape=True)


def _meanings(changes: list[TreatyChange]) -> tuple[str, ...]:
    """Each meaning once: a withdrawal's taking effect is said with its notification when the
    same change already gives the day it takes effect."""
    messages = list(dict.fromkeys(_plain(c.message) for c in changes))
    said = []
    for message in messages:
        found = TAKES_EFFECT.match(message)
        if found and any(
            m.startswith(f"{found['state']}: Withdrawal notified") and f"takes effect {found['day']}" in m
            for m in messages
        ):
            continue
        said.append(message)
    return tuple(said)


def _plain(message: str) -> str:
    """A change as the document says it: 'from 4,800 to 4,709 (\u221291)', a true minus sign."""
    if ARROW in message:
        head, _, tail = message.partition(": ")
        before, _, after = tail.partition(ARROW)
        words = before.rsplit(" ", 1) if re.search(r"\d$", before) and " " in before else ["", before]
        lead = f"{words[0]} " if words[0] else ""
        message = f"{head}: {lead}from {words[1]} to {after}" if tail else message
    return NEGATIVE.sub(MINUS, message)


def _rows(diff: WorkbookDiff) -> tuple[tuple[Value, ...], ...]:
    rows: list[tuple[Value, ...]] = []
    for note in diff.notes:
        if note.differs:
            rows.append((note.sheet, "", "", "", _plain(note.message)))
    for row in diff.rows:
        shown = "; ".join(
            f"{header}: {_value(value)}" for header, value in row.values if header not in LEFT_OUT
        )
        was, now = ("", shown) if row.change == "added" else (shown, "")
        rows.append((row.sheet, key_text(row.key), f"row {row.change}", was, now))
    for cell in diff.cells:
        if cell.column in LEFT_OUT:  # source keys and notes are for staff: counted, said in a note
            continue
        what = cell.column if cell.kind == "value" else f"{cell.column} (typed differently)"
        rows.append((cell.sheet, key_text(cell.key), what, _value(cell.old), _value(cell.new)))
    return tuple(rows)


def _value(value: Any) -> str:
    """A value in the document's formats: dates in words, numbers with thousands separators and a
    true minus sign, a blank said as such."""
    if value is None or value == "":
        return "blank"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value).replace("-", MINUS)
    return str(value)
