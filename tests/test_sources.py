"""Evidence a secretariat can cite: Source cells cite Sources rows by key, editions are checked,
and a report as at a day cites only what was published by then; read back as users see it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from conftest import AS_OF, EXAMPLE, D, footnote_texts
from report_tool.cli import cli

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: A date as the citations print it: a day, a month or a year.
CITED_DATE = re.compile(rf"\b(?:(\d{{1,2}}) )?(?:({MONTHS}) )?((?:19|20)\d\d)\b")
SOURCES = [
    {
        "Key": "npa-22msp",
        "Publisher": "Norwegian People's Aid",
        "Title": "States Parties affirm Ukraine's suspension not allowed",
        "Published": "2025-12-05",
        "Address": "https://www.npaid.org/22msp",
        "Kind": "secondary",
        "Language": "en",
    },
    {
        "Key": "ch-fc-objection",
        "Publisher": "Swiss Federal Council",
        "Title": "Switzerland submits objection to Ukraine's suspension",
        "Published": "2025-10-17",
        "Address": "https://www.admin.ch/objection",
        "Kind": "primary",
        "Language": "en",
    },
]


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def with_sources(sheets: dict[str, list[dict[str, Any]]]) -> None:
    """The baseline with a Sources sheet, each source cited once."""
    sheets["Sources"] = [dict(s) for s in SOURCES]
    sheets["States"][0]["Source"] = "ch-fc-objection"
    sheets["Objections"][0]["Source"] = "ch-fc-objection; npa-22msp"


def _validate(make_workbook, *changes) -> tuple[int, str]:
    def change(sheets):
        for one in changes:
            one(sheets)

    result = run("validate", str(make_workbook(change)), "--data-date", AS_OF.isoformat())
    return result.exit_code, result.output


def test_keys_that_exist_pass(make_workbook):
    code, output = _validate(make_workbook, with_sources)
    assert code == 0, output
    assert "0 errors, 0 warnings" in output


def test_an_unknown_key_is_an_error_at_its_cell_with_a_suggestion(make_workbook):
    def typo(sheets):
        sheets["Objections"][0]["Source"] = "ch-fc-objection; npa-22mps"

    code, output = _validate(make_workbook, with_sources, typo)
    assert code == 1
    assert "Objections!G2  error" in output and "'npa-22mps' is not a key on the Sources sheet" in output
    assert "did you mean 'npa-22msp'?" in output and "[unknown-source-key]" in output


def test_a_bare_address_works_with_a_warning_offering_a_sources_row(make_workbook):
    def address(sheets):
        sheets["Withdrawals"][0]["Source"] = "https://example.org/estonia"
        sheets["Objections"][0]["Source"] = "https://www.admin.ch/objection; npa-22msp"

    code, output = _validate(make_workbook, with_sources, address)
    assert code == 0, output
    assert "Withdrawals!H2  warning" in output
    assert "add a row for it to the Sources sheet" in output
    # an address the Sources sheet already has: the hint names its key
    assert "Objections!G2  warning" in output and "cite that key" in output and "'ch-fc-objection'" in output


def test_a_source_nothing_cites_is_a_warning_and_a_bad_date_an_error(make_workbook):
    def uncited(sheets):
        sheets["Sources"][1]["Published"] = "Oct 2025"
        sheets["States"][0]["Source"] = ""
        sheets["Objections"][0]["Source"] = "npa-22msp"

    code, output = _validate(make_workbook, with_sources, uncited)
    assert code == 1
    assert "Sources!A3  warning  Key ch-fc-objection is cited by no row  [source-not-cited]" in output
    assert "Sources!D3  error" in output and "'Oct 2025' is not a day, a month or a year" in output


@pytest.mark.parametrize(
    ("year", "edition", "code", "said"),
    [
        (2023, "Landmine Monitor 2020", "edition-before-year", "cannot report casualties in 2023"),
        (2023, "Landmine Monitor 2099", "edition-not-published", "not yet published on the data date"),
        (2023, "LM2023", "edition-name", "did you mean 'Landmine Monitor 2023'?"),
        (2023, "Monitor", "edition-name", "editions are named Landmine Monitor and the year"),
    ],
)
def test_editions_are_checked(make_workbook, year, edition, code, said):
    def change(sheets):
        sheets["Casualties"][0].update({"Year": year, "Edition": edition})

    exit_code, output = _validate(make_workbook, change)
    assert exit_code == 1
    assert "Casualties!L2  error" in output and f"[{code}]" in output and said in output


def test_an_edition_must_be_on_the_editions_sheet_and_out_by_the_data_date(make_workbook):
    def editions(sheets):
        sheets["Editions"] = [
            {"Edition": "Landmine Monitor 2024", "Published": D(2024, 11, 20)},
            {"Edition": "Landmine Monitor 2025", "Published": D(2026, 2, 1)},
        ]
        sheets["Casualties"][0]["Edition"] = "Landmine Monitor 2023"
        sheets["Casualties"][0]["Year"] = 2022

    code, output = _validate(make_workbook, editions)
    assert code == 1
    assert "Landmine Monitor 2023 is not on the Editions sheet" in output
    assert "did you mean 'Landmine Monitor 202" in output
    assert "Landmine Monitor 2025 was published on 1 February 2026, after the data date" in output


def test_init_writes_the_sources_sheet_with_notes_and_a_dropdown_of_keys(tmp_path):
    path = tmp_path / "new.xlsx"
    assert run("init", str(path)).exit_code == 0
    book = openpyxl.load_workbook(path)
    sources = book["Sources"]
    headers = [c.value for c in sources[1]]
    assert headers[:7] == ["Key", "Publisher", "Title", "Published", "Address", "Kind", "Language"]
    assert "primary" in sources["F1"].comment.text and "press" in sources["F1"].comment.text
    states = book["States"]
    column = next(c.column_letter for c in states[1] if c.value == "Source")
    lists = [v for v in states.data_validations.dataValidation if column in str(v.sqref)]
    assert [v.formula1 for v in lists] == ["SourceKeys"]
    assert "Sources!" in book.defined_names["SourceKeys"].attr_text
    assert "Editions" in book.sheetnames


# -- the example's briefings, read back -----------------------------------------------------------


def _generate(out: Path, *args: str) -> tuple[Path, str]:
    result = run("generate", str(EXAMPLE), "-o", str(out), "--format", "docx", *args)
    assert result.exit_code == 0, result.output
    name = result.stdout.splitlines()[-1].rsplit(": ", 1)[-1]
    return out / name, result.output


def _sources_paragraphs(path: Path) -> list[Any]:
    paragraphs = docx.Document(str(path)).paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == "Sources")
    return [p for p in paragraphs[start:] if p.style.name == "List Bullet"]


def _sources_entries(path: Path) -> list[str]:
    return [p.text for p in _sources_paragraphs(path)]


def _body(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _latest(date_text: str) -> dt.date:
    """The last day a printed date ('1 December 2025', 'December 2025', '2025') can mean."""
    match = CITED_DATE.fullmatch(date_text)
    assert match, date_text
    day, month, year = match.groups()
    if month is None:
        return dt.date(int(year), 12, 31)
    number = MONTHS.split("|").index(month) + 1
    if day is None:
        following = dt.date(int(year) + number // 12, number % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(int(year), number, int(day))


CITATION = re.compile(r"(?P<publisher>[^;:]+?), \u201c(?P<title>[^\u201d]+)\u201d, (?P<date>[^;.(:]+)")


@pytest.fixture(scope="module")
def briefing_22msp(tmp_path_factory):
    return _generate(tmp_path_factory.mktemp("22msp"), "--meeting", "22MSP", "--report-date", "2025-12-05")


def test_the_22msp_briefing_cites_nothing_published_after_5_december_2025(briefing_22msp):
    path, output = briefing_22msp
    cited_dates = []
    for text in footnote_texts(path) + _sources_entries(path):
        for match in CITATION.finditer(text):
            if match.group("date").strip() != "undated":
                cited_dates.append(_latest(match.group("date").strip()))
    assert len(cited_dates) > 40
    assert max(cited_dates) <= dt.date(2025, 12, 5)
    # the facts whose sources all came out later are still stated, and generate names them
    assert "Objections: New Zealand: stated without a citation" in output
    assert "published after 5 December 2025" in output


def test_every_citation_has_a_publisher_and_a_title_and_no_note_names_more_than_three(briefing_22msp):
    path, _ = briefing_22msp
    notes = [n for n in footnote_texts(path) if "Source" in n]
    assert len(notes) > 20
    for note in notes:
        cited = note.split("Source: ", 1)[-1].split("Sources: ", 1)[-1]
        found = CITATION.findall(cited)
        assert 1 <= len(found) <= 3, note
        assert all(publisher.strip() and title.strip() for publisher, title, _ in found), note
    assert any(n.endswith("more under Sources.") for n in notes)


def test_the_sources_section_lists_each_document_once_primary_first(briefing_22msp):
    path, _ = briefing_22msp
    entries = _sources_entries(path)
    assert len(entries) == len(set(entries)) > 40
    headings = [
        p.text
        for p in docx.Document(str(path)).paragraphs
        if p.style.name == "Heading 2" and "ources" in p.text
    ]
    assert headings[0].startswith("Primary sources") and headings[1].startswith("Secondary sources")
    # each entry links to its document, or (a series) each of its names to its own
    assert all(p.hyperlinks for p in _sources_paragraphs(path))


def test_the_words_the_workbook_never_appear(briefing_22msp):
    path, _ = briefing_22msp
    assert "the workbook" not in (_body(path) + "\n".join(footnote_texts(path))).lower()


def test_as_at_1_june_2025_the_casualties_come_from_the_edition_out_by_then(tmp_path):
    path, _ = _generate(tmp_path, "--meeting", "22MSP", "--report-date", "2025-06-01")
    text = _body(path) + "\n".join(footnote_texts(path))
    assert "6,279" not in text and "Landmine Monitor 2025" not in text
    assert "5,757 mine casualties in 2023 (Landmine Monitor 2024)" in text


def test_hindsight_is_asked_for_and_said_on_the_cover(tmp_path):
    path, _ = _generate(
        tmp_path, "--meeting", "22MSP", "--report-date", "2025-06-01", "--known-at", "2026-01-31"
    )
    text = _body(path)
    assert "With hindsight" in text and "published up to 31 January 2026" in text
    assert "6,279" in text  # Landmine Monitor 2025 was out by then
    refused = run(
        "generate",
        str(EXAMPLE),
        "-o",
        str(tmp_path),
        "--report-date",
        "2025-06-01",
        "--known-at",
        "2025-05-01",
    )
    assert refused.exit_code == 2
    assert "is before the as-at date" in refused.output
