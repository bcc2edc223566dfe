"""The briefing as a meeting secretariat reads it: names spelled out before their short forms, no
doubled brackets, a title that was not recorded said plainly, a succession's dates explained;
read back from the .docx the command writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from conftest import EXAMPLE, D, footnote_texts
from report_tool.cli import cli


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
    assert "Changes since the 21MSP" in book.sheetnames  # 31 characters at most
    sheet = book["Changes since the 21MSP"]
    assert next(sheet.values)[0] == "Changes since the Twenty-First Meeting of the States Parties (21MSP)"


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
    assert "Landmine Monitor country theme page, id 3339 (title not recorded)" in said
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
    assert (
        row[6]
        == "a succession: the sources give entry into force before the deposit, not by Article 17\u2019s rule"
    )
    assert any(
        "the dates of entry into force follow Article 17, except for South Sudan, whose entry into force "
        "the sources give before the deposit (see the Note column). Article 17 reads:" in p
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
