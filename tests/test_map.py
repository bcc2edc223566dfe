"""The membership map, read back from the reports as a reader (or a checker) would get it."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from itertools import pairwise
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import EXAMPLE, SOFFICE, libreoffice_convert
from report_tool.cli import cli
from report_tool.domain.status import NOT_PARTY, PARTY, SIGNATORY, WITHDRAWN
from report_tool.report.render.map_projection import equal_earth
from report_tool.report.render.map_shapes import decode, unwrap
from report_tool.report.sections.world_map import LOOKS, OTHER, PENDING

SVG = "{http://www.w3.org/2000/svg}"
FILL = re.compile(r"fill:\s*(#[0-9a-fA-F]{6})")
#: The key figures' rows and the legend's words for the same count.
LEGEND_OF = {
    "States Parties": "States Parties",
    "Withdrawals pending": "of them, withdrawal pending",
    "Signatories": "Signatories",
    "States not party": "States not party",
    "Withdrawn states": "Withdrawn states",
}


def _briefing(folder: Path, day: str, *extra: str) -> Path:
    result = CliRunner().invoke(
        cli, ["generate", str(EXAMPLE), "--report-date", day, "-o", str(folder), "--format", "docx", *extra]
    )
    assert result.exit_code == 0, result.output
    (path,) = folder.glob(f"*-briefing-{day}.docx")
    return path


@pytest.fixture(scope="module")
def briefings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's briefing on the days the issue names, each in a folder of its own."""
    days = ("2025-12-26", "2025-12-28", "2025-12-31", "2026-03-01")
    return {day: _briefing(tmp_path_factory.mktemp(day), day) for day in days}


def _svg(briefing: Path) -> etree._Element:
    with zipfile.ZipFile(briefing) as package:
        (name,) = [n for n in package.namelist() if n.endswith(".svg")]
        return etree.fromstring(package.read(name))


def _fill(svg: etree._Element, gid: str) -> str:
    """The fill of the shape (or dot) with this id."""
    (group,) = [g for g in svg.iter(f"{SVG}g") if g.get("id") == gid]
    path = next(e for e in group.iter() if e.get("style") and "fill" in e.get("style", ""))
    match = FILL.search(path.get("style", ""))
    assert match, path.get("style")
    return match.group(1).upper()


def _key_figures(briefing: Path) -> dict[str, int]:
    table = docx.Document(str(briefing)).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    return {r[0]: int(r[1].replace(",", "")) for r in rows[1:] if r[1].replace(",", "").isdigit()}


def _legend(svg: etree._Element) -> dict[str, int]:
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    found = (re.fullmatch(r"(.+): ([\d,]+)", t.strip()) for t in texts)
    return {m.group(1): int(m.group(2).replace(",", "")) for m in found if m}


def test_finland_is_a_state_party_at_the_end_of_2025_and_withdrawn_in_march_2026(briefings):
    assert _fill(_svg(briefings["2025-12-31"]), "FIN") == LOOKS[PENDING].colour  # a party, leaving
    assert _fill(_svg(briefings["2026-03-01"]), "FIN") == LOOKS[WITHDRAWN].colour
    assert _fill(_svg(briefings["2026-03-01"]), "FRA") == LOOKS[PARTY].colour


def test_estonia_changes_colour_on_the_day_its_withdrawal_takes_effect(briefings):
    """Notified 27 June 2025, effective six months later, 27 December 2025 (Article 20)."""
    assert _fill(_svg(briefings["2025-12-26"]), "EST") == LOOKS[PENDING].colour
    assert _fill(_svg(briefings["2025-12-28"]), "EST") == LOOKS[WITHDRAWN].colour


@pytest.mark.parametrize("day", ["2025-12-26", "2025-12-28"])
def test_the_legend_counts_are_the_key_figures(briefings, day):
    figures, legend = _key_figures(briefings[day]), _legend(_svg(briefings[day]))
    for row, label in LEGEND_OF.items():
        if figures[row] or row == "States Parties":
            assert legend[label] == figures[row], (day, row)
        else:
            assert label not in legend, (day, row)
    standings = ("States Parties", "Signatories", "States not party", "Withdrawn states")
    assert sum(legend.get(LEGEND_OF[r], 0) for r in standings) == sum(figures[r] for r in standings) == 197


def test_every_state_has_a_shape_or_a_dot_and_the_shapes_carry_their_code(briefings):
    svg = _svg(briefings["2025-12-31"])
    ids = {g.get("id") for g in svg.iter(f"{SVG}g")}
    book = openpyxl.load_workbook(EXAMPLE, read_only=True)
    try:
        rows = book["States"].iter_rows(values_only=True)
        column = next(i for i, h in enumerate(next(rows)) if str(h).strip().upper().startswith("ISO"))
        codes = {row[column] for row in rows if row[column]}
    finally:
        book.close()
    assert len(codes) == 197
    assert {c for c in codes if c not in ids and f"{c}-dot" not in ids} == set()
    for small in ("TUV", "NRU", "MDV", "LIE", "KNA", "VAT", "NIU"):  # would vanish without a dot
        assert f"{small}-dot" in ids, small
    assert "RUS" in ids and "FJI" in ids and "UKR" in ids
    assert "GRL" in ids and _fill(svg, "GRL") == LOOKS[OTHER].colour  # a territory: neutral
    assert _fill(svg, "SOL") == _fill(svg, "SOM")  # drawn as part of Somalia, by the table


def test_alt_text_caption_and_disclaimer(briefings):
    briefing = briefings["2025-12-31"]
    with zipfile.ZipFile(briefing) as package:
        xml = package.read("word/document.xml").decode()
    (descr,) = re.findall(r'<wp:docPr [^>]*name="Map"[^>]*descr="([^"]+)"', xml)
    figures = _key_figures(briefing)
    assert f"{figures['States Parties']} States Parties" in descr
    assert f"{figures['Withdrawals pending']} of them with a withdrawal pending" in descr
    assert f"{figures['Withdrawn states']} withdrawn states" in descr
    assert "svgBlip" in xml and 'r:embed="' in xml  # the SVG for current Word, the PNG as fallback
    texts = [p.text for p in docx.Document(str(briefing)).paragraphs]
    caption = next(t for t in texts if t.startswith("Figure") and "as at 31 December 2025" in t)
    after = texts[texts.index(caption) + 2 :]
    assert after[0].startswith("The boundaries and names shown and the designations used on this map")
    assert "Adapted from the United Nations map disclaimer" in after[0]
    assert "Made with Natural Earth" in after[1]


def test_two_runs_give_the_same_map_bytes(briefings, tmp_path):
    again = _briefing(tmp_path, "2025-12-31")
    with zipfile.ZipFile(briefings["2025-12-31"]) as first, zipfile.ZipFile(again) as second:
        media = [n for n in first.namelist() if n.startswith("word/media/")]
        assert any(n.endswith(".svg") for n in media) and any(n.endswith(".png") for n in media)
        for name in media:
            assert first.read(name) == second.read(name), name


def test_no_map_leaves_it_out(tmp_path):
    briefing = _briefing(tmp_path, "2025-12-31", "--no-map")
    with zipfile.ZipFile(briefing) as package:
        assert not [n for n in package.namelist() if n.endswith((".svg", ".png"))]
    assert not any("boundaries" in p.text for p in docx.Document(str(briefing)).paragraphs)


def test_without_matplotlib_one_line_says_how_to_get_the_map_and_the_rest_is_written(tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name, *a)
    )
    result = CliRunner().invoke(
        cli, ["generate", str(EXAMPLE), "--report-date", "2025-12-31", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "matplotlib," in line]
    assert said == [
        "The map is left out: it needs matplotlib, which is not installed (pip install matplotlib)."
    ]
    (briefing,) = tmp_path.glob("*.docx")
    assert len(list(tmp_path.glob("*.xlsx"))) == 1
    assert not any("boundaries" in p.text for p in docx.Document(str(briefing)).paragraphs)


def test_the_summary_shows_the_map_with_its_description(example_reports):
    summary = example_reports[1]
    with zipfile.ZipFile(summary) as package:
        names = package.namelist()
        assert any(n.startswith("xl/media/") and n.endswith(".png") for n in names)
        drawing = next(package.read(n).decode() for n in names if n.startswith("xl/drawings/drawing"))
    assert 'descr="World map of the Convention as at 26 November 2026: 161 States Parties' in drawing
    ws = openpyxl.load_workbook(summary)["Map"]
    texts = [c.value for c in ws["A"] if isinstance(c.value, str)]
    assert "States Parties and other states as at 26 November 2026" in texts
    assert any(t.startswith("The boundaries and names shown") for t in texts)


# -- the pieces ---------------------------------------------------------------------------------


def test_equal_earth_keeps_the_paper_s_extent():
    """Šavrič, Patterson and Jenny (2018): the map is about 2.05 times as wide as it is tall."""
    import numpy as np

    x, _ = equal_earth(np.array([180.0]), np.array([0.0]))
    _, y = equal_earth(np.array([0.0]), np.array([90.0]))
    assert abs(float(x[0]) - 2.7066) < 1e-4 and abs(float(y[0]) - 1.3174) < 1e-4
    assert round(float(x[0] / y[0]), 2) == 2.05


def test_a_ring_across_the_antimeridian_is_unwrapped():
    assert unwrap([(179.0, -16.0), (-179.5, -16.5), (-179.0, -17.0), (179.5, -17.0)]).tolist() == [
        [179.0, -16.0],
        [180.5, -16.5],
        [181.0, -17.0],
        [179.5, -17.0],
    ]
    assert unwrap([(-179.0, 65.0), (179.0, 66.0)]).tolist() == [[-179.0, 65.0], [-181.0, 66.0]]


def test_topojson_arcs_are_joined_and_reversed():
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [1, 0], [0, 1]], [[1, 1], [-1, 0], [0, -1]]],
        "objects": {
            "layer": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"a3": "AAA", "name": "A"}},
                    {"type": "Polygon", "arcs": [[~1, ~0]], "properties": {"a3": "BBB", "name": "B"}},
                ],
            }
        },
    }
    shapes = decode(topology, "layer")
    assert [[ring.tolist() for ring in polygon] for polygon in shapes["AAA"].polygons] == [
        [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    ]
    assert [[ring.tolist() for ring in polygon] for polygon in shapes["BBB"].polygons] == [
        [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]
    ]


def test_the_colours_stay_apart_in_greyscale():
    def grey(colour: str) -> float:
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.299 * red + 0.587 * green + 0.114 * blue

    keys = (PARTY, PENDING, WITHDRAWN, SIGNATORY, NOT_PARTY, OTHER)
    levels = sorted(grey(LOOKS[key].colour) for key in keys)
    assert min(b - a for a, b in pairwise(levels)) >= 20, levels


def test_the_map_is_drawn_only_when_generate_needs_it():
    import sys

    code = "import report_tool.cli, sys; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_shipped_outlines_are_what_the_atlas_gives():
    """The projected, thinned shapes ship beside the atlas: they must be the atlas's, as now worked out."""
    import dataclasses

    import numpy as np

    from report_tool.report.render.map_geometry import build_outlines, shipped_outlines

    shipped, built = shipped_outlines(), build_outlines()
    for field in dataclasses.fields(built):
        ours, atlas = getattr(shipped, field.name), getattr(built, field.name)
        if ours.dtype.kind == "f":  # another numpy, or another CPU's vector code, may differ in the last bit
            assert ours.shape == atlas.shape and np.allclose(ours, atlas, rtol=1e-12, atol=0), field.name
        else:  # the names, the outlines' points and their path codes: exactly the atlas's
            assert np.array_equal(ours, atlas), field.name
    assert len(built.names) == 242 and built.offsets[-1] == len(built.points)


def test_a_home_that_cannot_be_written_adds_no_line_from_the_drawing_library(tmp_path):
    """matplotlib then works from a temporary cache (rebuilding its font list: slower, the same map)."""
    import os
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("MPL", "XDG_"))}
    env["HOME"] = "/proc/no-home"  # not even root can make a folder there
    command = [sys.executable, "-m", "report_tool", "generate", str(EXAMPLE), "--report-date", "2025-12-31"]
    done = subprocess.run(
        [*command, "--format", "docx", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "matplotlib" not in done.stderr.lower(), done.stderr
    (briefing,) = tmp_path.glob("*.docx")
    with zipfile.ZipFile(briefing) as package:
        assert any(n.endswith(".svg") for n in package.namelist())


@pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdfimages") is None, reason="LibreOffice or poppler missing"
)
def test_the_pdf_shows_the_map_on_a_page_filled_by_what_follows_it(tmp_path):
    """As LibreOffice lays it out (the PDF is its conversion): the map's 300 dpi picture on the
    page of its caption; as at the 22MSP the next section's table (twelve rows) starts under the
    map, its header repeated on the next page, instead of leaving half the map's page empty."""
    briefing = _briefing(tmp_path, "2025-12-05")
    pdf = libreoffice_convert(briefing, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [" ".join(page.split()) for page in text.split("\f")]
    (number,) = [
        i + 1 for i, p in enumerate(pages) if "States Parties and other states as at 5 December" in p
    ]
    page = pages[number - 1]
    assert "Table 3. Treaty events from 30 November 2024 to 5 December 2025" in page
    assert "12 March 2025 Marshall Islands Ratification deposited" in page
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True)
    images = [line.split() for line in listed.stdout.splitlines()[2:]]
    assert [(int(i[0]), int(i[3])) for i in images if i[2] == "image"] == [(number, 1890)]


def test_no_shape_crosses_the_map_and_crimea_is_drawn_with_ukraine():
    """As drawn: no ring steps across the map (a band from the antimeridian would), Russia and
    Fiji are drawn again past the edge where they cross it, and Simferopol lies in Ukraine's shape."""
    import numpy as np
    from matplotlib.path import Path as MapPath

    from report_tool.report.render.map_geometry import world_outlines

    outlines = world_outlines()
    for code, outline in outlines.items():
        starts = np.flatnonzero(outline.codes == MapPath.MOVETO)
        steps = np.abs(np.diff(outline.vertices[:, 0]))
        steps[starts[1:] - 1] = 0  # from one ring's last point to the next one's first
        assert not len(steps) or steps.max() < 1.0, code  # the map is 5.4 wide
    assert outlines["RUS"].wraps and outlines["FJI"].wraps and not outlines["UKR"].wraps
    x, y = equal_earth(np.array([34.10]), np.array([44.95]))  # Simferopol
    shape = {code: MapPath(o.vertices, o.codes) for code, o in outlines.items() if code in ("UKR", "RUS")}
    assert shape["UKR"].contains_point((x[0], y[0])) and not shape["RUS"].contains_point((x[0], y[0]))
