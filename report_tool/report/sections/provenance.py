"""Provenance as the briefing shows it: citations split out of a Source cell, footnotes for a row,
and which of a row's columns carry the unconfirmed marking."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from report_tool.report.sections.blocks import Footnote

SPLIT = re.compile(r"\s+;\s+|\s*;\s*(?=https?://)|\n+")


def citations(source: str) -> tuple[str, ...]:
    """The citations in a Source cell (separated by ' ; ' or line breaks), each once."""
    return tuple(dict.fromkeys(s.strip() for s in SPLIT.split(source) if s.strip()))


def cited(text: str, *sources: str) -> Footnote:
    """A footnote that says `text` (may be empty) and cites every citation in `sources`."""
    found: list[str] = []
    for source in sources:
        found.extend(c for c in citations(source) if c not in found)
    return Footnote(text, tuple(found))


def by_row(labels: Sequence[str], sources: Sequence[str], text: str = "") -> tuple[Footnote, ...]:
    """One footnote for a table's caption citing its rows' sources, rows with the same sources
    together ('Austria, Belgium and Norway: ...'): a page of repeated addresses helps no reader."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for label, source in zip(labels, sources, strict=True):
        found = citations(source)
        if found:
            groups.setdefault(found, []).append(label)
    everything = tuple(dict.fromkeys(c for found in groups for c in found))
    if not groups:
        return (Footnote(text),) if text else ()
    if len(groups) == 1 and len(next(iter(groups.values()))) == len(labels):
        return (Footnote(text, everything),)
    rows = " ".join(f"{_join(names)}: {'; '.join(found)}." for found, names in groups.items())
    return (Footnote(" ".join(p for p in (text, f"Sources, by row. {rows}") if p), everything, True),)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def marked(unconfirmed: Iterable[str], keys: Sequence[str | None]) -> frozenset[int]:
    """The positions in a table's columns (`keys`, a column key or None each) of unconfirmed values."""
    wanted = set(unconfirmed)
    return frozenset(i for i, key in enumerate(keys) if key is not None and key in wanted)
