"""Series in the Sources section: documents of one publication (a Landmine Monitor edition's
country reports, an archive's pages) listed in one entry, the part that varies (the country) each
a link to its own document, so that the list stays short and every footnote's citation findable."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from report_tool.domain.collation import un_key
from report_tool.domain.sources import SourceDocument
from report_tool.report.sections.citations import (
    TITLE_NOT_RECORDED,
    UNDATED,
    Part,
    description,
    language_note,
    publisher_shown,
)

#: Fewer documents than this sharing a title's other part are listed one by one.
MIN_SERIES = 3
#: What stands in a series' title for the part each of its documents has of its own.
GAP = "\u2026"
#: 'Chad (states parties page, APMBC website)': the bracketed kind of page is shared.
_BRACKETED = re.compile(r"^(?P<own>[^()]+?) \((?P<shared>[^()]+)\)$")
#: 'Landmine Monitor country theme page, id 3339': the id is the part that varies.
_BARE_ID = re.compile(r"^(?P<head>.+?),?\s+(?P<id>(?:id|page)\s+\d+)$")


@dataclass(frozen=True)
class Series:
    """Documents alike but for one part of their titles, in one entry: publisher, the shared title
    with GAP for the part that varies, the date; then each document's own part."""

    publisher: str
    title: str
    published: str
    language: str
    members: tuple[tuple[str, SourceDocument], ...]
    described: bool = False


#: (series key, the shared title, the document's own part, whether its title was not recorded)
Candidate = tuple[tuple[str, ...], str, str, bool]


def _candidates(document: SourceDocument) -> list[Candidate]:
    """A Candidate for each way its title splits: at a bare id, at its first ': ' (either side
    may be the varying one), or before a bracketed kind of page."""
    date = document.published.shown if document.published else UNDATED
    base = (document.kind, document.publisher, date, document.language)
    bare = _BARE_ID.match(document.title.strip()) if description(document.title) is not None else None
    if bare is not None:
        head = bare["head"]
        return [((*base, "id", head), f"{head}, {GAP}", bare["id"], True)]
    found: list[Candidate] = []
    head, colon, tail = document.title.partition(": ")
    if colon and head and tail:
        found += [
            ((*base, "head", head), f"{head}: {GAP}", tail, False),
            ((*base, "tail", tail), f"{GAP}: {tail}", head, False),
        ]
    bracketed = _BRACKETED.match(document.title.strip())
    if bracketed is not None:
        shared = bracketed["shared"]
        found.append(((*base, "bracketed", shared), f"{GAP} ({shared})", bracketed["own"], False))
    return found


def series_of(documents: Sequence[SourceDocument]) -> list[Series]:
    """The series of at least MIN_SERIES documents each, in listing order: every document in at
    most one, the larger where two are possible; the rest are listed on their own."""
    options = {d.key: _candidates(d) for d in documents if d.listed}
    sizes = Counter(key for found in options.values() for key, *_ in found)
    chosen: dict[tuple[str, ...], list[tuple[str, SourceDocument]]] = {}
    shared: dict[tuple[str, ...], tuple[str, bool]] = {}
    for document in documents:
        found = [c for c in options.get(document.key, []) if sizes[c[0]] >= MIN_SERIES]
        if found:
            key, title, own, described = max(found, key=lambda c: sizes[c[0]])
            chosen.setdefault(key, []).append((own, document))
            shared[key] = (title, described)
    series = []
    for key, members in chosen.items():
        if len(members) < MIN_SERIES:
            continue
        first = members[0][1]
        title, described = shared[key]
        series.append(Series(first.publisher, title, key[2], first.language, tuple(members), described))
    return series


def series_parts(series: Series, cited_for: Mapping[str, Sequence[str]]) -> list[Part]:
    """'Landmine Monitor (ICBL), “Landmine Monitor Report 1999: …”, 1999: Austria; Dominica; ...'
    each name a link to its document; a page known only by its id says which states cite it."""
    title = f"{series.title}{TITLE_NOT_RECORDED}" if series.described else f"\u201c{series.title}\u201d"
    language = language_note(series.language)
    parts: list[Part] = [
        (f"{publisher_shown(series.publisher)}, {title}, {series.published}{language}: ", None)
    ]
    members = [(_named(own, document, series, cited_for), document) for own, document in series.members]
    for index, (own, document) in enumerate(sorted(members, key=lambda m: un_key(m[0]))):
        if index:
            parts.append(("; ", None))
        parts.append((own, document.address or None))
    hosts = {_host(d.address) for _, d in series.members}
    where = f" on {hosts.pop()}" if len(hosts) == 1 and "" not in hosts else ""
    parts.append((f". Each name links to its page{where}.", None))
    return parts


def _named(own: str, document: SourceDocument, series: Series, cited_for: Mapping[str, Sequence[str]]) -> str:
    """A member as the entry names it: a page known only by its id, by the states that cite it."""
    states = cited_for.get(document.key.casefold(), ())
    return f"{', '.join(states)} ({own})" if series.described and states else own


def _host(address: str) -> str:
    """'archives.the-monitor.org' of an address: where a series' pages are, said without a link."""
    found = re.match(r"^https?://(?:www\.)?([^/?#]+)", address, re.IGNORECASE)
    return found.group(1).casefold() if found else ""
