"""The briefing as a meeting secretariat reads it: names spelled out before their short forms, no
doubled brackets, a title that was not recorded said plainly, a succession's dates explained;
read back from the .docx the command writes."""

from __future__ import annotations

import itertools
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import EXAMPLE, D, footnote_texts
from report_tool.cli import cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _generate(workbook: Path, out: Path, *args: str) -> Path:
    result = CliRunner().invoke(cli, ["generate", str(workbook), "-o", str(out), "--format", "docx", *args])
    assert result.exit_code == 0, result.output
    return out / result.stdout.splitlines()[-1].rsplit(": ", 1)[-1]


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _rows(path: Path) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in docx.Document(str(path)).tables for row in t.rows]


@pytest.fixture(scope="module")
def briefing_22msp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("22msp")
    return _generate(EXAMPLE, out, "--meeting", "22MSP", "--report-date", "2025-12-05")


def test_the_previous_meeting_is_spelled_out_before_its_short_name(briefing_22msp):
    paragraphs = _paragraphs(briefing_22msp)
    text = "\n".join(paragraphs)
    # the cover's contents are the first place a reader meets it
    first = text.index("5RC")
    assert text[first - len("Fifth Review Conference (") : first] == "Fifth Review Conference ("
    assert paragraphs.count("Changes since the Fifth Review Conference (5RC)") == 2  # contents, heading
    assert (
        "Changes from the end of the Fifth Review Conference (Siem Reap-Angkor Summit on a Mine-Free "
        "World) on 29 November 2024 to 5 December 2025." in paragraphs
    )
    assert ") (" not in text and ")(" not in text


def test_the_summary_tab_keeps_the_short_name_its_title_the_full_one(make_workbook, tmp_path):
    def previous_meeting(sheets: dict[str, list[dict[str, Any]]]) -> None:
        sheets["Meetings"].insert(
            0,
            {
                "Meeting": "Twenty-First Meeting of the States Parties",
                "Short name": "21MSP",
                "Type": "MSP",
                "Starts": D(2023, 11, 20),
                "Ends": D(2023, 11, 24),
                "City": "Geneva",
                "Country": "Switzerland",
            },
        )

    path = make_workbook(previous_meeting)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["generate", str(path), "-o", str(out), "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(next(out.glob("*.xlsx")), read_only=True)
    names, title = book.sheetnames, next(book["Changes since the 21MSP"].values)[0]
    book.close()
    assert "Changes since the 21MSP" in names  # 31 characters at most
    assert title == "Changes since the Twenty-First Meeting of the States Parties (21MSP)"


def test_a_title_that_was_not_recorded_is_said_plainly(briefing_22msp):
    notes = footnote_texts(briefing_22msp)
    said = "\n".join(notes + _paragraphs(briefing_22msp))
    assert any(
        "Xinhua (chinaview.cn), Xinhua item on the Fifth Review Conference (title not recorded), "
        "29 November 2024." in n
        for n in notes
    )
    assert (
        "News.mail.ru (re-publishing RIA Novosti), item on four states\u2019 formal objections "
        "(title not recorded)" in said
    )
    # the description's own remark is said once, in plain words, and never quoted as a title
    for unread in ("title not read", "headline not in excerpt", "\u201c("):
        assert unread not in said, unread
    # a bare page id is not a title either
    assert "archive, Landmine Monitor country theme page, \u2026 (title not recorded), undated: " in said
    assert "\u201cLandmine Monitor country theme page" not in said


def test_a_publisher_not_recorded_is_said_so(briefing_22msp):
    said = "\n".join(footnote_texts(briefing_22msp) + _paragraphs(briefing_22msp))
    assert "Publisher not recorded (copy hosted on docslib.org)" in said
    assert "Unknown (" not in said


def test_the_annex_note_on_its_sources_reads_as_a_sentence(briefing_22msp):
    notes = [n for n in footnote_texts(briefing_22msp) if n.startswith("The states\u2019 dates")]
    assert len(notes) == 1
    assert notes[0].startswith(
        "The states\u2019 dates and status rest on these documents, beginning with those cited for the "
        "most states. Every document cited for a state is listed under Sources. Sources: "
    )


def test_south_sudans_entry_into_force_before_its_deposit_is_explained(briefing_22msp):
    row = next(r for r in _rows(briefing_22msp) if r[0] == "South Sudan")
    assert row[2:6] == ["Succession", "", "11 November 2011", "9 July 2011"]  # the facts, as recorded
    assert row[6] == "in force before the deposit (a succession)"
    assert any(
        "the dates of entry into force follow Article 17, except for South Sudan, whose entry into force "
        "the sources give before the deposit, not by its rule (see the Note column). Article 17 reads:" in p
        for p in _paragraphs(briefing_22msp)
    )


def _succession(entry_into_force: Any):
    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        row = next(r for r in sheets["States"] if r["State"] == "South Sudan")
        assert row["Instrument"] == "Succession" and row["Deposited"] == D(2011, 11, 11)
        row["Entry into force"] = entry_into_force

    return change


@pytest.mark.parametrize(
    ("entry_into_force", "noted"),
    [(D(2011, 7, 9), True), (D(2011, 11, 10), True), (D(2011, 11, 11), False), (D(2012, 5, 1), False)],
)
def test_a_note_only_where_entry_into_force_precedes_the_deposit(
    make_workbook, tmp_path, entry_into_force, noted
):
    path = _generate(make_workbook(_succession(entry_into_force)), tmp_path / "out")
    row = next(r for r in _rows(path) if r[0] == "South Sudan")
    assert ("before the deposit" in row[6]) is noted, row
    intro = next(p for p in _paragraphs(path) if "A state is counted as a State Party" in p)
    assert ("except for South Sudan" in intro) is noted
    norway = next(r for r in _rows(path) if r[0] == "Norway")
    assert "before the deposit" not in norway[6]


# -- the Sources section: short, and every citation findable in it --------------------------------


def _sources_section(path: Path) -> list[Any]:
    paragraphs = docx.Document(str(path)).paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == "Sources")
    return [p for p in paragraphs[start:] if p.style.name == "List Bullet"]


def _links(paragraphs: list[Any]) -> dict[str, str]:
    """Each linked text's address, in the given paragraphs."""
    return {link.address: link.text for p in paragraphs for link in p.hyperlinks}


@pytest.fixture(scope="module")
def summary_sources(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("22msp-xlsx")
    result = CliRunner().invoke(
        cli,
        [
            "generate",
            str(EXAMPLE),
            "-o",
            str(out),
            "--format",
            "xlsx",
            "--meeting",
            "22MSP",
            "--report-date",
            "2025-12-05",
        ],
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(next(out.glob("*.xlsx")), read_only=True)
    rows = list(book["Sources"].values)
    book.close()
    start = next(i for i, r in enumerate(rows) if r[:2] == ("Kind", "Publisher"))
    header = rows[start]
    return [dict(zip(header, r, strict=False)) for r in rows[start + 1 :] if any(r)]


def test_a_series_of_country_reports_is_one_entry_each_country_a_link(briefing_22msp):
    entries = _sources_section(briefing_22msp)
    series = [
        p
        for p in entries
        if p.text.startswith("Landmine Monitor (ICBL), \u201cLandmine Monitor Report 1999:")
    ]
    assert len(series) == 1
    assert series[0].text.startswith(
        "Landmine Monitor (ICBL), \u201cLandmine Monitor Report 1999: \u2026\u201d, 1999: Austria; Dominica; "
    )
    links = _links(series)
    assert (
        links["http://archives.the-monitor.org/index.php/publications/display?url=lm/1999/austria.html"]
        == "Austria"
    )
    # a page known only by its id is named by the state that cites it
    pages = _links(entries)
    assert (
        pages["http://archives.the-monitor.org/index.php/cp/display/region_profiles/theme/3339"]
        == "Chad (id 3339)"
    )


def test_the_sources_section_is_short_and_links_every_document_the_summary_lists(
    briefing_22msp, summary_sources
):
    entries = _sources_section(briefing_22msp)
    assert len(summary_sources) > 300  # the summary's Sources sheet: one row per document
    assert len(entries) < len(summary_sources) / 2
    linked = _links(entries)
    for row in summary_sources:
        if row["Address"]:
            assert row["Address"] in linked or any(row["Address"] in p.text for p in entries), row


def test_every_document_a_footnote_links_to_is_linked_from_the_sources_section(briefing_22msp):
    entries = _sources_section(briefing_22msp)
    by_address = {link.address: p.text for p in entries for link in p.hyperlinks}
    with zipfile.ZipFile(briefing_22msp) as archive:
        rels = etree.fromstring(archive.read("word/_rels/footnotes.xml.rels"))
        notes_xml = etree.fromstring(archive.read("word/footnotes.xml"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    checked = 0
    for link in notes_xml.iter(f"{W}hyperlink"):
        address = targets[link.get(f"{R}id")]
        entry = by_address.get(address) or next((p.text for p in entries if address in p.text), None)
        assert entry is not None, address
        checked += 1
    assert checked > 40


def _profiles(countries: tuple[str, ...]):
    """The baseline with a Sources sheet: one Landmine Monitor 1999 country report per state named,
    each cited by that state's row, and an archive page known only by its id, cited for Finland."""

    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        sheets["Sources"] = [
            {
                "Key": f"lm-1999-{name.casefold()}",
                "Publisher": "Landmine Monitor (ICBL)",
                "Title": f"Landmine Monitor Report 1999: {name}",
                "Published": "1999",
                "Address": f"http://archives.example.org/lm/1999/{name.casefold()}.html",
                "Kind": "primary",
                "Language": "en",
            }
            for name in countries
        ] + [
            {
                "Key": "lmcp-theme-3339",
                "Publisher": "Landmine Monitor (ICBL-CMC), country profiles archive",
                "Title": "Landmine Monitor country theme page, id 3339",
                "Address": "http://archives.example.org/theme/3339",
                "Kind": "primary",
                "Language": "en",
            }
        ]
        for row in sheets["States"]:
            row["Source"] = f"lm-1999-{row['State'].casefold()}" if row["State"] in countries else None
            if row["State"] == "Finland":
                row["Source"] = "lmcp-theme-3339"

    return change


@pytest.mark.parametrize("countries", [("Norway", "Switzerland"), ("Norway", "Switzerland", "Ukraine")])
def test_three_documents_of_one_publication_make_a_series_two_do_not(make_workbook, tmp_path, countries):
    path = _generate(make_workbook(_profiles(countries)), tmp_path / "out")
    entries = [p.text for p in _sources_section(path)]
    shared = "Landmine Monitor (ICBL), \u201cLandmine Monitor Report 1999: \u2026\u201d, 1999: "
    if len(countries) == 3:
        assert (
            f"{shared}Norway; Switzerland; Ukraine. Each name links to its page on archives.example.org."
            in entries
        )
        assert not any("\u201cLandmine Monitor Report 1999: Norway\u201d" in e for e in entries)
    else:
        assert not any(e.startswith(shared) for e in entries)
        assert (
            "Landmine Monitor (ICBL), \u201cLandmine Monitor Report 1999: Norway\u201d, 1999. "
            "http://archives.example.org/lm/1999/norway.html" in entries
        )
    # one page known only by its id is no series, and is not quoted as if titled
    assert (
        "Landmine Monitor (ICBL-CMC), country profiles archive, Landmine Monitor country theme page, id 3339 "
        "(title not recorded), undated. http://archives.example.org/theme/3339" in entries
    )


def test_two_footnote_references_together_read_as_two(briefing_22msp):
    """'2024).28,29', never '2024).2829', which reads as one note numbered 2829."""
    body = docx.Document(str(briefing_22msp)).element.body
    reference = f"{W}footnoteReference"
    pairs = 0
    for p in body.iter(f"{W}p"):
        runs = list(p.iter(f"{W}r"))
        for before, after in itertools.pairwise(runs):
            assert not (before.find(reference) is not None and after.find(reference) is not None)
        for before, comma, after in zip(runs, runs[1:], runs[2:], strict=False):
            if before.find(reference) is not None and after.find(reference) is not None:
                assert "".join(t.text for t in comma.iter(f"{W}t")) == ","
                pairs += 1
    assert pairs >= 1  # the casualties paragraph has a caveat and its sources
    casualties = next(
        p for p in _paragraphs(briefing_22msp) if p.startswith("Landmine Monitor 2025 recorded")
    )
    assert casualties.endswith("(Landmine Monitor 2024).,")  # the comma between its two references


def test_the_23msp_cover_spells_out_the_meeting_whose_decision_it_quotes(example_reports):
    paragraphs = _paragraphs(example_reports[0])
    text = "\n".join(paragraphs)
    first = text.index("22MSP")
    spelled = "Twenty-Second Meeting of the States Parties ("
    assert text[first - len(spelled) : first] == spelled
    assert any(
        p.startswith("The Twenty-Second Meeting of the States Parties (22MSP) affirmed: \u201c")
        for p in paragraphs
    )
