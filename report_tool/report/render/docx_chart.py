"""A native, editable Word chart: a chart part with its embedded workbook.

python-docx has no chart API (its issue 179); python-pptx writes the DrawingML chart XML and the
embedded workbook that Word and PowerPoint share, so the secretariat can restyle the chart and
see its numbers in Word ("Edit data"), and LibreOffice renders it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from xml.sax.saxutils import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from report_tool.report.render.reproducible import midnight
from report_tool.report.sections.blocks import Chart

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
FONT = "Arial"
SERIES_COLOURS = ("1F3864", "8FAADC", "C55A11", "A5A5A5")
FONT_SIZE = 900  # hundredths of a point


def _c(tag: str) -> str:
    return f"{{{C}}}{tag}"


def add_chart_part(document: Any, chart: Chart, as_of: dt.date) -> str:
    """Add the chart (and its workbook, created on `as_of`) to the package; return the document's
    relationship id."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE

    data = CategoryChartData(number_format=chart.number_format)
    data.categories = list(chart.categories)
    for name, values in chart.series:
        data.add_series(name, list(values))
    package = document.part.package
    chart_space = parse_xml(data.xml_bytes(XL_CHART_TYPE.COLUMN_CLUSTERED))
    _style(chart_space, chart.number_format, chart.axis_title)
    chart_part = XmlPart(
        package.next_partname("/word/charts/chart%d.xml"), CT.DML_CHART, chart_space, package
    )
    workbook = Part(
        package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
        CT.SML_SHEET,
        _dated_workbook(data, as_of),
        package,
    )
    workbook_rid = chart_part.relate_to(workbook, RT.PACKAGE)
    chart_space.append(
        parse_xml(
            f'<c:externalData {nsdecls("c", "r")} r:id="{workbook_rid}">'
            '<c:autoUpdate val="0"/></c:externalData>'
        )
    )
    return document.part.relate_to(chart_part, RT.CHART)


def _dated_workbook(data: Any, as_of: dt.date) -> bytes:
    """The chart's workbook as python-pptx writes it, created on `as_of` rather than now."""
    from pptx.chart.xlsx import CategoryWorkbookWriter

    class DatedWriter(CategoryWorkbookWriter):  # type: ignore[misc]
        @contextmanager
        def _open_worksheet(self, xlsx_file: Any) -> Iterator[tuple[Any, Any]]:
            with super()._open_worksheet(xlsx_file) as (workbook, worksheet):
                workbook.set_properties({"created": midnight(as_of)})
                yield workbook, worksheet

    blob: bytes = DatedWriter(data).xlsx_blob
    return blob


def _axis_title(text: str) -> Any:
    """A value axis title, written up the axis."""
    return parse_xml(
        f"<c:title {nsdecls('c', 'a')}><c:tx><c:rich>"
        '<a:bodyPr rot="-5400000" vert="horz"/><a:lstStyle/>'
        '<a:p><a:pPr><a:defRPr b="0"/></a:pPr><a:r><a:rPr lang="en-GB" b="0"/>'
        f"<a:t>{escape(text)}</a:t></a:r></a:p>"
        '</c:rich></c:tx><c:overlay val="0"/></c:title>'
    )


def inline_chart_xml(rid: str, shape_id: int, width_emu: int, height_emu: int, description: str) -> Any:
    """The w:drawing that shows chart `rid` inline in a run."""
    description = description.replace('"', "'").replace("&", "and").replace("<", "").replace(">", "")
    return parse_xml(
        f"<w:drawing {nsdecls('w', 'wp', 'a', 'r')}>"
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width_emu}" cy="{height_emu}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {shape_id}" descr="{description}"/>'
        "<wp:cNvGraphicFramePr/>"
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart xmlns:c="{C}" r:id="{rid}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing>"
    )


def _style(chart_space: Any, number_format: str, axis_title: str = "") -> None:
    """House style: no title (the caption is the title), an axis title, coloured series, a legend,
    readable text."""
    chart = chart_space.find(_c("chart"))
    chart.find(_c("autoTitleDeleted")).set("val", "1")
    bar_chart = chart.find(f"{_c('plotArea')}/{_c('barChart')}")
    for index, series in enumerate(bar_chart.findall(_c("ser"))):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        series.find(_c("tx")).addnext(
            parse_xml(
                f'<c:spPr {nsdecls("c", "a")}><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></c:spPr>'
            )
        )
    first_axis = bar_chart.find(_c("axId"))
    first_axis.addprevious(parse_xml(f'<c:gapWidth {nsdecls("c")} val="60"/>'))
    first_axis.addprevious(parse_xml(f'<c:overlap {nsdecls("c")} val="-10"/>'))
    value_axis = chart.find(f"{_c('plotArea')}/{_c('valAx')}")
    number_format_xml = parse_xml(f'<c:numFmt {nsdecls("c")} formatCode="{number_format}" sourceLinked="0"/>')
    value_axis.find(_c("majorTickMark")).addprevious(number_format_xml)
    if axis_title:
        number_format_xml.addprevious(_axis_title(axis_title))
    chart.find(_c("plotArea")).addnext(
        parse_xml(f'<c:legend {nsdecls("c")}><c:legendPos val="b"/><c:overlay val="0"/></c:legend>')
    )
    chart.find(_c("legend")).addnext(parse_xml(f'<c:plotVisOnly {nsdecls("c")} val="1"/>'))
    for run_properties in chart_space.iter(f"{{{A}}}defRPr"):
        run_properties.set("sz", str(FONT_SIZE))
        if run_properties.find(f"{{{A}}}latin") is None:
            run_properties.append(parse_xml(f'<a:latin {nsdecls("a")} typeface="{FONT}"/>'))
