"""The Word briefing, read back: headings, figures, tables, header and footer fields, the chart."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from conftest import EXAMPLE, SOFFICE, D, libreoffice_convert, sha256
from report_tool.cli import cli
from report_tool.report.render.docx import clean, render_docx
from report_tool.report.sections.blocks import Paragraph, Section, Table, TableColumn

AS_OF = "2026-11-26"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def generate(*args: str):
    return CliRunner().invoke(cli, ["generate", *args])


@pytest.fixture(scope="module")
def briefing(example_reports):
    return example_reports[0]


@pytest.fixture(scope="module")
def document(briefing):
    return docx.Document(str(briefing))


def _rows(document, first_header: str, caption: str):
    """The rows of the table that follows the caption containing `caption`."""
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    current = None
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = DocxParagraph(child, document)
            if paragraph.style.name == "Caption":
                current = paragraph.text
        elif child.tag == qn("w:tbl") and current and caption in current:
            rows = [[c.text for c in row.cells] for row in DocxTable(child, document).rows]
            assert rows[0][0] == first_header
            return rows
    raise AssertionError(f"no table after a caption with {caption!r}")


def test_numbered_headings_in_order(document):
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Summary"),
        ("Heading 1", "Key figures"),
        ("Heading 1", "Changes since the Twenty-Second Meeting of the States Parties (22MSP)"),
        ("Heading 1", "Withdrawals"),
        ("Heading 1", "Suspension and objections"),
        ("Heading 1", "Casualties"),
        ("Heading 2", "Countries with the most casualties in 2024"),
        ("Heading 1", "Annex: States Parties and other states"),
        ("Heading 1", "Sources"),
        (
            "Heading 2",
            "Primary sources: the depositary, the Convention\u2019s meetings, governments, the Monitor",
        ),
        ("Heading 2", "Secondary sources: research and summaries"),
        ("Heading 2", "Press"),
    ]
    numbering = document.styles["Heading 1"].element.pPr.numPr
    assert numbering is not None and numbering.numId.val > 0


def test_cover(document):
    cover = [(p.style.name, p.text) for p in document.paragraphs[:8]]
    # without a document symbol, a plain header: the date of issue and the original language
    assert cover[:2] == [("Normal", "26 November 2026"), ("Normal", "Original: English")]
    assert cover[2] == ("Title", "Anti-Personnel Mine Ban Convention: status briefing")
    assert cover[3] == ("Subtitle", "Twenty-Third Meeting of the States Parties")
    assert ("Key Figure", "Status as at 26 November 2026") in cover
    assert ("Key Figure", "Dates and venue not yet known") in cover


def test_key_figures(document):
    rows = {r[0]: r[1:] for r in _rows(document, "Figure", "Key figures as at 26 November 2026")}
    assert rows["States Parties"][0] == "161"
    assert rows["States not party"][0] == "31"
    assert rows["Withdrawn states"] == ["5", "Estonia, Finland, Latvia, Lithuania and Poland"]
    assert rows["Withdrawals pending"][0] == "0"
    assert rows["\u2018Suspensions\u2019 notified"] == ["1", "Ukraine"]
    # the sources name the objectors "among others": a partial list, said as such
    assert rows["Formal objections to them"] == [
        "6",
        "at least: a partial list; 4 undated",
    ]
    assert rows["Mine casualties in 2024"] == ["6,279", "Landmine Monitor 2025; up 9% from 5,757 in 2023"]


def test_changes_since_the_previous_meeting(document):
    rows = _rows(document, "Date", "Treaty events from 6 December 2025 to 26 November 2026")
    # the Event column is the same in every row (said once, under the table) and Detail is empty
    assert rows[1:] == [
        ["27 December 2025 (unconfirmed)", "Estonia"],  # the day is derived, as in the withdrawals table
        ["27 December 2025", "Latvia"],
        ["27 December 2025", "Lithuania"],
        ["10 January 2026", "Finland"],
        ["20 February 2026", "Poland"],
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "\nEach row records the same event: withdrawal takes effect.\n" in text
    assert "went from 166 on 5 December 2025 to 161 on 26 November 2026" in text


def test_withdrawals_suspension_and_objections(document):
    withdrawals = _rows(document, "State", "Withdrawals and their status")
    assert withdrawals[0] == ["State", "Announced", "Notified", "Effective"]
    # Poland's notification date is derived in the sources: marked in plain words, never a field name
    assert ["Poland", "18 March 2025", "20 August 2025 (unconfirmed)", "20 February 2026"] in withdrawals
    assert ["Estonia", "18 March 2025", "27 June 2025", "27 December 2025 (unconfirmed)"] in withdrawals
    steps = _rows(document, "Date", "Steps taken by Ukraine")
    assert steps[0] == ["Date", "Step"]  # no step has a reference: the column is left out
    assert [r[0] for r in steps[1:]] == [
        "29 June 2025",
        "15 July 2025",
        "not known",
        "18 July 2025",
        "21 July 2025",
        "5 December 2025",
    ]
    objections = _rows(document, "Objecting state", "Formal objections to Ukraine")
    assert objections[0] == ["Objecting state", "Date", "Reference"]
    assert objections[1] == ["Switzerland", "17 October 2025", "not known"]
    assert [r[0] for r in objections[3:]] == ["Austria", "Belgium", "Colombia", "Norway"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Not confirmed in the sources" not in text and "notification_date" not in text


def test_casualty_tables(document):
    trend = _rows(document, "Year", "Mine casualties worldwide, 2012")
    assert trend[0] == ["Year", "Total", "Killed", "Injured", "Unknown", "Civilians %", "Edition"]
    assert [r[0] for r in trend[1:]] == [str(y) for y in range(2012, 2025)]  # as the chart: oldest first
    # the 2024 unknown count is total less killed and injured, worked out, not stated by the Monitor
    assert trend[-1] == ["2024", "6,279", "1,945", "4,325", "9 (unconfirmed)", "90%", "Landmine Monitor 2025"]
    # 2016's total from the latest edition; killed, injured and unknown from Landmine Monitor 2018,
    # the latest that gives them, and the civilian share from Landmine Monitor 2017
    assert ["2016", "9,440", "2,472", "6,937", "28", "78%", "Landmine Monitor 2021"] in trend
    top = _rows(document, "Country", "Countries with the most mine casualties in 2024")
    assert [r[:3] for r in top[1:]] == [
        ["Myanmar", "2,029", "State not party"],
        ["Syrian Arab Republic", "1,015", "State not party"],
        ["Afghanistan", "624", "State Party"],
        ["Ukraine", "293", "State Party"],
        ["Nigeria", "275 (unconfirmed)", "State Party"],  # a single secondary source
    ]


def test_annex_in_landscape_with_every_party(document):
    parties = _rows(document, "State", "States Parties as at 26 November 2026")
    assert len(parties) == 1 + 161
    assert parties[[r[0] for r in parties].index("Tonga")][:6] == [
        "Tonga",
        "Asia-Pacific",
        "Accession",
        "",
        "25 June 2025 (unconfirmed)",  # the sources differ by a day
        "1 December 2025",
    ]
    not_party = _rows(document, "State", "Signatories, states not party and withdrawn states as at 26 Nov")
    assert len(not_party) == 1 + 36
    assert [
        "Finland",
        "Europe, Caucasus and Central Asia",
        "Withdrawn state",
        "",
        "withdrawal took effect 10 January 2026",
    ] in not_party
    orientations = [s.orientation for s in document.sections]
    assert 1 in [int(o) for o in orientations]  # a landscape section
    landscape = next(s for s in document.sections if int(s.orientation) == 1)
    assert landscape.page_width > landscape.page_height


def test_sources_listed_by_kind_as_citations(document):
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert (
        "Human Rights Watch, \u201cUkraine \u2018Suspends\u2019 Vital Mine Ban Treaty\u201d, 24 July 2025. "
        "https://www.hrw.org/news/2025/07/24/ukraine-suspends-vital-mine-ban-treaty"
    ) in bullets
    mag = "https://maginternational.org/whats-happening/2025-landmine-monitor-out-now"
    assert any(b.endswith(mag) for b in bullets)


def test_tables_repeat_headers_never_split_and_align_numbers(document):
    assert len(document.tables) >= 10
    for table in document.tables:
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
        assert table.style.name == "Briefing Table"
    key = next(t for t in document.tables if t.rows[0].cells[0].text == "Figure")
    number_cell = key.rows[1].cells[1].paragraphs[0]
    assert number_cell.style.name == "Table Number"
    assert document.styles["Table Number"].paragraph_format.alignment == 2  # right


def test_header_and_page_x_of_y_fields(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer  # no header on the cover
    assert section.header.paragraphs[0].text == (
        "Anti-Personnel Mine Ban Convention  |  23MSP  |  Status as at 26 November 2026"
    )
    footer = section.footer.paragraphs[0]
    instructions = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Page ")


def test_native_chart_with_embedded_workbook(briefing):
    with zipfile.ZipFile(briefing) as archive:
        names = archive.namelist()
        chart_xml = archive.read("word/charts/chart1.xml")
        rels = archive.read("word/charts/_rels/chart1.xml.rels").decode()
        embedded = [n for n in names if n.startswith("word/embeddings/") and n.endswith(".xlsx")]
        content_types = archive.read("[Content_Types].xml").decode()
        document_xml = archive.read("word/document.xml").decode()
        workbook_bytes = archive.read(embedded[0])
    assert "drawingml.chart+xml" in content_types
    assert 'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"' in document_xml
    assert "relationships/package" in rels and len(embedded) == 1
    from lxml import etree

    space = etree.fromstring(chart_xml)
    series = space.findall(f".//{C}ser")
    names_ = [s.find(f"{C}tx//{C}v").text for s in series]
    assert names_ == ["Casualties"]
    categories = [v.text for v in series[0].findall(f"{C}cat//{C}pt/{C}v")]
    assert categories[0] == "2012" and categories[-1] == "2024"
    values = {int(p.get("idx")): float(p.find(f"{C}v").text) for p in series[0].findall(f"{C}val//{C}pt")}
    assert values[categories.index("2024")] == 6279 and values[categories.index("2016")] == 9440
    title = space.find(f".//{C}valAx/{C}title")
    assert title is not None and "Casualties" in "".join(title.itertext())
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes)).active
    assert [c.value for c in sheet[1]][1:2] == ["Casualties"]


def test_core_properties_use_the_as_at_date(document):
    core = document.core_properties
    assert (
        core.title
        == "Anti-Personnel Mine Ban Convention: status briefing for the Twenty-Third Meeting of the "
        "States Parties"
    )
    assert core.created.date() == D(2026, 11, 26) and core.modified.date() == D(2026, 11, 26)
    assert core.subject.startswith("Convention on the Prohibition")


def test_same_input_same_document(briefing, tmp_path):
    result = generate(str(EXAMPLE), "--meeting", "23MSP", "--report-date", AS_OF, "-o", str(tmp_path))
    assert result.exit_code == 0
    again = tmp_path / briefing.name
    for part in ("word/document.xml", "docProps/core.xml", "word/charts/chart1.xml"):
        with zipfile.ZipFile(briefing) as a, zipfile.ZipFile(again) as b:
            assert a.read(part) == b.read(part), part


def test_refuses_a_workbook_with_errors_and_writes_nothing(make_workbook, tmp_path):
    path = make_workbook(lambda s: s["States"][0].update({"ISO3": "NRW"}))
    out = tmp_path / "out"
    result = generate(str(path), "--report-date", "2026-01-01", "-o", str(out))
    assert result.exit_code == 1
    assert "States!B2  error" in result.output
    assert "nothing was written" in result.output
    assert not out.exists() or list(out.iterdir()) == []


def test_existing_report_needs_overwrite(make_workbook, tmp_path):
    path = make_workbook()
    args = [str(path), "--data-date", "2026-01-01", "-o", str(tmp_path / "out")]
    assert generate(*args).exit_code == 0
    target = tmp_path / "out" / "22MSP-briefing-2026-01-01.docx"
    before = sha256(target)
    second = generate(*args)
    assert second.exit_code == 2
    assert "already exists; use --overwrite" in second.output
    assert sha256(target) == before
    assert generate(*args, "--overwrite").exit_code == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())  # no temporary left behind
    assert names == [target.name, "22MSP-summary-2026-01-01.xlsx"]


def test_input_workbook_is_only_read(make_workbook, tmp_path):
    path = make_workbook()
    before = sha256(path)
    assert generate(str(path), "--report-date", "2026-01-01", "-o", str(tmp_path / "o")).exit_code == 0
    assert sha256(path) == before


def test_unknown_meeting_lists_the_known_ones(make_workbook, tmp_path):
    out = tmp_path / "out"
    result = generate(
        str(make_workbook()), "--meeting", "23MSP", "--report-date", "2026-01-01", "-o", str(out)
    )
    assert result.exit_code == 2
    assert "no meeting '23MSP' on the Meetings sheet; known: 22MSP" in result.output
    assert not out.exists()


def test_template_without_the_styles_is_refused(make_workbook, tmp_path):
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    out = tmp_path / "out"
    result = generate(
        str(make_workbook()), "--report-date", "2026-01-01", "-o", str(out), "--template", str(plain)
    )
    assert result.exit_code == 2
    assert (
        "lacks the styles" in result.output and "'Table Text'" in result.output and "'Note'" in result.output
    )
    assert "Traceback" not in result.output
    assert not out.exists() or list(out.iterdir()) == []


def test_a_restyled_template_is_used(make_workbook, tmp_path, briefing):
    from report_tool.report.render.template import default_template

    custom = docx.Document(str(default_template()))
    custom.styles["Heading 1"].font.size = docx.shared.Pt(20)
    template = tmp_path / "ours.docx"
    custom.save(str(template))
    out = tmp_path / "out"
    assert (
        generate(
            str(make_workbook()), "--report-date", "2026-01-01", "-o", str(out), "--template", str(template)
        ).exit_code
        == 0
    )
    result = docx.Document(str(out / "22MSP-briefing-2026-01-01.docx"))
    assert result.styles["Heading 1"].font.size == docx.shared.Pt(20)


def test_control_characters_are_cleaned(tmp_path):
    from report_tool.domain.model import Model
    from report_tool.report.sections.context import ReportContext

    assert clean("a\x07b\x0bc\td\ne") == "abc\td\ne"
    model = Model((), (), (), (), (), (), {"Report title": "Briefing\x01"})
    ctx = ReportContext(model, D(2026, 1, 1), None, None)
    section = Section(
        "x",
        "X",
        (
            Paragraph("Bell\x07 and form feed\x0c"),
            Table("T", "Cap\x02", (TableColumn("Note"),), (("=cmd\x1b|x",),)),
        ),
    )
    render_docx([section], ctx, None, tmp_path / "x.docx")
    back = docx.Document(str(tmp_path / "x.docx"))
    assert "Bell and form feed" in [p.text for p in back.paragraphs]
    assert back.tables[0].rows[1].cells[0].text == "=cmd|x"  # staff text appears literally
    assert back.core_properties.title == "Briefing"


@pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None, reason="LibreOffice or pdftotext missing"
)
def test_libreoffice_renders_the_briefing_with_its_figures(briefing, tmp_path):
    pdf = libreoffice_convert(briefing, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    for expected in (
        "Status as at 26 November 2026",
        "Key figures",
        "States Parties",
        "161",
        "6,279",
        "Every withdrawal listed has taken effect.",
        "Page 2 of",
    ):
        assert expected in text, expected
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))) >= 8


def test_a_workbook_with_one_state_and_nothing_else_still_gives_both_reports(tmp_path):
    # (a workbook with no states at all is refused: tests/test_init.py)
    from report_tool.workbook.blank import write_workbook

    new = tmp_path / "new.xlsx"
    norway = {"state": "Norway", "iso3": "NOR", "region": "Europe, Caucasus and Central Asia"}
    write_workbook(new, {"States": [{**norway, "status": "Not party"}]})
    result = generate(str(new), "--report-date", "2026-01-01", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "APMBC-briefing-2026-01-01.docx",
        "APMBC-summary-2026-01-01.xlsx",
    ]
    text = [
        p.text for p in docx.Document(str(tmp_path / "out" / "APMBC-briefing-2026-01-01.docx")).paragraphs
    ]
    assert "No worldwide (Global) casualty figures are recorded." in text
