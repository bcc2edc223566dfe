"""The atlas's shapes on the map: projected with Equal Earth and thinned to what a 300 dpi page
shows, worked out from the TopoJSON ahead of time and shipped beside it, read in milliseconds.

Reading the TopoJSON, joining its arcs and projecting them took a fifth of a second on every
report. The result depends on the atlas alone, so `python -m report_tool.report.render.map_geometry`
writes it to OUTLINES whenever the atlas or the thinning changes, and a test checks the shipped
file is what the atlas gives. Each point is kept on the grid of the thinning (THIN, a pixel at
300 dpi), as whole numbers: the same picture in a quarter of the bytes.
"""

from __future__ import annotations

import importlib.resources
import io
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.path import Path as MapPath
from numpy.typing import NDArray

from report_tool.report.render.map_projection import equal_earth
from report_tool.report.render.map_shapes import ATLAS, Shape, world_shapes

THIN = 0.0025  # map units (the map is 5.4 wide): a pixel at 300 dpi
OUTLINES = "data/world-atlas/50m-equal-earth.npz"


@dataclass(frozen=True)
class Outline:
    """A shape as drawn: its points in map units with their matplotlib path codes (none if it has
    no ring to draw), its size across (the largest side of its largest part), whether a part is drawn again
    past the antimeridian, and where its dot goes if it is too small to see."""

    vertices: NDArray[np.float64]
    codes: NDArray[np.uint8]
    size: float
    wraps: bool
    centre: tuple[float, float]


@dataclass(frozen=True)
class Outlines:
    """Every shape's outline in arrays, as shipped: shape i's points are points[offsets[i]:offsets[i + 1]]."""

    names: NDArray[np.str_]
    offsets: NDArray[np.int64]
    points: NDArray[np.int16]  # on the grid of THIN
    codes: NDArray[np.uint8]
    sizes: NDArray[np.float64]
    wraps: NDArray[np.bool_]
    centres: NDArray[np.float64]

    def each(self) -> dict[str, Outline]:
        vertices = self.points.astype(np.float64) * THIN
        return {
            str(name): Outline(
                vertices[self.offsets[i] : self.offsets[i + 1]],
                self.codes[self.offsets[i] : self.offsets[i + 1]],
                float(self.sizes[i]),
                bool(self.wraps[i]),
                (float(self.centres[i, 0]), float(self.centres[i, 1])),
            )
            for i, name in enumerate(self.names)
        }


@cache
def world_outlines() -> dict[str, Outline]:
    """Every shape of the atlas by its code, from the shipped file."""
    return shipped_outlines().each()


def shipped_outlines() -> Outlines:
    data = importlib.resources.files("report_tool").joinpath(OUTLINES).read_bytes()
    with np.load(io.BytesIO(data), allow_pickle=False) as saved:
        return Outlines(**{name: saved[name] for name in saved.files})


def build_outlines() -> Outlines:
    """The outlines worked out from the atlas: every ring of every shape through the projection
    and the thinning in one array (shape by shape, ring by ring, it costs a third of a second)."""
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
    points = np.concatenate(rings)
    lengths = np.array([len(ring) for ring in rings])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    ends = starts + lengths - 1
    x, y = equal_earth(points[:, 0], points[:, 1])
    grid = np.round(np.column_stack([x, y]) / THIN)
    keep = np.ones(len(x), dtype=bool)
    keep[1:] = np.any(grid[1:] != grid[:-1], axis=1)  # not a point on the same pixel as the last
    keep[starts] = keep[ends] = True
    ring_of = np.repeat(np.arange(len(rings)), lengths)
    too_few = np.bincount(ring_of, weights=keep, minlength=len(rings)) < 4
    keep |= too_few[ring_of]  # a state smaller than a pixel keeps its points (Nauru)
    codes = np.full(len(x), MapPath.LINETO, dtype=np.uint8)
    codes[starts], codes[ends] = MapPath.MOVETO, MapPath.CLOSEPOLY
    across = np.maximum(
        np.maximum.reduceat(x, starts) - np.minimum.reduceat(x, starts),
        np.maximum.reduceat(y, starts) - np.minimum.reduceat(y, starts),
    )
    owners, outers, shifts = np.array(owner), np.array(outer), np.array(shifted)
    sizes = np.zeros(len(shapes))
    wraps = np.zeros(len(shapes), dtype=bool)
    np.maximum.at(sizes, owners[outers], across[outers])
    wraps[owners[shifts]] = True
    if np.abs(grid).max() >= np.iinfo(np.int16).max:  # pragma: no cover - a finer THIN would need int32
        raise ValueError("the map's points do not fit the shipped file's whole numbers")
    kept_per_shape = np.bincount(owners[ring_of][keep], minlength=len(shapes))
    return Outlines(
        names=np.array(list(shapes)),
        offsets=np.concatenate([[0], np.cumsum(kept_per_shape)]).astype(np.int64),
        points=grid[keep].astype(np.int16),
        codes=codes[keep],
        sizes=sizes,
        wraps=wraps,
        centres=np.array([_centre(shape) for shape in shapes.values()]),
    )


def write_outlines(path: Path) -> None:
    """The outlines of the atlas, as shipped (see the module's docstring)."""
    outlines = build_outlines()
    np.savez_compressed(path, **{name: getattr(outlines, name) for name in Outlines.__dataclass_fields__})


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


if __name__ == "__main__":
    package = Path(__file__).resolve().parents[2]
    target = package / OUTLINES
    write_outlines(target)
    print(f"Wrote {target} from {package / ATLAS}", file=sys.stderr)
