"""The Excel summary, read back with openpyxl: sheets, tables, values, formats, chart, print setup."""

from __future__ import annotations

import datetime as dt
import subprocess

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from conftest import SOFFICE, libreoffice_convert
from report_tool.cli import cli
from report_tool.reader import EXCEL_ESCAPE

AS_OF = "2026-11-26"


def generate(*args: str):
    return CliRunner().invoke(cli, ["generate", *args])


@pytest.fixture(scope="module")
def reports(example_reports):
    return example_reports


@pytest.fixture(scope="module")
def book(reports):
    return openpyxl.load_workbook(reports[1])


def _table(ws, name_prefix):
    """(header, rows of values) of the Excel table whose name starts with `name_prefix`."""
    for table in ws.tables.values():
        if table.name.startswith(name_prefix):
            cells = ws[table.ref]
            return [c.value for c in cells[0]], [[c.value for c in row] for row in cells[1:]], table
    raise AssertionError(f"no table {name_prefix} in {ws.title}: {list(ws.tables)}")


def test_sheets(book):
    assert book.sheetnames == [
        "Summary",
        "Withdrawals",
        "Suspension and objections",
        "Casualties",
        "States Parties",
        "Not party",
        "Sources",
    ]
    assert book.active.title == "Summary"


def test_summary_sheet(book):
    ws = book["Summary"]
    texts = [c.value for c in ws["A"] if isinstance(c.value, str)]
    assert texts[0] == "Anti-Personnel Mine Ban Convention: status briefing"
    assert "Twenty-Third Meeting of the States Parties" in texts
    assert "Status as at 26 November 2026" in texts
    header, rows, _ = _table(ws, "Keyfigures")
    assert header == ["Figure", "Number", "Note"]
    figures = {r[0]: r[1] for r in rows}
    assert figures["States Parties"] == 161 and figures["Mine casualties in 2024"] == 6279
    header, rows, _ = _table(ws, "Changes")
    assert header == ["Date", "State", "Event", "Detail"]
    assert rows[0][:3] == [dt.datetime(2025, 12, 27), "Estonia", "Withdrawal takes effect"]
    links = {c.value: c.hyperlink.location for c in ws["A"] if c.hyperlink is not None}
    assert links["Withdrawals"] == "'Withdrawals'!A1"
    assert links["States Parties"] == "'States Parties'!A1"
    assert len(links) == 6


def test_tables_have_filters_styles_and_frozen_headers(book):
    for name in book.sheetnames[1:-1]:
        ws = book[name]
        assert ws.tables, name
        for table in ws.tables.values():
            assert table.autoFilter is not None
            assert table.tableStyleInfo.name == "TableStyleMedium2"
        first = next(iter(ws.tables.values()))
        header_row = int(first.ref.split(":")[0][1:])
        assert ws.freeze_panes == f"A{header_row + 1}", name
        assert ws.print_title_rows == f"$1:${header_row}", name


def test_dates_numbers_and_percentages_are_typed_and_formatted(book):
    header, rows, table = _table(book["Withdrawals"], "Withdrawals")
    assert header == ["State", "Announced", "Notified", "Effective", "Status as at the date"]
    poland = next(r for r in rows if r[0] == "Poland")
    assert poland[1:4] == [dt.datetime(2025, 3, 18), dt.datetime(2025, 8, 20), dt.datetime(2026, 2, 20)]
    ws = book["Withdrawals"]
    top = int(table.ref.split(":")[0][1:])
    assert ws.cell(top + 1, 3).number_format == "d mmmm yyyy"
    ws = book["Casualties"]
    header, rows, table = _table(ws, "Casualtiesbyyear")
    assert header == ["Year", "Total", "Killed", "Injured", "Unknown", "Civilians %", "Edition"]
    assert rows[0] == [2024, 6279, 1945, 4325, 9, 0.9, "Landmine Monitor 2025"]
    top = int(table.ref.split(":")[0][1:])
    assert ws.cell(top + 1, 2).number_format == "#,##0_)"
    assert ws.cell(top + 1, 6).number_format == "0%_)"


def test_native_chart_reads_from_its_table(book):
    ws = book["Casualties"]
    header, rows, table = _table(ws, "Casualtieschart")
    assert header == ["Year", "Killed", "Injured"]
    assert rows[0] == [2016, 2472, 6937] and rows[-1] == [2024, 1945, 4325]
    assert [r for r in rows if r[0] == 2021] == [[2021, None, None]]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    refs = [
        (s.tx.strRef.f, s.cat.numRef.f if s.cat.numRef else s.cat.strRef.f, s.val.numRef.f)
        for s in chart.series
    ]
    first, last = table.ref.split(":")
    top, bottom = int(first[1:]), int(last[1:])
    assert refs == [
        (
            f"'Casualties'!$B${top}",
            f"'Casualties'!$A${top + 1}:$A${bottom}",
            f"'Casualties'!$B${top + 1}:$B${bottom}",
        ),
        (
            f"'Casualties'!$C${top}",
            f"'Casualties'!$A${top + 1}:$A${bottom}",
            f"'Casualties'!$C${top + 1}:$C${bottom}",
        ),
    ]


def test_country_by_year_table_has_a_colour_scale(book):
    ws = book["Casualties"]
    header, rows, table = _table(ws, "Bycountry")
    assert header == ["Country", "2024"]
    assert ["Myanmar", 2029] in rows and ["Nigeria", 275] in rows
    rules = [(str(cf.sqref), r.type) for cf in ws.conditional_formatting for r in cf.rules]
    first, last = table.ref.split(":")
    assert rules == [(f"B{int(first[1:]) + 1}:{last}", "colorScale")]


def test_print_setup(book):
    for ws in book.worksheets:
        assert ws.page_setup.fitToWidth in (1, None) and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToHeight == 0
        assert "Status as at 26 November 2026" in ws.oddHeader.right.text
        assert "23MSP" in ws.oddHeader.left.text
        assert ws.oddFooter.right.text == "Page &P of &N"
    assert book["States Parties"].page_setup.orientation == "landscape"


def test_workbook_properties(book):
    props = book.properties
    assert (
        props.title
        == "Anti-Personnel Mine Ban Convention: status briefing: Twenty-Third Meeting of the States Parties"
    )
    assert props.subject.startswith("Convention on the Prohibition")
    assert props.created == dt.datetime(2026, 11, 26)


def test_figures_equal_those_in_the_briefing(reports, book):
    document = docx.Document(str(reports[0]))
    key_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Figure")
    in_word = {row.cells[0].text: row.cells[1].text for row in key_table.rows[1:]}
    _, rows, _ = _table(book["Summary"], "Keyfigures")
    in_excel = {r[0]: f"{r[1]:,}" for r in rows}
    assert in_word == in_excel
    annex = next(t for t in document.tables if t.rows[0].cells[0].text == "State" and len(t.rows) > 100)
    _, parties, _ = _table(book["States Parties"], "StatesParties")
    assert [r.cells[0].text for r in annex.rows[1:]] == [r[0] for r in parties]


# Excel stores a carriage return as _x000D_; the reader decodes it, XlsxWriter writes it so again.
INJECTIONS = (
    "=1+1",
    '=HYPERLINK("http://x","click")',
    "+41 22 000 00 00",
    "-5 (revised)",
    "@SUM(A1)",
    "\tindented",
    "\rcarriage return",
)


def test_staff_text_is_never_a_formula(make_workbook, tmp_path):
    def change(sheets):
        sheets["Objections"] = [
            {"Objecting state": state, "Objection to": "Ukraine", "Action": "Suspension", "Reference": text}
            for state, text in zip(
                (
                    "Switzerland",
                    "Norway",
                    "Finland",
                    "Estonia",
                    "South Sudan",
                    "Tonga",
                    "United States of America",
                ),
                INJECTIONS,
                strict=True,
            )
        ]

    path = make_workbook(change)
    # openpyxl, the test's writer, would store '=...' as a formula: make the staff text text
    fix = openpyxl.load_workbook(path)
    for (cell,) in fix["Objections"]["E2:E8"]:
        cell.value, cell.data_type = cell.value.replace("\r", "_x000D_"), "s"
    fix.save(path)
    out = tmp_path / "out"
    result = generate(str(path), "--as-of", "2026-01-01", "-o", str(out))
    assert result.exit_code == 0, result.output
    summary = openpyxl.load_workbook(out / "22MSP-summary-2026-01-01.xlsx")
    cells = {
        EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), c.value)
        if isinstance(c.value, str)
        else c.value: c
        for ws in summary.worksheets
        for row in ws.iter_rows()
        for c in row
    }
    for text in INJECTIONS:
        assert text in cells, text
        assert cells[text].data_type == "s", text
    document = docx.Document(str(out / "22MSP-briefing-2026-01-01.docx"))
    in_word = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert {text.replace("\r", "\n") for text in INJECTIONS} <= in_word  # a line break in Word


def test_format_option_picks_one(make_workbook, tmp_path):
    result = generate(
        str(make_workbook()), "--as-of", "2026-01-01", "-o", str(tmp_path / "o"), "--format", "xlsx"
    )
    assert result.exit_code == 0
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["22MSP-summary-2026-01-01.xlsx"]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_summary(reports, tmp_path):
    pdf = libreoffice_convert(reports[1], "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Key figures as at 26 November 2026" in text and "6,279" in text
