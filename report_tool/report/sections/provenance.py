"""Provenance as the briefing shows it: what a row's Source cell cites, footnotes for a table's
rows, and which of a row's columns carry the unconfirmed marking."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from report_tool.domain.model import doubts
from report_tool.domain.sources import cited_tokens
from report_tool.report.sections.blocks import Footnote


def citations(source: str) -> tuple[str, ...]:
    """What a Source cell cites (keys or addresses, separated by ';' or line breaks), each once."""
    return cited_tokens(source)


def cited(text: str, *sources: str, about: str = "") -> Footnote:
    """A footnote that says `text` (may be empty) and cites everything in `sources`, best first."""
    found: list[str] = []
    for source in sources:
        found.extend(c for c in citations(source) if c not in found)
    return Footnote(text, tuple(found), about=about)


@dataclass(frozen=True)
class RowNotes:
    """A table's footnotes: on its caption, and per row (referenced in the row's first cell)."""

    caption: tuple[Footnote, ...]
    rows: tuple[tuple[Footnote, ...], ...]


def by_row(labels: Sequence[str], sources: Sequence[str], text: str = "", about: str = "") -> RowNotes:
    """The rows' citations: one footnote on the caption when every row cites the same sources,
    else a footnote on each row that cites any (a note of many rows' sources helps no reader)."""
    found = [citations(source) for source in sources]
    caption = (Footnote(text),) if text else ()
    if not any(found):
        return RowNotes(caption, tuple(() for _ in labels))
    if len(set(found)) == 1:
        return RowNotes((Footnote(text, found[0], about=about),), tuple(() for _ in labels))
    rows = tuple(
        (Footnote("", cites, about=f"{about}: {label}" if about else label),) if cites else ()
        for label, cites in zip(labels, found, strict=True)
    )
    return RowNotes(caption, rows)


@dataclass
class Marks:
    """A table's markings as its rows are added: which columns, and why, row by row."""

    columns: list[frozenset[int]]
    reasons: list[str]

    def __init__(self) -> None:
        self.columns, self.reasons = [], []

    def add(self, record: Any, keys: Sequence[str | None], *more: tuple[int | None, str]) -> None:
        """The row of `record` whose columns are `keys` (a column key or None each); `more`:
        (position, why) of values the row shows from elsewhere (a withdrawal's date in a note;
        position None where the text marks the value itself)."""
        found = doubts(record) if record is not None else {}
        positions = {i for i, key in enumerate(keys) if key is not None and key in found}
        said = [found[key] for key in dict.fromkeys(k for k in keys if k is not None and k in found)]
        for position, why in more:
            if why:
                if position is not None:
                    positions.add(position)
                said.append(why)
        self.columns.append(frozenset(positions))
        self.reasons.append("; ".join(dict.fromkeys(said)))

    def table(self) -> dict[str, Any]:
        """The Table fields: unconfirmed and reasons."""
        return {"unconfirmed": tuple(self.columns), "reasons": tuple(self.reasons)}


def marked(unconfirmed: Iterable[str], keys: Sequence[str | None]) -> frozenset[int]:
    """The positions in a table's columns (`keys`, a column key or None each) of unconfirmed values."""
    wanted = set(unconfirmed)
    return frozenset(i for i, key in enumerate(keys) if key is not None and key in wanted)
