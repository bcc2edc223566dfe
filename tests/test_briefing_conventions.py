"""The briefing as a secretariat would circulate it, read back from the .docx: provenance as real
footnotes, one plain marking, the decision quoted, chart and table agreeing, UN names and order,
pruned columns, en-GB, a masthead only when a symbol is given, and what Word's accessibility
checker asks for."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from itertools import pairwise

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from conftest import AS_OF, REPO, SOFFICE, libreoffice_convert
from report_tool.cli import cli
from report_tool.domain import collation
from report_tool.domain.collation import un_key, un_sorted

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
URL = re.compile(r"https?://\S+")
QUOTE = "The Convention does not allow the suspension of its operation and consequently its obligations."


@pytest.fixture(scope="module")
def briefing(example_reports):
    return example_reports[0]


@pytest.fixture(scope="module")
def document(briefing):
    return docx.Document(str(briefing))


@pytest.fixture(scope="module")
def parts(briefing):
    with zipfile.ZipFile(briefing) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _text(xml: bytes) -> str:
    """Every paragraph's text of a part, a line each."""
    root = etree.fromstring(xml)
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))


def _footnotes(parts) -> dict[str, str]:
    root = etree.fromstring(parts["word/footnotes.xml"])
    return {
        n.get(f"{W}id"): "".join(t.text or "" for t in n.iter(f"{W}t")).strip()
        for n in root.iter(f"{W}footnote")
        if int(n.get(f"{W}id")) > 0
    }


def _table_after(document, caption: str) -> list[list[str]]:
    from docx.table import Table as DocxTable

    current = None
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") is not None and text.startswith(
                ("Table", "Figure")
            ):
                current = text
        elif child.tag == qn("w:tbl") and current and caption in current:
            return [[c.text for c in row.cells] for row in DocxTable(child, document).rows]
    raise AssertionError(f"no table after {caption!r}")


def test_no_field_names_and_no_iso_dates_anywhere(parts):
    texts = [_text(parts["word/document.xml"]), _text(parts["word/footnotes.xml"])]
    texts += [_text(body) for name, body in parts.items() if re.match(r"word/(header|footer)\d*\.xml", name)]
    for text in texts:
        words = URL.sub("", text)  # a cited address is quoted as it is
        assert not SNAKE.findall(words)
        assert not ISO_DATE.findall(words)
    body = texts[0]
    assert "UNCONFIRMED" not in body and "Timeline:" not in body and "No C.N. reference found" not in body


def test_footnotes_are_real_and_each_is_referenced_once(parts):
    content_types = parts["[Content_Types].xml"].decode()
    assert "wordprocessingml.footnotes+xml" in content_types
    assert "relationships/footnotes" in parts["word/_rels/document.xml.rels"].decode()
    notes = _footnotes(parts)
    references = re.findall(rb'<w:footnoteReference w:id="(\d+)"/>', parts["word/document.xml"])
    assert len(notes) > 5
    assert sorted(references, key=int) == [n.encode() for n in sorted(notes, key=int)]
    assert all(notes.values())
    # a cited address is a working link, in Word and in the PDF
    links = parts["word/_rels/footnotes.xml.rels"].decode()
    assert 'TargetMode="External"' in links and "https://www.hrw.org/news/2025/07/24/" in links
    # the first marked value explains the marking, in plain words
    assert any(
        n.startswith("Marked (unconfirmed): not confirmed by the sources cited") for n in notes.values()
    )


def test_sources_section_lists_what_the_footnotes_cite_once(document, parts):
    cited = set()
    for note in _footnotes(parts).values():
        for citation in re.findall(r"(?:Sources?: |; )([^;]+?, \u201c[^\u201d]+\u201d, [^;.]+)", note):
            cited.add(citation)
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == "Sources")
    bullets = [p.text for p in paragraphs[start:] if p.style.name == "List Bullet"]
    assert len(bullets) == len(set(bullets))  # no duplicates
    assert len(cited) > 40
    assert all(any(b.startswith(c) for b in bullets) for c in cited)


def test_the_22msp_decision_is_quoted_in_the_suspension_section(document, parts):
    paragraphs = document.paragraphs
    start = next(
        i
        for i, p in enumerate(paragraphs)
        if p.style.name == "Heading 1" and p.text == "Suspension and objections"
    )
    end = next(i for i, p in enumerate(paragraphs) if i > start and p.style.name == "Heading 1")
    section = paragraphs[start:end]
    quoted = next(p for p in section if QUOTE in p.text)
    assert "Twenty-Second Meeting of the States Parties" in quoted.text
    ids = [r.get(qn("w:id")) for r in quoted._p.iter(qn("w:footnoteReference"))]
    assert ids and "States Parties Affirm" in _footnotes(parts)[ids[0]]
    text = "\n".join(p.text for p in section)
    assert "Article 19" in text and "Article 20" in text
    article_20 = next(i for i, p in enumerate(paragraphs) if p.text == "Article 20: Duration and withdrawal")
    withdrawals = "\n".join(p.text for p in paragraphs[article_20 : article_20 + 5])
    assert "2. Each State Party shall" in withdrawals and "United Nations Security Council" in withdrawals
    assert (
        "3. Such withdrawal shall only take effect six months" in withdrawals
        and "armed conflict" in withdrawals
    )


def test_chart_and_table_show_the_same_figures_year_by_year(document, parts):
    table = _table_after(document, "Mine casualties worldwide, 2012")
    header, rows = table[0], table[1:]
    total = header.index("Total")
    from_table = {r[0]: int(r[total].split(" ")[0].replace(",", "")) if r[total] else None for r in rows}
    space = etree.fromstring(parts["word/charts/chart1.xml"])
    (series,) = space.findall(f".//{C}ser")
    categories = [v.text for v in series.findall(f"{C}cat//{C}pt/{C}v")]
    values = {int(p.get("idx")): float(p.find(f"{C}v").text) for p in series.findall(f"{C}val//{C}pt")}
    from_chart = {year: values.get(i) for i, year in enumerate(categories)}
    assert categories == [r[0] for r in rows]  # the same years in the same order
    assert from_chart == from_table
    caption = next(
        p.text for p in document.paragraphs if p.text.startswith("Figure") and "casualties" in p.text
    )
    assert "Landmine Monitor 2014" in caption and "2025" in caption
    assert space.find(f".//{C}valAx/{C}title") is not None


def test_a_year_without_a_figure_is_said_in_table_chart_and_text(make_workbook, tmp_path):
    def gap(sheets):
        sheets["Casualties"].insert(
            0, {"Year": 2021, "Country": "Global", "Total": 5544, "Edition": "Landmine Monitor 2022"}
        )

    document, parts = _generate(make_workbook(gap), tmp_path)
    rows = _table_after(document, "Mine casualties worldwide, 2021")
    assert [r[0] for r in rows[1:]] == ["2021", "2022", "2023", "2024"]
    assert rows[2][-1] == "No figure recorded"
    assert "No worldwide figure is recorded for 2022." in "\n".join(p.text for p in document.paragraphs)
    space = etree.fromstring(parts["word/charts/chart1.xml"])
    points = {int(p.get("idx")) for p in space.iter(f"{C}pt") if p.getparent().tag == f"{C}numCache"}
    assert 1 not in points  # a gap, not a zero


def test_chart_has_alt_text_and_tables_have_header_rows(document, parts):
    descriptions = re.findall(rb'<wp:docPr [^>]*descr="([^"]+)"', parts["word/document.xml"])
    assert any(b"2024: 6,279" in d for d in descriptions)  # the chart's (the map has its own)
    for table in document.tables:
        first = table._tbl.tr_lst[0]
        assert first.trPr.find(qn("w:tblHeader")) is not None


def test_document_is_british_english_with_a_title(document, parts):
    styles = etree.fromstring(parts["word/styles.xml"])
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "en-GB"
    assert not [s for s in styles.iter(f"{W}lang") if s.get(f"{W}val") not in (None, "en-GB")]
    assert document.core_properties.language == "en-GB"
    assert document.core_properties.title
    paragraphs = document.paragraphs
    end = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == "Sources")
    text = "\n".join(p.text for p in paragraphs[:end])  # the Sources give publishers' own names
    for american in ("organization", "program ", "center ", "labor", "favor"):
        assert american not in text.lower()


def test_annex_and_lists_in_un_order_under_un_names(document):
    parties = [r[0] for r in _table_after(document, "States Parties as at")[1:]]
    others = [r[0] for r in _table_after(document, "withdrawn states as at")[1:]]
    for names in (parties, others):
        assert names == un_sorted(names)
    assert "Côte d\u2019Ivoire" in parties and "Democratic Republic of the Congo" in parties
    assert parties.index("Costa Rica") < parties.index("Côte d\u2019Ivoire") < parties.index("Croatia")
    assert parties.index("Türkiye") < parties.index("Turkmenistan") < parties.index("Tuvalu")
    assert "Congo (Democratic Republic of the)" not in parties
    key = {r[0]: r[2] for r in _table_after(document, "Key figures as at")[1:] if len(r) > 2}
    assert key["Withdrawn states"] == "Estonia, Finland, Latvia, Lithuania and Poland"


def test_collation_places_accents_with_their_letter():
    names = ["Czechia", "Côte d\u2019Ivoire", "Cuba", "Tuvalu", "Türkiye", "Turkmenistan", "Åland"]
    assert un_sorted(names) == [
        "Åland",
        "Côte d\u2019Ivoire",
        "Cuba",
        "Czechia",
        "Türkiye",
        "Turkmenistan",
        "Tuvalu",
    ]
    assert un_key("Côte d\u2019Ivoire") == un_key("Co\u0302te d\u2019Ivoire")  # the same name, decomposed


def test_the_shipped_weights_are_pyuca_s():
    """data/uca_weights.tsv is `python -m report_tool.domain.collation`'s output: rerun it after a
    change of pyuca."""
    assert (REPO / "report_tool" / "data" / "uca_weights.tsv").read_text(
        encoding="ascii"
    ) == collation.weights_table()
    assert "\u00b7" not in collation._shipped_weights()  # the middle dot of Catalan's "l·" contraction


def _un_names() -> list[str]:
    text = (REPO / "report_tool" / "data" / "un_names.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return [row[column] for row in rows for column in ("name_en", "workbook_name") if row[column]]


def test_every_un_name_is_keyed_as_pyuca_keys_it_without_loading_pyuca(monkeypatch):
    names = _un_names()
    expected = {name: tuple(collation._collator().sort_key(name)) for name in names}
    collation.un_key.cache_clear()
    monkeypatch.setattr(collation, "_collator", lambda: pytest.fail("pyuca's table was loaded"))
    assert {name: un_key(name) for name in names} == expected
    assert len(names) > 380 and "Côte d\u2019Ivoire" in names and "Türkiye" in names


#: The shipped characters, the one left out for a contraction, and some pyuca alone has (Cyrillic
#: whose breve contracts, Greek, a CJK ideograph of implicit weight).
_SOME_TEXT = st.text(
    alphabet=st.sampled_from(
        [*sorted(collation._shipped_weights()), "\u00b7", "\u0419", "\u0438", "\u03b1", "\u4e2d"]
    ),
    max_size=12,
)


@given(_SOME_TEXT)
def test_any_name_is_keyed_as_pyuca_keys_it(text):
    assert collation.un_key.__wrapped__(text) == tuple(collation._collator().sort_key(text))


def test_a_name_the_un_list_lacks_sorts_among_the_un_names():
    assert un_sorted(
        ["Cuba", "Cote", "Côte d\u2019Ivoire", "Albania", "Åland", "Chad (id 3339)", "Chad"]
    ) == [
        "Åland",
        "Albania",
        "Chad",
        "Chad (id 3339)",
        "Cote",
        "Côte d\u2019Ivoire",
        "Cuba",
    ]


def test_no_table_has_a_column_empty_in_every_row(document):
    for table in document.tables:
        rows = [[c.text for c in row.cells] for row in table.rows][1:]
        if len(rows) < 1:
            continue
        for position in range(len(rows[0])):
            assert any(r[position].strip() for r in rows), (table.rows[0].cells[position].text, rows[:2])


def test_identical_columns_are_said_once_in_a_sentence(document):
    objections = _table_after(document, "Formal objections to Ukraine\u2019s \u2018suspension\u2019")
    assert objections[0] == ["Objecting state", "Date", "Reference"]
    regions = _table_after(document, "States by region and status")
    assert "Signatories" not in regions[0]
    caption = next(p.text for p in document.paragraphs if "States by region and status" in p.text)
    assert caption == "Table 2. States by region and status as at 26 November 2026"
    assert "No state is a signatory only." in [p.text for p in document.paragraphs]


def test_headings_and_captions_keep_with_what_follows(document):
    for name in ("Heading 1", "Heading 2", "Caption"):
        assert document.styles[name].paragraph_format.keep_with_next
    for table in document.tables:
        header = table._tbl.tr_lst[0]
        assert header.find(f".//{qn('w:keepNext')}") is not None


def _generate(workbook, tmp_path, *extra: str):
    out = tmp_path / "out"
    args = [
        "generate",
        str(workbook),
        "--report-date",
        AS_OF.isoformat(),
        "-o",
        str(out),
        "--format",
        "docx",
        *extra,
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    (path,) = out.glob("*.docx")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    return docx.Document(str(path)), parts


def test_unconfirmed_column_marks_the_value_and_notes_stay_in_the_workbook(make_workbook, tmp_path):
    def flag(sheets):
        sheets["Withdrawals"][0]["Unconfirmed"] = "Effective"
        sheets["Withdrawals"][0]["Notes"] = "effective_date derived: see research_log 2025-12-27"
        sheets["Withdrawals"][0]["Source"] = "https://example.org/estonia"

    document, parts = _generate(make_workbook(flag), tmp_path)
    rows = _table_after(document, "Withdrawals and their status")
    assert rows[1][:4] == ["Estonia", "18 March 2025", "27 June 2025", "27 December 2025 (unconfirmed)"]
    assert rows[2][3] == "10 January 2026"  # Finland's is confirmed: not marked
    body = _text(parts["word/document.xml"])
    assert "research_log" not in body and "effective_date" not in body
    assert any("https://example.org/estonia" in n for n in _footnotes(parts).values())


def test_decision_from_the_decisions_sheet_is_quoted_with_its_footnote(make_workbook, tmp_path):
    def decide(sheets):
        sheets["Decisions"] = [
            {
                "Meeting": "22MSP",
                "Subject": "Suspension",
                "Text": QUOTE,
                "Reference": "APLC/MSP.22/2025/X, para. 9",
                "Source": "https://example.org/22msp-report",
            }
        ]

    document, parts = _generate(make_workbook(decide), tmp_path)
    quoted = next(p for p in document.paragraphs if QUOTE in p.text and p.style.name == "Quote")
    assert "(APLC/MSP.22/2025/X, para. 9)" in quoted.text
    (ref,) = list(quoted._p.iter(qn("w:footnoteReference")))
    assert _footnotes(parts)[ref.get(qn("w:id"))] == (
        "Source: https://example.org/22msp-report (publisher, title and date not recorded)."
    )


def test_masthead_only_when_settings_give_a_document_symbol(make_workbook, tmp_path, document):
    def symbol(sheets):
        sheets["Settings"].append({"Setting": "Document symbol", "Value": "APLC/MSP.23/2026/INF/1"})

    with_symbol, _ = _generate(make_workbook(symbol), tmp_path)
    first = [p.text for p in with_symbol.paragraphs[:5]]
    assert first[:4] == ["APLC/MSP.23/2026/INF/1", "Distr.: General", "1 January 2026", "Original: English"]
    assert with_symbol.paragraphs[0].paragraph_format.alignment == 2  # right, as on a UN document
    assert not any("Distr.:" in p.text for p in document.paragraphs)  # the example has no symbol


def test_an_unconfirmed_cell_naming_no_column_is_a_warning(check):
    report = check(lambda s: s["Withdrawals"][0].update({"Unconfirmed": "Efective, Notified"}))
    (issue,) = [i for i in report.issues if i.code == "unconfirmed-unknown-column"]
    assert issue.severity == "warning" and issue.sheet == "Withdrawals" and issue.row == 2
    assert "'Efective'" in issue.message and "Effective" in issue.hint
    assert not [i for i in check(lambda s: s["Withdrawals"][0].update({"Unconfirmed": "Effective"})).issues]


@pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None, reason="LibreOffice or pdftotext missing"
)
def test_no_heading_is_left_at_the_foot_of_a_page(briefing, document, tmp_path):
    """As laid out by LibreOffice: each heading shares its page with the start of what follows it."""
    pdf = libreoffice_convert(briefing, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [" ".join(page.split()) for page in text.split("\f")]
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    numbers = [0, 0]
    checked = 0
    for heading, following in pairwise(paragraphs):
        if not heading.style.name.startswith("Heading"):
            continue
        if heading.style.name == "Heading 1":
            numbers = [numbers[0] + 1, 0]
            label = f"{numbers[0]}. {heading.text}"
        else:
            numbers[1] += 1
            label = f"{numbers[0]}.{numbers[1]} {heading.text}"  # as Word numbers it
        start = " ".join(following.text.split())[:25]
        page = next(i for i, text in enumerate(pages) if label in text)
        assert start in pages[page], (label, start, page + 1)
        checked += 1
    assert checked >= 8


def test_body_text_under_a_table_keeps_its_distance_from_it(document):
    """LibreOffice gives a plain paragraph right under a table the table style's spacing (none),
    so that its text touched the table's last line; it is given the space itself."""
    under = [
        table._tbl.getnext()
        for table in document.tables
        if table._tbl.getnext() is not None and table._tbl.getnext().tag == qn("w:p")
    ]
    under = [p for p in under if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None]  # not a section's end
    plain = [p for p in under if p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") is None]
    assert plain, "the example's briefing has body text right under a table"
    for paragraph in plain:
        spacing = paragraph.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        assert spacing is not None and int(spacing.get(qn("w:before"))) >= 120, etree.tostring(paragraph)[
            :200
        ]
        assert spacing.get(qn("w:after")) == "120"  # the template's Normal, as every other paragraph
    styled = [p for p in under if p not in plain]
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:spacing')}") is None for p in styled)  # their styles say it
