"""Provenance as the briefing shows it: what a row's Source cell cites, footnotes for a table's
rows, and which of a row's columns carry the unconfirmed marking."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


def marked(unconfirmed: Iterable[str], keys: Sequence[str | None]) -> frozenset[int]:
    """The positions in a table's columns (`keys`, a column key or None each) of unconfirmed values."""
    wanted = set(unconfirmed)
    return frozenset(i for i, key in enumerate(keys) if key is not None and key in wanted)
