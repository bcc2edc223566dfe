"""The membership map in the Word briefing: a 300 dpi PNG, with the SVG beside it for current Word.

python-docx takes no SVG. Word 2016 and later read one through the `asvg:svgBlip` extension of
the picture's PNG blip (and stay sharp at any zoom); older Word and LibreOffice show the PNG.
"""

from __future__ import annotations

import io
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Emu, Inches

from report_tool.report.render.map_draw import draw
from report_tool.report.sections.blocks import WorldMap

SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def add_world_map(document: Any, paragraph: Any, world_map: WorldMap, width_emu: int) -> None:
    """The map as an inline picture in `paragraph`, at most `width_emu` wide, with its alt text."""
    images = draw(world_map)
    width = min(Emu(width_emu), Inches(images.width_in))
    run = paragraph.add_run()
    inline = run.add_picture(io.BytesIO(images.png), width=width)._inline
    inline.docPr.set("name", world_map.name)
    inline.docPr.set("descr", world_map.description)
    package = document.part.package
    svg = Part(package.next_partname("/word/media/image%d.svg"), "image/svg+xml", images.svg, package)
    rid = document.part.relate_to(svg, RT.IMAGE)
    blip = inline.find(f".//{{{A}}}blip")
    blip.append(
        parse_xml(
            f'<a:extLst xmlns:a="{A}"><a:ext uri="{SVG_EXTENSION}">'
            f'<asvg:svgBlip xmlns:asvg="{ASVG}" xmlns:r="{R}" r:embed="{rid}"/></a:ext></a:extLst>'
        )
    )
