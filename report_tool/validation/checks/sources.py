"""Citations and editions: Source cells cite Sources rows by key, each Sources row is cited and
dated readably, and a casualty row's edition is one that was out, and reports on earlier years."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import ClassVar

from report_tool.domain.model import edition_year
from report_tool.domain.names import did_you_mean
from report_tool.domain.sources import Bibliography, SourceDocument, cited_tokens, is_address, parse_published
from report_tool.domain.treaty_dates import format_date
from report_tool.validation.checks.context import CheckContext, by_distinct_values
from report_tool.validation.issues import Issue, Severity
from report_tool.workbook.schema import EDITIONS_SHEET, SOURCES_SHEET

YEAR_IN_NAME = re.compile(r"(?:19|20)\d\d")


def _bibliography(context: CheckContext) -> Bibliography:
    table = context.table(SOURCES_SHEET)
    keys = table.values("key") if table is not None else []
    addresses = table.values("address") if table is not None else []
    return Bibliography(
        tuple(
            SourceDocument(str(k), address=str(a or ""))
            for k, a in zip(keys, addresses or [None] * len(keys), strict=False)
            if k
        )
    )


class SourcesCited:
    """With a Sources sheet, every Source cell cites its keys (or addresses), and every Sources
    row is cited somewhere. A workbook without one keeps its Source cells as free references."""

    codes: ClassVar[tuple[str, ...]] = (
        "unknown-source-key",
        "source-address-not-listed",
        "source-not-cited",
        "source-published-invalid",
    )

    def run(self, context: CheckContext) -> Iterator[Issue]:
        sources = context.table(SOURCES_SHEET)
        if sources is None:
            return
        bibliography = _bibliography(context)
        keys = [str(k) for k in sources.values("key") if k]
        cited: set[str] = set()
        for table in context.workbook.tables.values():
            if table.name == sources.name or not table.has("source"):
                continue
            judge = functools.partial(_citation_problems, bibliography, keys, cited)
            for position, (code, message, hint, severity) in by_distinct_values(
                [table.values("source")], judge
            ):
                yield table.issue(table.record(position), "source", code, message, hint, severity)
        for position, key in enumerate(sources.values("key")):
            record = sources.record(position)
            if key and str(key).casefold() not in cited:
                yield sources.issue(
                    record,
                    "key",
                    "source-not-cited",
                    f"{key} is cited by no row",
                    "cite it in the Source column of the rows it supports, or delete the row",
                    Severity.WARNING,
                )
            try:
                parse_published(record.get("published"))
            except ValueError:
                yield sources.issue(
                    record,
                    "published",
                    "source-published-invalid",
                    f"{record.raw('published')!r} is not a day, a month or a year",
                    "type the day as 2025-12-01, or only 2025-12 or 2025 when the day is not known",
                )


#: A problem found in a cell, the same for every row holding its values: code, message, hint.
Problem = tuple[str, str, str, Severity]


def _citation_problems(
    bibliography: Bibliography, keys: list[str], cited: set[str], cell: str | None
) -> list[Problem]:
    """What is wrong with one Source cell's citations, in their order; the keys of the documents
    it cites go into `cited`."""
    problems: list[Problem] = []
    for token in cited_tokens(cell):
        document = bibliography.find(token)
        if document is not None:
            cited.add(document.key.casefold())
            if is_address(token):
                problems.append(
                    (
                        "source-address-not-listed",
                        f"{token} is a web address, not a key",
                        f"it is on the Sources sheet as {document.key!r}: cite that key",
                        Severity.WARNING,
                    )
                )
        elif is_address(token):
            problems.append(
                (
                    "source-address-not-listed",
                    f"{token} is a web address with no row on the Sources sheet: it is cited "
                    "without a publisher, title or date",
                    "add a row for it to the Sources sheet (key, publisher, title, date, this "
                    "address, kind) and cite its key here",
                    Severity.WARNING,
                )
            )
        else:
            problems.append(
                (
                    "unknown-source-key",
                    f"{token!r} is not a key on the Sources sheet",
                    did_you_mean(token, keys)
                    or "add the document to the Sources sheet, or cite a key it has; separate "
                    "several keys with ;",
                    Severity.ERROR,
                )
            )
    return problems


class EditionsKnown:
    """A casualty row's edition is named 'Landmine Monitor YYYY', was published by the data date
    (on the Editions sheet, when there is one) and reports on a year before its own."""

    codes: ClassVar[tuple[str, ...]] = (
        "edition-name",
        "unknown-edition",
        "edition-not-published",
        "edition-before-year",
    )

    def run(self, context: CheckContext) -> Iterator[Issue]:
        table = context.table("Casualties")
        if table is None:
            return
        editions = context.table(EDITIONS_SHEET)
        published = {}
        if editions is not None:
            for name, day in zip(editions.values("edition"), editions.values("published"), strict=True):
                if name:
                    published[" ".join(str(name).split()).casefold()] = (str(name), day)
        listed = [name for name, _ in published.values()]
        judge = functools.partial(_edition_problems, published, listed, context.as_of)
        for position, (code, message, hint, severity) in by_distinct_values(
            [table.values("year"), table.values("edition")], judge
        ):
            yield table.issue(table.record(position), "edition", code, message, hint, severity)


def _edition_problems(
    published: dict[str, tuple[str, dt.date | None]],
    listed: list[str],
    as_of: dt.date,
    year: int | None,
    edition: str | None,
) -> list[Problem]:
    """What is wrong with a casualty row's edition, given its year: the same for every row of
    that year and edition."""
    if not edition:
        return []
    own_year = edition_year(edition)
    if not own_year:
        years = YEAR_IN_NAME.findall(edition)
        likely = f"Landmine Monitor {years[-1]}" if years else ""
        return [
            (
                "edition-name",
                f"{edition!r} is not an edition's name",
                (f"did you mean {likely!r}? " if likely else "")
                + "editions are named Landmine Monitor and the year of the edition, e.g. "
                "Landmine Monitor 2025",
                Severity.ERROR,
            )
        ]
    problems: list[Problem] = []
    found = published.get(" ".join(edition.split()).casefold())
    if published and found is None:
        problems.append(
            (
                "unknown-edition",
                f"{edition} is not on the Editions sheet",
                did_you_mean(edition, listed) or "add it to the Editions sheet with the day it was published",
                Severity.ERROR,
            )
        )
    day = found[1] if found else None
    if day is not None and day > as_of:
        problems.append(
            (
                "edition-not-published",
                f"{edition} was published on {format_date(day)}, after the data date ({format_date(as_of)})",
                "check the edition, its day on the Editions sheet, or the data date",
                Severity.ERROR,
            )
        )
    elif day is None and own_year > as_of.year:
        problems.append(
            (
                "edition-not-published",
                f"{edition} was not yet published on the data date ({format_date(as_of)})",
                "check the edition's year: an edition is named after the year it comes out",
                Severity.ERROR,
            )
        )
    if year is not None and own_year <= year:
        problems.append(
            (
                "edition-before-year",
                f"{edition} cannot report casualties in {year}: an edition reports on the years "
                "before its own",
                f"the figures for {year} come from Landmine Monitor {year + 1} or later",
                Severity.ERROR,
            )
        )
    return problems
