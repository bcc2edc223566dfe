"""Casualties: the trend (latest edition for each year), a chart, the latest year's top countries,
and which years later editions revised."""

from __future__ import annotations

from report_tool.model import CasualtyFigure, unconfirmed_detail
from report_tool.sections.blocks import Chart, Heading, Kind, Paragraph, Section, Table, TableColumn
from report_tool.sections.context import ReportContext
from report_tool.sections.text import format_date, number
from report_tool.status import latest_by_year, revisions

TOP_COUNTRIES = 5


def build(ctx: ReportContext) -> Section:
    figures = ctx.model.casualties
    latest = latest_by_year(figures)
    blocks: list = [Heading("Casualties")]
    if not latest:
        blocks.append(Paragraph("The workbook holds no worldwide (Global) casualty figures."))
        return Section("casualties", "Casualties", tuple(blocks))
    year, figure = max(latest.items())
    blocks.append(Paragraph(_summary(figure, latest.get(year - 1))))
    shares = _shares(figure)
    if shares:
        blocks.append(Paragraph(shares))
    blocks.append(
        Table(
            "Casualties by year",
            "Mine casualties worldwide by year (latest Landmine Monitor edition for each year)",
            (
                TableColumn("Year", Kind.YEAR, 0.6),
                TableColumn("Total", Kind.NUMBER, 0.8),
                TableColumn("Killed", Kind.NUMBER, 0.8),
                TableColumn("Injured", Kind.NUMBER, 0.8),
                TableColumn("Unknown", Kind.NUMBER, 0.8),
                TableColumn("Civilians %", Kind.PERCENT, 0.8),
                TableColumn("Edition", width=1.6),
            ),
            tuple(
                (y, f.total, f.killed, f.injured, f.unknown, f.civilians_pct, f.edition)
                for y, f in sorted(latest.items(), reverse=True)
            ),
            notes=("Blank cells: the figure is not given in the sources recorded in the workbook.",),
        )
    )
    chart = _chart(latest_by_year(figures, with_breakdown=True))
    if chart is not None:
        blocks.append(chart)
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
                notes=(
                    "Landmine Monitor revises earlier years as reports arrive; the tables above use the "
                    "latest edition for each year.",
                ),
            )
        )
    blocks.extend(_top_countries(ctx, year))
    by_country = _by_country(figures)
    if by_country is not None:
        blocks.append(by_country)
    return Section("casualties", "Casualties", tuple(blocks))


def _summary(figure: CasualtyFigure, before: CasualtyFigure | None) -> str:
    parts = [
        f"{number(v)} {label}"
        for v, label in ((figure.killed, "killed"), (figure.injured, "injured"), (figure.unknown, "unknown"))
        if v is not None
    ]
    text = f"{figure.edition} recorded {number(figure.total)} mine casualties in {figure.year}"
    text += f" ({', '.join(parts)})" if parts else ""
    if before is not None and before.total:
        text += f", {change_from(figure, before)} ({before.edition})"
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
        basis = figure.children_pct_basis or "share of all casualties"
        said.append(f"children were {figure.children_pct:g}% ({basis})")
    elif figure.children is not None:
        said.append(f"{number(figure.children)} casualties were children")
    return f"In {figure.year}, " + "; ".join(said) + "." if said else ""


def _chart(latest: dict[int, CasualtyFigure]) -> Chart | None:
    """Killed and injured from the latest edition that gives them, year by year."""
    known = list(latest)
    if not known:
        return None
    years = range(min(known), max(known) + 1)
    editions = [e for _, e in sorted({(f.edition_year, f.edition) for f in latest.values()})]
    return Chart(
        "Casualties chart",
        "People killed and injured by mines per year",
        tuple(str(y) for y in years),
        (
            ("Killed", tuple(latest[y].killed if y in latest else None for y in years)),
            ("Injured", tuple(latest[y].injured if y in latest else None for y in years)),
        ),
        description="Clustered columns of people killed and injured by mines each year, "
        f"{min(years)} to {max(years)}; gaps where the figures are not known.",
        notes=(f"Each year from the latest edition that gives killed and injured: {', '.join(editions)}.",),
    )


def _top_countries(ctx: ReportContext, year: int) -> list:
    best: dict[str, CasualtyFigure] = {}
    for f in ctx.model.casualties:
        if f.year == year and not f.is_global:
            current = best.get(f.country.casefold())
            if current is None or f.edition_year > current.edition_year:
                best[f.country.casefold()] = f
    if not best:
        return []
    status = {s.state.name.casefold(): s.status for s in ctx.statuses}
    top = sorted(best.values(), key=lambda f: (-f.total, f.country))[:TOP_COUNTRIES]
    notes = tuple(
        f"Not confirmed in the sources for {f.country}: {unconfirmed_detail(f.notes)}."
        for f in top
        if unconfirmed_detail(f.notes)
    )
    return [
        Heading(f"Countries with the most casualties in {year}", 2),
        Table(
            "Top countries",
            f"Countries with the most mine casualties in {year}",
            (
                TableColumn("Country", width=1.6),
                TableColumn("Casualties", Kind.NUMBER, 0.9),
                TableColumn(f"Status as at {format_date(ctx.as_of)}", width=1.6),
                TableColumn("Edition", width=1.4),
            ),
            tuple((f.country, f.total, status.get(f.country.casefold(), ""), f.edition) for f in top),
            notes=notes,
        ),
    ]


def _by_country(figures: tuple[CasualtyFigure, ...]) -> Table | None:
    """Country x year totals (latest edition for each), for the data workbook's colour scale."""
    countries = sorted({f.country for f in figures if not f.is_global})
    if not countries:
        return None
    latest = {c: latest_by_year(figures, c) for c in countries}
    years = sorted({y for by_year in latest.values() for y in by_year})
    return Table(
        "By country",
        "Mine casualties by country and year (latest edition for each)",
        (TableColumn("Country", width=1.6), *(TableColumn(str(y), Kind.NUMBER, 0.7) for y in years)),
        tuple((c, *(latest[c][y].total if y in latest[c] else None for y in years)) for c in countries),
        outputs=("xlsx",),
        heat=True,
    )
