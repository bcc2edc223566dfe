"""Casualties: the trend (latest edition for each year), a chart, the latest year's top countries,
and which years later editions revised."""

from __future__ import annotations

from collections import defaultdict

from report_tool.domain.areas import area_named
from report_tool.domain.collation import un_key
from report_tool.domain.model import CasualtyFigure, doubts
from report_tool.domain.names import fold_name
from report_tool.domain.status import BREAKDOWN, latest_by_year, latest_giving, revisions
from report_tool.report.sections.blocks import (
    Chart,
    Footnote,
    Heading,
    Kind,
    Paragraph,
    Section,
    Table,
    TableColumn,
    Value,
    marked_text,
    why_note,
)
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.provenance import Marks, by_row, cited
from report_tool.report.sections.text import format_date, join_names, number
from report_tool.report.sections.vocabulary import standing

TOP_COUNTRIES = 5
#: How both reports mark an area the Landmine Monitor lists apart from states (Kosovo).
AREA_LABEL = "(other area)"
NOT_A_STATE = "Not a state"


def build(ctx: ReportContext) -> Section:
    figures = ctx.model.casualties
    latest = latest_by_year(figures)
    blocks: list = [Heading("Casualties")]
    if not latest:
        blocks.append(Paragraph("No worldwide (Global) casualty figures are recorded."))
        return Section("casualties", "Casualties", tuple(blocks))
    year, figure = max(latest.items())
    before = latest.get(year - 1)
    said = [doubts(figure).get(k, "") for k in ("total", "killed", "injured", "unknown")]
    why = "; ".join(w for w in said if w)
    blocks.append(
        Paragraph(
            _summary(figure, before),
            footnotes=(
                *((Footnote(why_note(why)),) if why else ()),
                *(
                    (
                        cited(
                            "", figure.source, before.source if before else "", about=f"Casualties in {year}"
                        ),
                    )
                    if figure.source
                    else ()
                ),
            ),
        )
    )
    shares = _shares(figure)
    if shares:
        blocks.append(Paragraph(shares))
    blocks.extend(_trend(latest, latest_giving(figures)))
    revised = revisions(figures)
    if revised:
        blocks.append(
            Table(
                "Revised figures",
                "Years whose totals later editions revised",
                (
                    TableColumn("Year", Kind.YEAR, 0.6),
                    TableColumn("First reported", Kind.NUMBER, 0.9),
                    TableColumn("First edition", width=1.5),
                    TableColumn("Latest", Kind.NUMBER, 0.9),
                    TableColumn("Latest edition", width=1.5),
                ),
                tuple(
                    (y, found[0].total, found[0].edition, found[-1].total, found[-1].edition)
                    for y, found in revised.items()
                ),
                **_revised_marks(revised).table(),
                footnotes=(
                    cited(
                        "Landmine Monitor revises earlier years as reports arrive; the table and the chart "
                        "above take each year\u2019s total from its latest edition."
                    ),
                ),
            )
        )
    blocks.extend(_top_countries(ctx, year))
    by_country = _by_country(figures)
    if by_country is not None:
        blocks.append(by_country)
    return Section("casualties", "Casualties", tuple(blocks))


def _revised_marks(revised: dict[int, list[CasualtyFigure]]) -> Marks:
    marks = Marks()
    for found in revised.values():
        first, latest = doubts(found[0]).get("total", ""), doubts(found[-1]).get("total", "")
        marks.add(None, (), (1, first), (3, latest))
    return marks


def _summary(figure: CasualtyFigure, before: CasualtyFigure | None) -> str:
    """The latest year in a sentence, its derived or unconfirmed counts marked."""
    doubted = doubts(figure)
    parts = [
        marked_text(f"{number(v)} {label}", doubted.get(key, ""))
        for v, label, key in (
            (figure.killed, "killed", "killed"),
            (figure.injured, "injured", "injured"),
            (figure.unknown, "of unknown outcome", "unknown"),
        )
        if v is not None
    ]
    total = marked_text(number(figure.total), doubted.get("total", ""))
    text = f"{figure.edition} recorded {total} mine casualties in {figure.year}"
    text += f": {join_names(parts)}" if parts else ""
    if before is not None and before.total:
        text += f". The total is {change_from(figure, before)} ({before.edition})"
    return text + "."


def change_from(figure: CasualtyFigure, before: CasualtyFigure) -> str:
    """'up 9% from 5,757 in 2023': a year's total against another year's (whose total is not 0)."""
    change = 100 * (figure.total - before.total) / before.total
    return (
        f"{'up' if change >= 0 else 'down'} {abs(change):.0f}% from {number(before.total)} in {before.year}"
    )


def _shares(figure: CasualtyFigure) -> str:
    said = []
    if figure.civilians_pct is not None:
        said.append(f"civilians were {figure.civilians_pct:g}% of casualties")
    if figure.children_pct is not None:
        said.append(f"children were {figure.children_pct:g}% {_of_whom(figure.children_pct_basis)}")
    elif figure.children is not None:
        said.append(f"{number(figure.children)} casualties were children")
    return f"In {figure.year}, " + "; ".join(said) + "." if said else ""


def _of_whom(basis: str) -> str:
    """'of civilian casualties' or 'of all casualties': the share's basis in words, never the
    workbook's note printed as it is (the edition's own wording stays in the workbook)."""
    return "of civilian casualties" if "civilian" in basis.split(";")[0].lower() else "of all casualties"


TREND_KEYS = ("year", "total", *BREAKDOWN, "edition")
PART_NAMES = {
    "killed": "killed",
    "injured": "injured",
    "unknown": "unknown",
    "civilians_pct": "the civilian share",
}
NO_FIGURE = "No figure recorded"


def editions(figures: list[CasualtyFigure]) -> str:
    """'Landmine Monitor 2014, 2018 and 2025': the editions the figures come from, oldest first."""
    found = sorted({(f.edition_year, f.edition) for f in figures})
    years = [str(y) for y, name in found if y and name.startswith("Landmine Monitor")]
    others = [name for y, name in found if not (y and name.startswith("Landmine Monitor"))]
    named = [f"Landmine Monitor {join_names(years)}"] if years else []
    return join_names(named + others)


def _trend(latest: dict[int, CasualtyFigure], parts: dict[int, dict[str, CasualtyFigure]]) -> list:
    """The table and the chart of the same years, oldest first, a row and a gap for a year without
    a figure: each total from the latest edition, each part from the latest edition giving it."""
    years = list(range(min(latest), max(latest) + 1))
    missing = [y for y in years if y not in latest]
    used = editions(list(latest.values()))
    rows: list[tuple[Value, ...]] = []
    marks = Marks()
    sources: list[str] = []
    for y in years:
        f = latest.get(y)
        if f is None:
            rows.append((y, None, None, None, None, None, NO_FIGURE))
            marks.add(None, TREND_KEYS)
            continue
        given = {part: parts.get(y, {}).get(part) for part in BREAKDOWN}
        rows.append((y, f.total, *(getattr(g, p) if g else None for p, g in given.items()), f.edition))
        # a part from another edition is marked from that edition's own doubts
        elsewhere = {p: g for p, g in given.items() if g is not None and g is not f}
        keys = tuple(None if k in elsewhere else k for k in TREND_KEYS)
        marks.add(f, keys, *((TREND_KEYS.index(p), doubts(g).get(p, "")) for p, g in elsewhere.items()))
        sources.append(" ; ".join(dict.fromkeys(g.source for g in (f, *given.values()) if g and g.source)))
    gaps = f"No worldwide figure is recorded for {join_names([str(y) for y in missing])}." if missing else ""
    by_year = dict(zip([y for y in years if y in latest], sources, strict=True))
    notes = by_row(
        [str(y) if y in latest else "" for y in years],
        [by_year.get(y, "") for y in years],
        "A blank cell: no edition gives the figure. Later editions revise earlier "
        "years (see the table of revised figures).",
        about="Casualties by year",
    )
    table = Table(
        "Casualties by year",
        f"Mine casualties worldwide, {_years(years)}",
        (
            TableColumn("Year", Kind.YEAR, 0.45),
            TableColumn("Total", Kind.NUMBER, 1.0),
            TableColumn("Killed", Kind.NUMBER, 1.0),
            TableColumn("Injured", Kind.NUMBER, 0.8),
            TableColumn("Unknown", Kind.NUMBER, 1.0),
            TableColumn("Civilians %", Kind.PERCENT, 0.8),
            TableColumn("Edition", width=1.45),
        ),
        tuple(rows),
        notes=(
            f"Each year\u2019s total is from the latest edition that reports the year ({used}); killed, "
            "injured, unknown and the civilian share are each from the latest edition that gives them.",
            *_other_editions(latest, parts),
            *((gaps,) if gaps else ()),
        ),
        footnotes=notes.caption,
        row_footnotes=notes.rows,
        notes_column=len(TREND_KEYS) - 1,  # the edition cites: a footnote mark would wrap the year
        **marks.table(),
    )
    chart = Chart(
        "Casualties chart",
        f"Mine casualties worldwide per year, {_years(years)}, each year\u2019s total from the latest "
        f"edition that reports it ({used})",
        tuple(str(y) for y in years),
        (("Casualties", tuple(latest[y].total if y in latest else None for y in years)),),
        description=(
            f"Column chart of mine casualties worldwide each year, {_years(years)}, the totals of the "
            f"table above: {_listed(latest, years)}." + (f" {gaps}" if gaps else "")
        ),
        notes=(gaps,) if gaps else (),
        axis_title="Casualties (killed, injured and unknown)",
        unconfirmed=tuple(frozenset({1}) if 1 in m else frozenset() for m in marks.columns),
        reasons=tuple(doubts(latest[y]).get("total", "") if y in latest else "" for y in years),
    )
    return [table, chart]


def _other_editions(
    latest: dict[int, CasualtyFigure], parts: dict[int, dict[str, CasualtyFigure]]
) -> list[str]:
    """'2016: killed, injured and unknown from Landmine Monitor 2018 (total 9,437).' for each year
    whose parts come from an edition other than its total's."""
    said = []
    for year, total in latest.items():
        named: dict[CasualtyFigure, list[str]] = {}
        for part, figure in parts.get(year, {}).items():
            if figure.edition != total.edition:
                named.setdefault(figure, []).append(PART_NAMES[part])
        if named:
            editions_used = "; ".join(
                f"{join_names(names)} from {figure.edition} (total {number(figure.total)})"
                for figure, names in sorted(named.items(), key=lambda item: -item[0].edition_year)
            )
            said.append(f"{year}: {editions_used}.")
    return said


def _years(years: list[int]) -> str:
    """'2012–2024', or '2024' alone."""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _listed(latest: dict[int, CasualtyFigure], years: list[int]) -> str:
    return ", ".join(f"{y}: {number(latest[y].total)}" for y in years if y in latest)


def _top_countries(ctx: ReportContext, year: int) -> list:
    best: dict[str, CasualtyFigure] = {}
    for f in ctx.model.casualties:
        if f.year == year and not f.is_global:
            current = best.get(fold_name(f.country))
            if current is None or f.edition_year > current.edition_year:
                best[fold_name(f.country)] = f
    if not best:
        return []
    status = {fold_name(s.state.name): standing(s.status) for s in ctx.statuses}
    top = sorted(best.values(), key=lambda f: (-f.total, un_key(f.country)))[:TOP_COUNTRIES]
    places = "Countries and other areas" if any(f.is_area for f in top) else "Countries"
    notes = by_row([f.country for f in top], [f.source for f in top], about=f"Casualties in {year}")
    return [
        Heading(f"{places} with the most casualties in {year}", 2),
        Table(
            "Top countries",
            f"{places} with the most mine casualties in {year}",
            (
                TableColumn("Country", width=1.6),
                TableColumn("Casualties", Kind.NUMBER, 0.9),
                TableColumn(f"Status as at {format_date(ctx.as_of)}", width=1.6),
                TableColumn("Edition", width=1.4),
            ),
            tuple(
                (
                    _place(f.country),
                    f.total,
                    NOT_A_STATE if f.is_area else status.get(fold_name(f.country), ""),
                    f.edition,
                )
                for f in top
            ),
            footnotes=notes.caption,
            row_footnotes=notes.rows,
            **_marks(top, ("country", "total", None, "edition")).table(),
        ),
    ]


def _marks(figures: list[CasualtyFigure], keys: tuple[str | None, ...]) -> Marks:
    marks = Marks()
    for figure in figures:
        marks.add(figure, keys)
    return marks


def _by_country(figures: tuple[CasualtyFigure, ...]) -> Table | None:
    """Country and year totals (latest edition for each), for the data workbook's colour scale;
    one row per country and year, so that the year stays a number a filter can sort."""
    countries = sorted({f.country for f in figures if not f.is_global}, key=un_key)
    if not countries:
        return None
    by_name: dict[str, list[CasualtyFigure]] = defaultdict(list)  # one pass, not one per country
    for figure in figures:
        by_name[fold_name(figure.country)].append(figure)
    latest = {c: sorted(latest_by_year(by_name[fold_name(c)], c).items()) for c in countries}
    rows = tuple((_place(c), year, figure.total) for c in countries for year, figure in latest[c])
    marks = Marks()
    for c in countries:
        for _year, figure in latest[c]:
            marks.add(None, (), (2, doubts(figure).get("total", "")))
    return Table(
        "By country",
        "Mine casualties by country and year (latest edition for each)",
        (
            TableColumn("Country", width=1.6),
            TableColumn("Year", Kind.YEAR, 0.6),
            TableColumn("Casualties", Kind.NUMBER),
        ),
        rows,
        outputs=("xlsx",),
        heat=True,
        **marks.table(),
    )


def _place(name: str) -> str:
    """A country's name; an area the Monitor lists apart from states says so."""
    return f"{name} {AREA_LABEL}" if area_named(name) is not None else name
