"""The membership map drawn with matplotlib, as a 300 dpi PNG and an SVG, the same bytes every run.

matplotlib is imported here only, and this module only when a report with a map is written, so
that no other command pays for it. Each state's shape in the SVG has its ISO3 code as its id (a
dot, `CODE-dot`; a hatch, `CODE-hatch`), so that the map can be checked and restyled.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from report_tool.errors import MapUnavailable
from report_tool.report.render.map_areas import drawn_as
from report_tool.report.render.map_projection import equal_earth, outline
from report_tool.report.render.map_shapes import Shape, world_shapes
from report_tool.report.sections.blocks import WorldMap
from report_tool.report.sections.world_map import INSTALL, LOOKS, OTHER

WIDTH_IN = 6.3  # the text width of an A4 page with the template's margins
LEGEND_IN = 0.45  # the band under the map that holds the legend
DPI = 300
SOUTH, NORTH = -58.0, 84.0  # Antarctica is left out; the Arctic islands are not
#: A state whose shape is smaller than this across (in map units: the map is 5.4 wide) is also
#: given a dot, so that it cannot disappear: 0.035 is about 1 mm on the page.
SMALL = 0.035
THIN = 0.0025  # map units: a pixel at 300 dpi
DOT_POINTS = 3.2  # the dot's diameter in points
EDGE = "#FFFFFF"
EDGE_OTHER = "#8C8C8C"
SEA = "#EEF3F8"  # grey level 242: between the white of other areas and the light grey of non-parties
FONT = "DejaVu Sans"  # shipped with matplotlib: the same letters on every machine
#: Fixed, so that the SVG's ids (clip paths, hatches) are the same on every run.
RC: dict[Any, Any] = {
    "svg.hashsalt": "report-tool-map",
    "svg.fonttype": "none",
    "font.family": FONT,
    "font.size": 7,
    "path.simplify": True,
    "path.simplify_threshold": 0.2,
    "hatch.linewidth": 0.4,
}


@dataclass(frozen=True)
class MapImages:
    png: bytes
    svg: bytes
    width_in: float
    height_in: float


@lru_cache(maxsize=4)
def draw(world_map: WorldMap) -> MapImages:
    """The map as PNG and SVG; drawn once per report, however many outputs show it."""
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - generate checks first
        raise MapUnavailable(INSTALL) from exc
    (left, right), (bottom, top) = _extent()
    map_height = WIDTH_IN * (top - bottom) / (right - left)
    height = map_height + LEGEND_IN
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_axes((0.0, LEGEND_IN / height, 1.0, map_height / height))
        _draw_world(axes, world_map)
        axes.set_xlim(left, right)
        axes.set_ylim(bottom, top)
        _legend(figure, world_map)
        png, svg = io.BytesIO(), io.BytesIO()
        # fast compression: the .docx and .xlsx zip it again
        figure.savefig(
            png, format="png", dpi=DPI, metadata={"Software": None}, pil_kwargs={"compress_level": 1}
        )
        figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return MapImages(png.getvalue(), svg.getvalue(), WIDTH_IN, height)


def _extent() -> tuple[tuple[float, float], tuple[float, float]]:
    """The map's width (the whole world) and height (60 degrees south to the Arctic islands)."""
    edge_x, _ = outline()
    (south, north) = equal_earth(np.array([0.0, 0.0]), np.array([SOUTH, NORTH]))[1]
    margin = 0.01 * float(edge_x.max())
    return (float(edge_x.min()) - margin, float(edge_x.max()) + margin), (float(south), float(north) + margin)


def _draw_world(axes: Any, world_map: WorldMap) -> None:
    from matplotlib.patches import Polygon

    axes.set_axis_off()  # the figure's shape gives equal scales on both axes
    edge_x, edge_y = outline()
    # the sea, inside the map's edge: it shows where a shape cut at the 180th meridian goes on
    frame = Polygon(np.column_stack([edge_x, edge_y]), closed=True, facecolor=SEA, edgecolor=EDGE_OTHER)
    frame.set_linewidth(0.3)
    frame.set_gid("sea")
    axes.add_artist(frame)
    standing = dict(world_map.standings)
    shapes = world_shapes()
    dots = []
    for code, shape in sorted(shapes.items()):
        owner = drawn_as(code, set(standing))
        if owner is None:
            continue
        look = LOOKS[standing.get(owner, OTHER)] if owner else LOOKS[OTHER]
        path, size, wraps = _path(shape.polygons)
        is_state = code in standing
        if path is not None:
            clip = frame if wraps else None  # only a shape past the edge needs cutting (it is slow)
            _patch(axes, path, code, look.colour, EDGE if is_state else EDGE_OTHER, clip)
            if look.hatch and is_state:
                _patch(axes, path, f"{code}-hatch", "none", _darker(look.colour), clip, hatch=look.hatch)
        if is_state and size < SMALL:  # a state of a point or two (the Holy See) is a dot alone
            dots.append((code, _centre(shape), look.colour))
    for code, (x, y), colour in dots:
        marker = axes.plot(
            [x],
            [y],
            "o",
            markersize=DOT_POINTS,
            markerfacecolor=colour,
            markeredgecolor="#1A1A1A",
            markeredgewidth=0.35,
            clip_on=False,
        )[0]
        marker.set_gid(f"{code}-dot")


def _patch(axes: Any, path: Any, gid: str, face: str, edge: str, clip: Any, hatch: str = "") -> None:
    from matplotlib.patches import PathPatch

    patch = PathPatch(path, facecolor=face, edgecolor=edge, linewidth=0.15, hatch=hatch or None)
    patch.set_gid(gid)
    if clip is not None:
        patch.set_clip_path(clip)
    axes.add_artist(patch)  # not add_patch: the limits are set once, and its bounds cost seconds


def _path(polygons: Sequence[Sequence[Any]]) -> tuple[Any, float, bool]:
    """One compound path of a shape's rings, projected; its size across (the largest side of its
    largest part); whether it wraps round. A part past the antimeridian is drawn again 360 degrees
    over, so that the edge of the map cuts it instead of a band across the map; both are clipped.
    All its rings are projected and thinned at once (ring by ring costs a third of a second)."""
    from matplotlib.path import Path

    rings = [
        (ring, shift, index == 0 and shift == 0)
        for polygon in polygons
        for index, ring in enumerate(polygon)
        if len(ring) >= 3
        for shift in _copies(ring[:, 0])
    ]
    if not rings:
        return None, 0.0, False
    lengths = np.array([len(ring) for ring, _, _ in rings])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    ends = starts + lengths - 1
    x, y = equal_earth(
        np.concatenate([ring[:, 0] + shift for ring, shift, _ in rings]),
        np.concatenate([ring[:, 1] for ring, _, _ in rings]),
    )
    keep = _thinned(x, y)
    keep[starts] = keep[ends] = True
    ring_of = np.repeat(np.arange(len(rings)), lengths)
    too_few = np.bincount(ring_of, weights=keep, minlength=len(rings)) < 4
    keep |= too_few[ring_of]  # a state smaller than a pixel keeps its points (Nauru)
    codes = np.full(len(x), Path.LINETO, dtype=np.uint8)
    codes[starts], codes[ends] = Path.MOVETO, Path.CLOSEPOLY
    outer = np.array([is_outer for _, _, is_outer in rings])
    across = np.maximum(
        np.maximum.reduceat(x, starts) - np.minimum.reduceat(x, starts),
        np.maximum.reduceat(y, starts) - np.minimum.reduceat(y, starts),
    )
    size = float(across[outer].max()) if outer.any() else 0.0
    return Path(np.column_stack([x, y])[keep], codes[keep]), size, any(s != 0 for _, s, _ in rings)


def _thinned(x: Any, y: Any) -> Any:
    """Which points to keep: not those that fall on the same spot of the page as the one before
    (within THIN), the same picture at a fraction of the points (and of the SVG's size)."""
    grid = np.round(np.column_stack([x, y]) / THIN)
    keep = np.ones(len(x), dtype=bool)
    keep[1:] = np.any(grid[1:] != grid[:-1], axis=1)
    return keep


def _copies(lon: Any) -> Iterable[float]:
    """0, and the shift that brings the part of a ring past ±180 degrees back onto the map."""
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
    assert best is not None
    x, y = equal_earth(np.array([best[1]]), np.array([best[2]]))
    return float(x[0]), float(y[0])


def _darker(colour: str) -> str:
    """The hatch's colour: the fill's, at half its brightness."""
    red, green, blue = (int(colour[i : i + 2], 16) // 2 for i in (1, 3, 5))
    return f"#{red:02X}{green:02X}{blue:02X}"


def _legend(figure: Any, world_map: WorldMap) -> None:
    from matplotlib.patches import Patch

    handles = [
        Patch(
            facecolor=LOOKS[key].colour,
            edgecolor=_darker(LOOKS[key].colour) if LOOKS[key].hatch else "#595959",
            hatch=LOOKS[key].hatch or None,
            linewidth=0.4,
            label=f"{label}: {count:,}",
        )
        for key, label, count in world_map.legend
    ]
    handles.append(
        Patch(
            facecolor=LOOKS[OTHER].colour,
            edgecolor=EDGE_OTHER,
            linewidth=0.4,
            label="Other areas (not counted)",
        )
    )
    legend = figure.legend(
        handles=handles,
        loc="lower center",
        ncol=3,
        frameon=False,
        fontsize=7,
        handlelength=1.6,
        columnspacing=1.6,
        bbox_to_anchor=(0.5, 0.0),
    )
    legend.set_gid("legend")
