"""Casualty figures add up, shares agree with counts, and no year jumps tenfold unexplained."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from report_tool.domain.treaty_dates import format_date
from report_tool.validation.checks.context import CheckContext
from report_tool.validation.issues import Issue, Severity

#: A count and its percentage agree when they differ by at most this many percentage points.
SHARE_TOLERANCE = 1.0
TENFOLD = 10


class CasualtyArithmetic:
    codes: ClassVar[tuple[str, ...]] = (
        "casualty-sum-mismatch",
        "casualty-parts-exceed-total",
        "civilians-exceed-total",
        "children-exceed-total",
    )

    def run(self, context: CheckContext) -> Iterator[Issue]:
        table = context.table("Casualties")
        if table is None:
            return
        columns = [
            table.values(k) for k in ("total", "killed", "injured", "unknown", "civilians", "children")
        ]
        rows = list(zip(*columns, strict=True))
        wrong = {row for row in set(rows) if _arithmetic_wrong(*row)}  # each distinct row once
        if not wrong:
            return
        for position, (total, *counts) in enumerate(rows):
            if total is None or (total, *counts) not in wrong:
                continue
            given = [p for p in counts[:3] if p is not None]
            if len(given) == 3 and sum(given) != total:
                yield table.issue(
                    table.record(position),
                    "total",
                    "casualty-sum-mismatch",
                    f"{total:,} is not Killed + Injured + Unknown ({' + '.join(f'{p:,}' for p in given)} "
                    f"= {sum(given):,})",
                    "correct the total or one of the parts",
                )
            elif given and sum(given) > total:
                yield table.issue(
                    table.record(position),
                    "total",
                    "casualty-parts-exceed-total",
                    f"{total:,} is less than the parts given ({sum(given):,})",
                    "correct the total or one of the parts",
                )
            for key, code, count in (
                ("civilians", "civilians-exceed-total", counts[3]),
                ("children", "children-exceed-total", counts[4]),
            ):
                if count is not None and count > total:
                    yield table.issue(
                        table.record(position),
                        key,
                        code,
                        f"{count:,} is more than the Total ({total:,})",
                        "a part cannot exceed the whole",
                    )


def _arithmetic_wrong(total: int | None, killed: int | None, injured: int | None, *rest: int | None) -> bool:
    """Whether CasualtyArithmetic has something to say about a row with these counts."""
    if total is None:
        return False
    given = [p for p in (killed, injured, rest[0]) if p is not None]
    if given and sum(given) != total and (len(given) == 3 or sum(given) > total):
        return True
    return any(count is not None and count > total for count in rest[1:])


class CasualtyShares:
    """A count and its percentage agree within rounding, where both are shares of Total."""

    codes: ClassVar[tuple[str, ...]] = ("percentage-mismatch",)

    def run(self, context: CheckContext) -> Iterator[Issue]:
        table = context.table("Casualties")
        if table is None:
            return
        keys = ("total", "civilians", "civilians_pct", "children", "children_pct", "children_pct_basis")
        columns = [table.values(k) for k in keys]
        if all(columns[i].count(None) == len(columns[i]) for i in (2, 4)):
            return  # no share given on any row (counted in C): nothing can disagree
        for position, row in enumerate(zip(*columns, strict=True)):
            total, civilians, civilians_pct, children, children_pct, basis = row
            if not total:
                continue
            pairs = [("civilians_pct", civilians, civilians_pct)]
            if not basis:  # a share of something else is not comparable
                pairs.append(("children_pct", children, children_pct))
            for pct_key, count, pct in pairs:
                if count is None or pct is None:
                    continue
                actual = 100 * count / total
                if abs(actual - pct) > SHARE_TOLERANCE:
                    yield table.issue(
                        table.record(position),
                        pct_key,
                        "percentage-mismatch",
                        f"{pct:g}% does not agree with {count:,} of {total:,} ({actual:.1f}%)",
                        "Landmine Monitor computes some shares only over cases where status or age is "
                        "known: if so, say what the share is of; otherwise correct one of them",
                        Severity.WARNING,
                    )


class CasualtyTrend:
    """A year's total more than tenfold up or down on the year before, in the same edition."""

    codes: ClassVar[tuple[str, ...]] = ("tenfold-change",)

    def run(self, context: CheckContext) -> Iterator[Issue]:
        table = context.table("Casualties")
        if table is None:
            return
        countries, editions, years, totals = (
            table.values(k) for k in ("country", "edition", "year", "total")
        )
        given = {total for total in set(totals) if total}
        if not given or max(given) <= TENFOLD * min(given):
            return  # no two totals of the sheet are tenfold apart: said without walking the rows
        folded = {value: value.casefold() for value in {*countries, *editions} if value}
        folded[None] = folded[""] = ""
        # each row's country, edition and year, folded once per distinct name and zipped in C
        by_country = list(map(folded.__getitem__, countries))
        by_edition = list(map(folded.__getitem__, editions))
        keys = list(zip(by_country, by_edition, years, strict=True))
        usable: Sequence[int] = range(len(keys))
        if "" in set(by_country) or "" in set(by_edition) or None in set(years) or None in set(totals):
            usable = [
                p for p in usable if by_country[p] and by_edition[p] and None not in (years[p], totals[p])
            ]
        # the first usable row of each country, edition and year: the later ones are duplicates
        first = dict(zip(map(keys.__getitem__, reversed(usable)), reversed(usable), strict=True))
        for (country, edition, year), position in first.items():
            before = first.get((country, edition, year - 1))
            if before is None:
                continue
            now, then = totals[position], totals[before]
            if now and then and (now > TENFOLD * then or then > TENFOLD * now):
                yield table.issue(
                    table.record(position),
                    "total",
                    "tenfold-change",
                    f"{now:,} is more than ten times {'higher' if now > then else 'lower'} than "
                    f"{year - 1} ({then:,}, row {table.numbers[before]})",
                    "check for a typing error (an extra or missing digit)",
                    Severity.WARNING,
                )


class CasualtyYearKnown:
    """No casualty Year after the data date's year: a year's figures cannot be known before it."""

    codes: ClassVar[tuple[str, ...]] = ("casualty-year-future",)

    def run(self, context: CheckContext) -> Iterator[Issue]:
        table = context.table("Casualties")
        if table is None:
            return
        last = context.as_of.year
        years = table.values("year")
        if max((year for year in set(years) if year is not None), default=last) <= last:
            return  # no year after the data date's: said without walking the rows
        for position, year in enumerate(years):
            if year is not None and year > last:
                yield table.issue(
                    table.record(position),
                    "year",
                    "casualty-year-future",
                    f"{year} is after the year of the data date ({format_date(context.as_of)})",
                    "check the year; figures are reported for years that are over",
                )
