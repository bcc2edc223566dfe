"""The Excel summary, read back with openpyxl: sheets, tables, values, formats, chart, print setup."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from conftest import SOFFICE, libreoffice_convert
from report_tool.cli import cli
from report_tool.workbook.raw import EXCEL_ESCAPE

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
        "States by region",
        "Map",
        "Changes since the 22MSP",
        "Withdrawals",
        "Steps taken by Ukraine",
        "Objections",
        "Casualties by year",
        "Casualties chart",
        "Revised figures",
        "Top countries",
        "Casualties by country",
        "States Parties",
        "Other states",
        "All states",
        "Sources",
    ]
    assert book.active.title == "Summary"


def test_one_table_per_sheet_with_its_own_print_titles(book):
    """Each sheet holds one table; its caption and header row repeat on every printed page."""
    for ws in book.worksheets:
        assert len(ws.tables) == (0 if ws.title == "Map" else 1) or ws.title == "Summary", ws.title
        if ws.title in ("Summary", "Map"):
            assert ws.print_title_rows is None, ws.title
            continue
        (table,) = ws.tables.values()
        header_row = int(table.ref.split(":")[0][1:])
        caption = ws.cell(header_row - 1, 1).value
        assert isinstance(caption, str) and caption, ws.title
        assert ws.print_title_rows == f"${header_row - 1}:${header_row}", ws.title
        assert ws.freeze_panes == f"A{header_row + 1}", ws.title


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
    header, rows, _ = _table(book["Changes since the 22MSP"], "Changes")
    assert header == ["Date", "State", "Event", "Detail", "Not confirmed"]
    assert rows[0][:3] == [dt.datetime(2025, 12, 27), "Estonia", "Withdrawal takes effect"]
    links = {c.value: c.hyperlink.location for c in ws["A"] if c.hyperlink is not None}
    assert links["Withdrawals"] == "'Withdrawals'!A1"
    assert links["States Parties"] == "'States Parties'!A1"
    assert list(links) == book.sheetnames[1:]


def test_tables_have_filters_and_styles(book):
    for name in book.sheetnames[:-1]:
        for table in book[name].tables.values():
            assert table.autoFilter is not None
            assert table.tableStyleInfo.name == "TableStyleMedium2"


def test_dates_numbers_and_percentages_are_typed_and_formatted(book):
    header, rows, table = _table(book["Withdrawals"], "Withdrawals")
    assert header == [
        "State",
        "Announced",
        "Notified",
        "Effective",
        "Status on 26 November 2026",
        "Not confirmed",
    ]
    poland = next(r for r in rows if r[0] == "Poland")
    assert poland[1:4] == [dt.datetime(2025, 3, 18), dt.datetime(2025, 8, 20), dt.datetime(2026, 2, 20)]
    ws = book["Withdrawals"]
    top = int(table.ref.split(":")[0][1:])
    assert ws.cell(top + 1, 3).number_format == "d mmmm yyyy"
    ws = book["Casualties by year"]
    header, rows, table = _table(ws, "Casualtiesbyyear")
    assert header == [
        "Year",
        "Total",
        "Killed",
        "Injured",
        "Unknown",
        "Civilians %",
        "Edition",
        "Not confirmed",
    ]
    assert rows[-1][:7] == [2024, 6279, 1945, 4325, 9, 0.9, "Landmine Monitor 2025"]
    assert rows[-1][7].startswith("Unknown: computed")  # visible, not only a cell note
    top = int(table.ref.split(":")[0][1:])
    assert ws.cell(top + 1, 2).number_format == "#,##0_)"
    assert ws.cell(top + 1, 6).number_format == "0%_)"


def test_native_chart_reads_from_its_table(book):
    ws = book["Casualties chart"]
    header, rows, table = _table(ws, "Casualtieschart")
    assert header == ["Year", "Casualties", "Not confirmed"]  # the totals of the table above it
    assert rows[0][:2] == [2012, 4325] and rows[-1][:2] == [2024, 6279]
    assert rows[1][2].startswith("Total: HI says 3,465")  # 2013, as the table above marks it
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
            f"'Casualties chart'!$B${top}",
            f"'Casualties chart'!$A${top + 1}:$A${bottom}",
            f"'Casualties chart'!$B${top + 1}:$B${bottom}",
        ),
    ]


def _contrast(hex_rgb: str, other: str = "000000") -> float:
    """WCAG 2 contrast ratio of two sRGB colours (4.5 is the least for body text)."""

    def luminance(rgb: str) -> float:
        channels = [int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(hex_rgb[-6:]), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_country_by_year_colour_scale_keeps_its_numbers_readable(book):
    ws = book["Casualties by country"]
    header, rows, table = _table(ws, "Bycountry")
    assert header == ["Country", "Year", "Casualties", "Not confirmed"]  # one row a country and year
    assert ["Myanmar", 2024, 2029] in [r[:3] for r in rows] and ["Nigeria", 2024, 275] in [
        r[:3] for r in rows
    ]
    rules = [(str(cf.sqref), r) for cf in ws.conditional_formatting for r in cf.rules]
    first, last = table.ref.split(":")
    numbers = f"C{int(first[1:]) + 1}:C{last.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}"  # not Not confirmed
    assert [(ref, r.type) for ref, r in rules] == [(numbers, "colorScale")]
    stops = [c.rgb for c in rules[0][1].colorScale.color]
    assert len(stops) == 3
    # the numbers are black (the cell font sets no colour); every fill of the scale, the darkest
    # red behind Myanmar's 2,029 included, leaves black text readable
    myanmar = next(r for r in ws.iter_rows(min_row=int(first[1:]) + 1) if r[0].value == "Myanmar")
    colour = myanmar[2].font.color
    assert colour is None or colour.theme == 1 or colour.rgb == "FF000000"  # theme 1: "Text 1", black
    assert all(_contrast(rgb) >= 4.5 for rgb in stops), stops
    assert _contrast(stops[0]) > _contrast(stops[-1])  # still a scale: darker for more casualties


def test_print_setup(book):
    for ws in book.worksheets:
        # one print size on every sheet, not each fitted to its own width
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.scale) == 90, ws.title
        assert "Status as at 26 November 2026" in ws.oddHeader.right.text
        assert "23MSP" in ws.oddHeader.left.text
        assert ws.oddFooter.right.text == "Page &P of &N"
        # the print area is the sheet's columns: text that runs on cannot widen the page
        area = ws.print_area if isinstance(ws.print_area, str) else ws.print_area[0]
        last_column = area.split(":")[-1].strip("$").rstrip("0123456789$")
        widest = max(d.max for d in ws.column_dimensions.values())
        assert openpyxl.utils.column_index_from_string(last_column) == widest, ws.title
    assert book["States Parties"].page_setup.orientation == "landscape"
    assert book["Summary"].page_setup.orientation in (None, "portrait")


def test_all_states_sheet_lists_every_state_for_filtering(book):
    ws = book["All states"]
    header, rows, table = _table(ws, "Allstates")
    assert header == [
        "State",
        "ISO3",
        "Region",
        "Status as at 26 November 2026",
        "Signed",
        "Deposited",
        "Entry into force",
        "Withdrawal effective",
        "Not confirmed",
    ]
    assert table.autoFilter is not None
    by_state = {r[0]: r for r in rows}
    assert len(by_state) == len(rows) == 161 + 31 + 5
    assert by_state["Estonia"][1:4] == ["EST", "Europe, Caucasus and Central Asia", "Withdrawn state"]
    assert by_state["Myanmar"][3] == "State not party"  # the annex's words for the four standings
    assert by_state["Estonia"][7] == dt.datetime(2025, 12, 27)
    assert by_state["Ukraine"][3] == "State Party" and by_state["Ukraine"][7] is None
    assert by_state["Norway"][4:7] == [
        dt.datetime(1997, 12, 3),
        dt.datetime(1998, 7, 9),
        dt.datetime(1999, 3, 1),
    ]
    top = int(table.ref.split(":")[0][1:])
    assert ws.cell(top + 1, 5).number_format == "d mmmm yyyy"
    # the same order as the annex's lists: the parties in it are the States Parties sheet's, in turn
    _, parties, _ = _table(book["States Parties"], "StatesParties")
    assert [r[0] for r in rows if r[3] == "State Party"] == [r[0] for r in parties]
    _, others, _ = _table(book["Other states"], "Otherstates")
    assert sorted(r[0] for r in rows if r[3] != "State Party") == sorted(r[0] for r in others)


def test_workbook_properties(book):
    props = book.properties
    assert (
        props.title
        == "Anti-Personnel Mine Ban Convention: status briefing for the Twenty-Third Meeting of the "
        "States Parties"
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
    result = generate(str(path), "--report-date", "2026-01-01", "-o", str(out))
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
        str(make_workbook()), "--report-date", "2026-01-01", "-o", str(tmp_path / "o"), "--format", "xlsx"
    )
    assert result.exit_code == 0
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["22MSP-summary-2026-01-01.xlsx"]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_summary(reports, tmp_path):
    pdf = libreoffice_convert(reports[1], "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Key figures as at 26 November 2026" in text and "6,279" in text


LONG = (
    "This note runs on and on, as staff notes sometimes do, naming every source consulted, every "
    "caveat raised at the last meeting and every correction received since, so that nothing is lost. "
) * 4


@pytest.fixture(scope="module")
def long_notes(tmp_path_factory):
    """The summary of a workbook whose title, organisation and one objection's reference are long."""
    from conftest import baseline, write_rows

    sheets = baseline()
    sheets["Settings"] = [s for s in sheets["Settings"] if s["Setting"] != "Organisation"] + [
        {"Setting": "Organisation", "Value": "Test NGO. " + LONG},
        {
            "Setting": "Report title",
            "Value": "Status briefing with a title as long as a paragraph. " + LONG[:150],
        },
    ]
    sheets["Objections"][0]["Reference"] = LONG
    folder = tmp_path_factory.mktemp("long")
    path = write_rows(folder / "long.xlsx", sheets)
    result = generate(str(path), "--report-date", "2026-01-01", "-o", str(folder), "--format", "xlsx")
    assert result.exit_code == 0, result.output
    return folder / "22MSP-summary-2026-01-01.xlsx"


def test_long_text_wraps_inside_the_sheet_width(long_notes):
    book = openpyxl.load_workbook(long_notes)
    for ws in book.worksheets:
        assert all(d.width <= 61 for d in ws.column_dimensions.values()), ws.title
    summary = book["Summary"]
    organisation = next(
        c for c in summary["A"] if isinstance(c.value, str) and c.value.startswith("Prepared by")
    )
    merged = next(r for r in summary.merged_cells.ranges if organisation.coordinate in r)
    assert merged.min_col == 1 and merged.max_col == max(d.max for d in summary.column_dimensions.values())
    assert organisation.alignment.wrap_text
    assert summary.row_dimensions[organisation.row].height >= 4 * 15  # as tall as its lines
    objections = book["Objections"]
    reference = next(c for row in objections.iter_rows() for c in row if c.value == LONG)
    assert reference.alignment.wrap_text
    assert objections.row_dimensions[reference.row].height >= 4 * 15


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_long_notes_at_a_readable_size(long_notes, tmp_path):
    """Fit to width only: the Summary's first page keeps its text near full size, not 5 pt."""
    pdf = libreoffice_convert(long_notes, "pdf", tmp_path)
    bbox = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    heights = sorted(
        float(m.group(2)) - float(m.group(1))
        for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">', bbox)
    )
    assert len(heights) > 50
    median = heights[len(heights) // 2]
    assert median >= 10, median  # 11-point text at 100%: about 12.7 points from top to bottom
    assert "Test NGO" in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def test_sheet_names_are_whole_valid_and_unique(make_workbook, tmp_path):
    from report_tool.report.render.xlsx import _unique

    taken = {"summary"}
    assert _unique("Withdrawals", taken) == "Withdrawals"
    assert _unique("WITHDRAWALS", taken) == "WITHDRAWALS (2)"  # Excel ignores case
    assert _unique("Casualties: by year / country?", taken) == "Casualties by year  country"
    assert len(_unique("x" * 40, taken)) == 31
    # a section title too long for a tab gives way to its table's name rather than being cut
    path = make_workbook(lambda sheets: sheets.update(Meetings=[]))
    result = generate(str(path), "--report-date", "2026-01-01", "-o", str(tmp_path), "--format", "xlsx")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(next(tmp_path.glob("*-summary-*.xlsx")))
    assert "Changes" in book.sheetnames
    assert book["Changes"]["A1"].value == "Changes in the last twelve months"


def test_every_sheet_says_when_it_is_a_projection(make_workbook, tmp_path):
    """A sheet may be printed alone: each says the data it was projected from."""
    path = make_workbook()
    result = generate(str(path), "--report-date", "2026-06-01", "-o", str(tmp_path), "--format", "xlsx")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(next(tmp_path.glob("*-summary-2026-06-01.xlsx")))
    for ws in book.worksheets[1:]:
        assert ws["A2"].value == (
            "Status as at 1 June 2026. Projected from information as at 1 January 2026."
        ), ws.title


def test_unconfirmed_values_keep_their_type_and_carry_the_marking_as_a_note(book):
    ws = book["Withdrawals"]
    header, rows, table = _table(ws, "")
    first_row = int(re.match(r"[A-Z]+(\d+)", table.ref).group(1))
    estonia = next(i for i, row in enumerate(rows) if row[header.index("State")] == "Estonia")
    effective = ws.cell(first_row + 1 + estonia, header.index("Effective") + 1)
    notified = ws.cell(first_row + 1 + estonia, header.index("Notified") + 1)
    assert effective.value == dt.datetime(2025, 12, 27)  # still a date, for sorting and filtering
    assert effective.comment is not None and "not confirmed by the sources" in effective.comment.text
    assert notified.comment is None
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("A value with a note on its cell is marked (unconfirmed)") for t in texts)


def _font_sizes(pdf) -> list[float]:
    """The size of every run of text LibreOffice wrote (its `Tf` operators, in points, the print
    scale already applied), read from the PDF's compressed page streams."""
    import zlib

    sizes = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf.read_bytes(), re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue  # an image or a font, not page content
        sizes += [float(size) for size in re.findall(rb"([\d.]+) Tf\b", content)]
    return sizes


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_every_sheet_prints_at_one_readable_size(reports, tmp_path):
    """Converted by LibreOffice, no text of any sheet is smaller than 8 points, the wide lists
    print landscape, and each sheet's columns fit across one page (none runs on to another)."""
    pdf = libreoffice_convert(reports[1], "pdf", tmp_path)
    sizes = _font_sizes(pdf)
    assert len(sizes) > 1000
    assert min(sizes) >= 8, sorted(set(sizes))[:5]
    body = max(set(sizes), key=sizes.count)
    assert 8.5 <= body <= 9.5  # 10-point text at the one print scale of 90%
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    all_states = [page for page in pages.stdout.split("\f") if "All states and their status" in page]
    assert all_states and all("ISO3" in page and "Withdrawal effective" in page for page in all_states)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "100", str(pdf)], capture_output=True, text=True)
    sizes_of_pages = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info.stdout)
    landscape = {float(w) > float(h) for w, h in sizes_of_pages}
    assert landscape == {True, False}  # landscape for the wide lists, portrait elsewhere


def test_the_summary_font_is_arial_itself_on_every_run_in_one_process(make_workbook, tmp_path):
    """Arial by name, not marked as the theme's font (which Excel would swap for another with the
    theme), on the first summary a process writes and on every later one: XlsxWriter adds to the
    font settings it is given."""
    import zipfile

    workbook = make_workbook()
    fonts = []
    for run in ("first", "second"):
        result = generate(str(workbook), "--format", "xlsx", "-o", str(tmp_path / run))
        assert result.exit_code == 0, result.output
        [summary] = (tmp_path / run).glob("*.xlsx")
        styles = zipfile.ZipFile(summary).read("xl/styles.xml").decode()
        found = re.search(r"<font>.*?</font>", styles)
        assert found is not None
        fonts.append(found.group())
    assert fonts[0] == fonts[1]
    assert '<name val="Arial"/>' in fonts[0] and "<scheme" not in fonts[0]
