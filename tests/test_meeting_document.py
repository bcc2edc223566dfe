"""The briefing as a meeting document, read back for the 22MSP (as at 5 December 2025, the last day
of the meeting) and the 23MSP: the treaty's own words, the casualty figures of every edition."""

from __future__ import annotations

import re

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import EXAMPLE
from report_tool.cli import cli

#: The English text of Articles 17, 19 and 20, as the copies cited read them.
ARTICLES = {
    17: (
        "Article 17: Entry into force",
        "1. This Convention shall enter into force on the first day of the sixth month after the month in "
        "which the 40th instrument of ratification, acceptance, approval or accession has been deposited.",
        "2. For any State which deposits its instrument of ratification, acceptance, approval or accession "
        "after the date of the deposit of the 40th instrument of ratification, acceptance, approval or "
        "accession, this Convention shall enter into force on the first day of the sixth month after the "
        "date on which that State has deposited its instrument of ratification, acceptance, approval or "
        "accession.",
    ),
    19: ("Article 19: Reservations", "The Articles of this Convention shall not be subject to reservations."),
    20: (
        "Article 20: Duration and withdrawal",
        "1. This Convention shall be of unlimited duration.",
        "2. Each State Party shall, in exercising its national sovereignty, have the right to withdraw from "
        "this Convention. It shall give notice of such withdrawal to all other States Parties, to the "
        "Depositary and to the United Nations Security Council. Such instrument of withdrawal shall "
        "include a full explanation of the reasons motivating this withdrawal.",
        "3. Such withdrawal shall only take effect six months after the receipt of the instrument of "
        "withdrawal by the Depositary. If, however, on the expiry of that six-month period, the "
        "withdrawing State Party is engaged in an armed conflict, the withdrawal shall not take effect "
        "before the end of the armed conflict.",
        "4. The withdrawal of a State Party from this Convention shall not in any way affect the duty of "
        "States to continue fulfilling the obligations assumed under any relevant rules of international "
        "law.",
    ),
}
MEETINGS = {"22MSP": ("--as-of", "2025-12-05", "--meeting", "22MSP"), "23MSP": ()}


@pytest.fixture(scope="module", params=sorted(MEETINGS))
def briefing(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param)
    args = ["generate", str(EXAMPLE), "-o", str(out), "--format", "docx", *MEETINGS[request.param]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    (path,) = out.glob(f"{request.param}-briefing-*.docx")
    return docx.Document(str(path))


def _paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _table(document, first_headers: list[str]) -> list[list[str]]:
    for table in document.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows[0][: len(first_headers)] == first_headers:
            return rows
    raise AssertionError(f"no table headed {first_headers}")


def test_articles_17_19_and_20_are_quoted_word_for_word(briefing):
    said = _paragraphs(briefing)
    for number, lines in ARTICLES.items():
        start = said.index(lines[0])
        assert tuple(said[start : start + len(lines)]) == lines, number
        quoted = [p for p in briefing.paragraphs if p.text in lines]
        assert {p.style.name for p in quoted} == {"Quote"}, number
    text = "\n".join(said)
    assert "takes effect six months after notice" not in text  # the old paraphrase
    assert "therefore does not change a state" not in text  # no legal argument of the tool's own


def test_the_decision_is_quoted_as_the_meeting_affirmed_it(briefing):
    (decision,) = [p for p in _paragraphs(briefing) if p.startswith("On suspension, the")]
    assert decision == (
        "On suspension, the Twenty-Second Meeting of the States Parties affirmed: \u201cThe Convention does "
        "not allow the suspension of its operation and consequently its obligations.\u201d"
    )


def _global_casualties() -> dict[int, dict[str, object]]:
    """For each year, what some edition in the example workbook gives (read with openpyxl)."""
    book = openpyxl.load_workbook(EXAMPLE, read_only=True)
    rows = list(book["Casualties"].iter_rows(values_only=True))
    book.close()  # read-only keeps the file open until closed
    rows = iter(rows)
    header = [str(h) for h in next(rows)]
    given: dict[int, dict[str, object]] = {}
    for row in rows:
        record = dict(zip(header, row, strict=False))
        if record.get("Country") == "Global" and isinstance(record.get("Year"), int):
            year = given.setdefault(record["Year"], {})
            for column in ("Killed", "Injured"):
                if record.get(column) not in (None, ""):
                    year.setdefault(column, record[column])
    return given


def test_killed_and_injured_are_shown_for_every_year_some_edition_gives_them(briefing):
    rows = _table(briefing, ["Year", "Total", "Killed", "Injured"])
    by_year = {int(r[0]): r for r in rows[1:]}
    given = _global_casualties()
    assert sum(1 for year in given.values() if "Killed" in year) >= 8
    for year, parts in given.items():
        if year not in by_year:
            continue
        for column in ("Killed", "Injured"):
            shown = by_year[year][rows[0].index(column)]
            assert bool(shown) == (column in parts), (year, column)
    # 2016's total is Landmine Monitor 2021's; its killed and injured Landmine Monitor 2018's, said so
    assert by_year[2016][1:4] == ["9,440", "2,472", "6,937"]
    said = _paragraphs(briefing)
    assert any(
        p.startswith("2016: killed, injured and unknown from Landmine Monitor 2018 (total 9,437)")
        for p in said
    )


def _cover(document) -> list[str]:
    """The cover's lines: everything before the first numbered heading."""
    lines = []
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            break
        lines.append(paragraph.text)
    return lines


def _summary(document) -> str:
    said = _paragraphs(document)
    return said[said.index("Summary", len(_cover(document))) + 1]


def _figures_in(text: str) -> set[int]:
    """The counts a sentence states, leaving out the days, months and years of its dates."""
    text = re.sub(
        r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|"
        r"November|December) \d{4}\b",
        "",
        text,
    )
    text = re.sub(r"\b(in|Monitor) \d{4}\b", "", text)
    return {int(n.replace(",", "")) for n in re.findall(r"\b\d[\d,]*\b", text)}


def test_the_summary_states_only_the_key_figures(briefing):
    summary = _summary(briefing)
    key = {row[0]: int(row[1].replace(",", "")) for row in _table(briefing, ["Figure", "Number"])[1:]}
    stated = _figures_in(summary)
    assert stated and stated <= set(key.values()), (stated, key)
    assert f"the Convention has {key['States Parties']} States Parties" in summary
    casualties = next(name for name in key if name.startswith("Mine casualties in"))
    assert f"{key[casualties]:,} mine casualties worldwide in {casualties[-4:]}" in summary
    assert "affirmed" in summary and "decided" not in summary


def test_the_cover_says_who_issued_it_when_and_the_period_s_news(briefing):
    cover = "\n".join(_cover(briefing))
    assert "Original: English" in cover
    assert "0 withdrawn states" not in cover
    if (
        "Twenty-Second Meeting of the States Parties\nGeneva" in cover
    ):  # as at 5 December 2025, the last day of the 22MSP
        assert "Geneva, Switzerland, 1\u20135 December 2025" in cover
        assert "President: ICHIKAWA Tomiko (Japan)" in cover
        assert "5 December 2025\nOriginal: English" in cover  # issued on the as-at date: no clock
        pending = next(line for line in _cover(briefing) if line.startswith("Withdrawals pending"))
        for state in ("Estonia", "Finland", "Latvia", "Lithuania", "Poland"):
            assert state in pending
        assert "Estonia, Latvia and Lithuania (takes effect 27 December 2025)" in pending
        assert "Joined in the period: Marshall Islands and Tonga" in cover
    else:
        assert "President" not in cover  # 'President not found in sources read' is not a name
        assert (
            "Withdrawals that took effect in the period: Estonia, Finland, Latvia, Lithuania and Poland"
            in cover
        )


def _generated(make_workbook, tmp_path, change=None, *args):
    path = make_workbook(change)
    result = CliRunner().invoke(cli, ["generate", str(path), "-o", str(tmp_path), "--format", "docx", *args])
    assert result.exit_code == 0, result.output
    return docx.Document(str(next(tmp_path.glob("*-briefing-*.docx"))))


def test_a_period_with_nothing_new_reads_as_such(make_workbook, tmp_path):
    """As at 20 December 2025, nothing has happened since the 22MSP ended on the 5th."""

    def next_meeting(sheets):
        sheets["Meetings"].append(
            {"Meeting": "Twenty-Third Meeting of the States Parties", "Short name": "23MSP", "Type": "MSP"}
        )

    document = _generated(make_workbook, tmp_path, next_meeting, "--as-of", "2025-12-20")
    summary = _summary(document)
    assert (
        "Since the Twenty-Second Meeting of the States Parties ended on 5 December 2025, no state has "
        "joined the Convention or notified its withdrawal." in summary
    )
    assert "withdrawn from" not in summary and "took effect" not in summary
    assert "Withdrawals by 2 States Parties are pending (Estonia and Finland)" in summary
    cover = "\n".join(_cover(document))
    assert "Test NGO\n20 December 2025\nOriginal: English" in cover  # a plain header without a symbol


def test_the_date_of_issue_and_the_symbol_come_from_settings(make_workbook, tmp_path):
    def settings(sheets):
        sheets["Settings"] += [
            {"Setting": "Date of issue", "Value": "2026-01-03"},
            {"Setting": "Document symbol", "Value": "APLC/MSP.23/2026/INF.1"},
        ]

    cover = "\n".join(_cover(_generated(make_workbook, tmp_path, settings)))
    assert "APLC/MSP.23/2026/INF.1\nDistr.: General\n3 January 2026\nOriginal: English" in cover


#: Machine idioms a secretariat would not circulate, as the briefing used to print them.
IDIOMS = (
    "(in every row",
    "Status as at the date",
    "(share of civilian casualties)",
    "(unconfirmed))",
    "Signatories: 0",
)


def _all_text(document) -> str:
    """Every run of text of the body and the footnotes, paragraph by paragraph."""
    parts = [document.element.body]
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            parts.append(etree.fromstring(rel.target_part.blob))
    lines = []
    for part in parts:
        for paragraph in part.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
            lines.append("".join(paragraph.itertext()))
    return "\n".join(lines)


def test_no_machine_idioms_and_one_quotation_mark_style(briefing):
    text = _all_text(briefing)
    for idiom in IDIOMS:
        assert idiom not in text, idiom
    assert not re.search(r"\b(\d{4})\u2013\1\b", text)  # a one-year range is written as the year
    outside_addresses = " ".join(w for w in text.split() if "://" not in w)
    assert "'" not in outside_addresses and '"' not in outside_addresses
    assert "\u2019" in text and "\u201c" in text  # the typographic ones instead
    titles = [
        p.text for p in briefing.paragraphs if p.style.name in ("Title", "Caption", "Heading 1", "Heading 2")
    ]
    assert titles and all(t.count(":") <= 1 for t in titles), [t for t in titles if t.count(":") > 1]
    assert briefing.core_properties.title.count(":") <= 1


def test_the_meeting_s_agenda_is_shown_under_it_where_the_workbook_has_one(make_workbook, tmp_path):
    def agenda(sheets):
        sheets["Agenda"] = [
            {
                "Meeting": "22MSP",
                "Item": "Request by Senegal to extend its Article 5 deadline",
                "Reference": "APLC/MSP.22/2025/EXT.1",
                "Source": "https://example.org/22msp-agenda",
            },
            {"Meeting": "21MSP", "Item": "An item of another meeting"},
        ]

    document = _generated(make_workbook, tmp_path, agenda)
    cover = _cover(document)
    start = cover.index("On the meeting\u2019s agenda")
    assert cover[start + 1] == "Request by Senegal to extend its Article 5 deadline (APLC/MSP.22/2025/EXT.1)"
    assert "An item of another meeting" not in cover
    plain = _cover(_generated(make_workbook, tmp_path / "plain", None))
    assert "On the meeting\u2019s agenda" not in plain  # the sheet is optional
