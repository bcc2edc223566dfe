"""The membership map drawn with matplotlib, as a 300 dpi PNG and an SVG, the same bytes every run.

matplotlib is imported here only, and this module only when a report with a map is written, so
that no other command pays for it. Each state's shape in the SVG has its ISO3 code as its id (a
dot, `CODE-dot`; a hatch, `CODE-hatch`), so that the map can be checked and restyled.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from report_tool.errors import MapUnavailable
from report_tool.report.render.map_areas import drawn_as
from report_tool.report.render.map_projection import equal_earth, outline
from report_tool.report.sections.blocks import WorldMap
from report_tool.report.sections.world_map import INSTALL, LOOKS, OTHER
from report_tool.workbook.speedups import collection_paused

WIDTH_IN = 6.3  # the text width of an A4 page with the template's margins
LEGEND_IN = 0.3  # the band under the map that holds the legend (two rows of it)
DPI = 300
SOUTH, NORTH = -58.0, 84.0  # Antarctica is left out; the Arctic islands are not
#: A state whose shape is smaller than this across (in map units: the map is 5.4 wide) is also
#: given a dot, so that it cannot disappear: 0.035 is about 1 mm on the page.
SMALL = 0.035
#: The PNG's colours: the fills, borders, hatches and letters, and their anti-aliased edges.
PALETTE = 64
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
    """The map as PNG and SVG, from one figure; drawn once per report, however many outputs show it.
    The cyclic collector waits: importing matplotlib and drawing make a few hundred thousand
    objects and a few cycles (a tenth of the map's time went on collecting them)."""
    with collection_paused():
        return _draw(world_map)


def _draw(world_map: WorldMap) -> MapImages:
    # Where its cache folder cannot be written (a read-only home), matplotlib says so in two lines
    # of its own and uses a temporary one; the map is the same, and the reader needs neither line.
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.transforms import Affine2D
    except ImportError as exc:  # pragma: no cover - generate checks first
        raise MapUnavailable(INSTALL) from exc
    (left, right), (bottom, top) = _extent()
    map_height = WIDTH_IN * (top - bottom) / (right - left)
    height = map_height + LEGEND_IN
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
        canvas = FigureCanvasAgg(figure)
        # no Axes (they cost a tenth of a second, for ticks never shown): map units straight to
        # the figure's band above the legend
        to_figure = (
            Affine2D()
            .translate(-left, -bottom)
            .scale(1 / (right - left), map_height / height / (top - bottom))
            .translate(0, LEGEND_IN / height)
            + figure.transFigure
        )
        _draw_world(figure, to_figure, world_map)
        _legend(figure, world_map)
        canvas.draw()
        png = _png(canvas)
        svg = io.BytesIO()
        figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return MapImages(png, svg.getvalue(), WIDTH_IN, height)


def _png(canvas: Any) -> bytes:
    """The drawn figure as a 300 dpi PNG of at most PALETTE colours: a sixth of the bytes of the
    full-colour image and a fifth of the time to compress (the six fills, their borders and the
    letters need far fewer), which the .docx and the .xlsx then zip again."""
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    paletted = image.convert("RGB").quantize(
        PALETTE, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    paletted.save(out, format="png", dpi=(DPI, DPI), compress_level=6)
    return out.getvalue()


def _extent() -> tuple[tuple[float, float], tuple[float, float]]:
    """The map's width (the whole world) and height (60 degrees south to the Arctic islands)."""
    edge_x, _ = outline()
    (south, north) = equal_earth(np.array([0.0, 0.0]), np.array([SOUTH, NORTH]))[1]
    margin = 0.01 * float(edge_x.max())
    return (float(edge_x.min()) - margin, float(edge_x.max()) + margin), (float(south), float(north) + margin)


def _draw_world(figure: Any, transform: Any, world_map: WorldMap) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon
    from matplotlib.path import Path

    from report_tool.report.render.map_geometry import world_outlines

    edge_x, edge_y = outline(SOUTH, NORTH)
    # the sea, inside the map's edge: it shows where a shape cut at the 180th meridian goes on;
    # cut at the map's southern and northern parallels, so that it stops above the legend
    frame = Polygon(
        np.column_stack([edge_x, edge_y]),
        closed=True,
        facecolor=SEA,
        edgecolor=EDGE_OTHER,
        linewidth=0.3,
        transform=transform,
        gid="sea",
    )
    figure.add_artist(frame)
    standing = dict(world_map.standings)
    states = set(standing)
    dots = []
    for code, shape in sorted(world_outlines().items()):
        owner = drawn_as(code, states)
        if owner is None:
            continue
        look = LOOKS[standing.get(owner, OTHER)] if owner else LOOKS[OTHER]
        is_state = code in standing
        if len(shape.vertices):
            path = Path(shape.vertices, shape.codes)
            clip = frame if shape.wraps else None  # only a shape past the edge needs cutting (it is slow)
            edge = EDGE if is_state else EDGE_OTHER
            _patch(figure, transform, path, code, look.colour, edge, clip)
            if look.hatch and is_state:
                hatch = _darker(look.colour)
                _patch(figure, transform, path, f"{code}-hatch", "none", hatch, clip, look.hatch)
        if is_state and shape.size < SMALL:  # a state of a point or two (the Holy See) is a dot alone
            dots.append((code, shape.centre, look.colour))
    for code, (x, y), colour in dots:
        dot = Line2D(
            [x],
            [y],
            linestyle="none",
            marker="o",
            markersize=DOT_POINTS,
            markerfacecolor=colour,
            markeredgecolor="#1A1A1A",
            markeredgewidth=0.35,
            transform=transform,
            gid=f"{code}-dot",
        )
        figure.add_artist(dot)


def _patch(
    figure: Any, transform: Any, path: Any, gid: str, face: str, edge: str, clip: Any, hatch: str = ""
) -> None:
    from matplotlib.patches import PathPatch

    patch = PathPatch(
        path,
        facecolor=face,
        edgecolor=edge,
        linewidth=0.15,
        hatch=hatch or None,
        transform=transform,
        gid=gid,
    )
    if clip is not None:
        patch.set_clip_path(clip)
    figure.add_artist(patch)


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
        labelspacing=0.3,
        borderaxespad=0.2,
        bbox_to_anchor=(0.5, 0.0),
    )
    legend.set_gid("legend")
