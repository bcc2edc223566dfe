"""The Landmine Monitor's "other areas": places it counts casualties in apart from states
(Kosovo, Western Sahara, ...), which no States row can hold.

The list is report_tool/data/other_areas.csv: only the areas the Monitor was found naming, each
with the editions that name it. Taiwan is not among them: it was not found as a Monitor casualty
area. Palestine, one of LM2000's nine areas, is left out: it has been a State Party (the State of
Palestine, PSE) since 2018 and is entered on the States sheet. This module imports nothing else
of the package.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache

from report_tool.domain.names import fold_name


@dataclass(frozen=True)
class Area:
    """An area the Monitor lists apart from states, with the other spellings it has used."""

    name: str
    other_names: tuple[str, ...]
    found: str
    sources: str


@cache
def other_areas() -> tuple[Area, ...]:
    import importlib.resources

    text = importlib.resources.files("report_tool").joinpath("data/other_areas.csv").read_text("utf-8")
    return tuple(
        Area(
            row["area"],
            tuple(n for n in row["other_names"].split(";") if n.strip()),
            row["found"],
            row["sources"],
        )
        for row in csv.DictReader(io.StringIO(text))
    )


@cache
def _by_name() -> dict[str, Area]:
    found: dict[str, Area] = {}
    for area in other_areas():
        for name in (area.name, *area.other_names):
            found.setdefault(fold_name(name), area)
    return found


def area_named(name: str) -> Area | None:
    """The area `name` is (by its name or another spelling the Monitor used); None for any other name."""
    return _by_name().get(fold_name(name)) if name else None


def area_names() -> tuple[str, ...]:
    """The areas' names, as the Monitor spells them now."""
    return tuple(area.name for area in other_areas())
