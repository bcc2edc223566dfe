"""The atlas's shapes on the map: projected, thinned and made into paths once per run, all at once.

Every ring of every shape goes through the projection and the thinning in one array (shape by
shape, ring by ring, it costs a third of a second); each shape's path is then a slice of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from matplotlib.path import Path

from report_tool.report.render.map_projection import equal_earth
from report_tool.report.render.map_shapes import Shape, world_shapes

THIN = 0.0025  # map units (the map is 5.4 wide): a pixel at 300 dpi


@dataclass(frozen=True)
class Outline:
    """A shape as drawn: its compound path in map units (None if it has no ring to draw), its size
    across (the largest side of its largest part), whether a part is drawn again past the
    antimeridian, and where its dot goes if it is too small to see."""

    path: Path | None
    size: float
    wraps: bool
    centre: tuple[float, float]


@cache
def world_outlines() -> dict[str, Outline]:
    """Every shape of the atlas by its code, projected with Equal Earth."""
    shapes = world_shapes()
    rings: list[Any] = []
    owner: list[int] = []  # the shape each ring belongs to
    outer: list[bool] = []
    shifted: list[bool] = []
    for number, shape in enumerate(shapes.values()):
        for polygon in shape.polygons:
            for index, ring in enumerate(polygon):
                if len(ring) < 3:
                    continue
                for shift in _copies(ring[:, 0]):
                    rings.append(ring + np.array([shift, 0.0]))
                    owner.append(number)
                    outer.append(index == 0 and shift == 0)
                    shifted.append(shift != 0)
    if not rings:
        return {code: Outline(None, 0.0, False, _centre(shape)) for code, shape in shapes.items()}
    points = np.concatenate(rings)
    lengths = np.array([len(ring) for ring in rings])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    ends = starts + lengths - 1
    x, y = equal_earth(points[:, 0], points[:, 1])
    keep = _thinned(x, y)
    keep[starts] = keep[ends] = True
    ring_of = np.repeat(np.arange(len(rings)), lengths)
    too_few = np.bincount(ring_of, weights=keep, minlength=len(rings)) < 4
    keep |= too_few[ring_of]  # a state smaller than a pixel keeps its points (Nauru)
    codes = np.full(len(x), Path.LINETO, dtype=np.uint8)
    codes[starts], codes[ends] = Path.MOVETO, Path.CLOSEPOLY
    across = np.maximum(
        np.maximum.reduceat(x, starts) - np.minimum.reduceat(x, starts),
        np.maximum.reduceat(y, starts) - np.minimum.reduceat(y, starts),
    )
    vertices = np.column_stack([x, y])
    owners, outers, shifts = np.array(owner), np.array(outer), np.array(shifted)
    outlines: dict[str, Outline] = {}
    for number, (code, shape) in enumerate(shapes.items()):
        mine = np.flatnonzero(owners == number)
        if not len(mine):
            outlines[code] = Outline(None, 0.0, False, _centre(shape))
            continue
        first, last = starts[mine[0]], ends[mine[-1]] + 1
        chosen = keep[first:last]
        size = float(across[mine][outers[mine]].max()) if outers[mine].any() else 0.0
        path = Path(vertices[first:last][chosen], codes[first:last][chosen])
        outlines[code] = Outline(path, size, bool(shifts[mine].any()), _centre(shape))
    return outlines


def _thinned(x: Any, y: Any) -> Any:
    """Which points to keep: not those that fall on the same spot of the page as the one before
    (within THIN), the same picture at a fraction of the points (and of the SVG's size)."""
    grid = np.round(np.column_stack([x, y]) / THIN)
    keep = np.ones(len(x), dtype=bool)
    keep[1:] = np.any(grid[1:] != grid[:-1], axis=1)
    return keep


def _copies(lon: Any) -> Iterable[float]:
    """0, and the shift that brings the part of a ring past ±180 degrees back onto the map: that
    part is drawn again 360 degrees over, so that the edge of the map cuts it instead of a band
    across the map (both copies are clipped at the edge)."""
    yield 0.0
    if lon.max() > 180:
        yield -360.0
    if lon.min() < -180:
        yield 360.0


def _centre(shape: Shape) -> tuple[float, float]:
    """Where a small state's dot goes: the middle of its largest part (by its points' extent)."""
    best: tuple[float, float, float] | None = None
    for polygon in shape.polygons:
        lon, lat = polygon[0][:, 0], polygon[0][:, 1]
        extent = float((lon.max() - lon.min()) * (lat.max() - lat.min()))
        if best is None or extent > best[0]:
            best = (extent, float((lon.max() + lon.min()) / 2), float((lat.max() + lat.min()) / 2))
    if best is None:
        return 0.0, 0.0
    x, y = equal_earth(np.array([best[1]]), np.array([best[2]]))
    return float(x[0]), float(y[0])
