"""Source documents: what the Source columns cite, when each was published, and which of them a
report as at a day may cite (only what was published by the day it is known at).

A Source cell holds keys of Sources rows, best first, separated by ';' (or line breaks); a web
address still works as a citation of its own, without publisher, title or date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from report_tool.domain.treaty_dates import format_date
from report_tool.workbook.schema import SOURCE_KINDS

ADDRESS = re.compile(r"https?://\S+", re.IGNORECASE)
_SEPARATOR = re.compile(r"(\s*;\s*|\s*\n\s*)")
PUBLISHED = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def is_address(token: str) -> bool:
    return ADDRESS.fullmatch(token) is not None


def cited_tokens(cell: str | None) -> tuple[str, ...]:
    """The citations in a Source cell, each once, best first: keys or web addresses, separated by
    ';' or line breaks. A ';' inside an address (https://x.org/a;b=1) does not split it."""
    if not cell:
        return ()
    pieces = _SEPARATOR.split(str(cell))
    found: list[str] = []
    for index in range(0, len(pieces), 2):
        piece = pieces[index].strip()
        if not piece:
            continue
        separator = pieces[index - 1] if index else ""
        if found and is_address(found[-1]) and separator == ";" and "=" in piece and " " not in piece:
            found[-1] += ";" + piece  # an address's own parameters, not a second citation
        else:
            found.append(piece)
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Published:
    """A day, month or year of publication, as the Sources sheet gives it."""

    first: dt.date
    last: dt.date

    @property
    def shown(self) -> str:
        """'1 December 2025', 'December 2025' or '2025': no more precise than what is known."""
        if self.first == self.last:
            return format_date(self.first)
        if self.first.month == self.last.month:
            return f"{self.first:%B %Y}"
        return str(self.first.year)


def parse_published(value: object) -> Published | None:
    """A date cell or text (2025-12-01, 2025-12, 2025) as a Published; None when blank.

    Raises ValueError for anything else (a month 13, 31 February, a typed 'December 2025')."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Published(value, value)
    text = str(value).strip()
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        text = str(int(value))
    match = PUBLISHED.fullmatch(text)
    if not match:
        raise ValueError(text)
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if month is None:
        return Published(dt.date(year, 1, 1), dt.date(year, 12, 31))
    if day is None:
        end = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
        return Published(dt.date(year, month, 1), dt.date(year, month, end))
    exact = dt.date(year, month, day)
    return Published(exact, exact)


@dataclass(frozen=True)
class SourceDocument:
    """One document as a report cites it. A web address typed in a Source cell instead of a key
    is a document of its own with no publisher, title or kind (`listed` False)."""

    key: str
    publisher: str = ""
    title: str = ""
    published: Published | None = None
    address: str = ""
    kind: str = ""
    language: str = ""
    listed: bool = True

    def published_by(self, day: dt.date) -> bool:
        """Known on `day`: published by then. A document whose date is only a month or a year
        counts from the last day of it (it cannot be shown to be out earlier); an undated one
        is taken as known (nothing shows it later), and its citation says it is undated."""
        return self.published is None or self.published.last <= day

    @property
    def kind_order(self) -> int:
        return SOURCE_KINDS.index(self.kind) if self.kind in SOURCE_KINDS else len(SOURCE_KINDS)


@dataclass(frozen=True)
class Bibliography:
    """The Sources sheet's documents, found by key (ignoring case) or by their address."""

    documents: tuple[SourceDocument, ...] = ()

    @cached_property
    def _by_key(self) -> dict[str, SourceDocument]:
        return {d.key.casefold(): d for d in self.documents}

    @cached_property
    def _by_address(self) -> dict[str, SourceDocument]:
        found: dict[str, SourceDocument] = {}
        for document in self.documents:
            if document.address:
                found.setdefault(_address_key(document.address), document)
        return found

    def find(self, token: str) -> SourceDocument | None:
        """The listed document a key or an address stands for."""
        by_key = self._by_key.get(token.strip().casefold())
        if by_key is not None or not is_address(token):
            return by_key
        return self._by_address.get(_address_key(token))

    def documents_cited(self, cells: Iterable[str]) -> tuple[SourceDocument, ...]:
        """The documents the cells cite, each once, in order: a key as its Sources row, an address
        as its Sources row when one has it; else (an address, or a reference in a workbook without
        a Sources sheet, where validation allows one) as an unlisted document of those words."""
        found: dict[str, SourceDocument] = {}
        for cell in cells:
            for token in cited_tokens(cell):
                document = self.find(token)
                if document is None:
                    address = token if is_address(token) else ""
                    document = SourceDocument(token, address=address, listed=False)
                found.setdefault(document.key.casefold(), document)
        return tuple(found.values())


def _address_key(address: str) -> str:
    """Addresses compared without their scheme, case of the host, or a trailing slash."""
    text = re.sub(r"^https?://(www\.)?", "", address.strip(), flags=re.IGNORECASE)
    host, _, rest = text.partition("/")
    return f"{host.casefold()}/{rest}".rstrip("/")
