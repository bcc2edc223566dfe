"""The annotated copy, read back: fills, notes, the Issues sheet with links, and nothing else changed."""

from __future__ import annotations

import json
import subprocess
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import AS_OF, SOFFICE, baseline, libreoffice_convert, sha256, write_rows
from report_tool.cli import cli

ARGS = ["--data-date", AS_OF.isoformat()]
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def flawed(tmp_path):
    """A workbook with an error, a warning, an issue on many cells, and a sheet of the staff's own."""
    sheets = baseline()
    sheets["States"][0]["ISO3"] = "NRW"  # error at States!B2
    sheets["Casualties"][1]["Total"] = "6,279"  # warning at Casualties!C3
    sheets["Objections"][0]["Date"] = None  # one warning for the sheet, noted at Objections!D2
    sheets["My notes"] = [{"a": "Figures to check", "b": "=1+1"}]
    return write_rows(tmp_path / "flawed.xlsx", sheets)


def _annotate(source, target, *extra):
    return run("validate", str(source), *ARGS, "--annotate", str(target), *extra)


def test_cells_are_coloured_and_noted(flawed, tmp_path):
    copy = tmp_path / "checked.xlsx"
    result = _annotate(flawed, copy)
    assert result.exit_code == 1  # the verdict is the workbook's, annotated or not
    book = openpyxl.load_workbook(copy)
    iso = book["States"]["B2"]
    assert iso.fill.fgColor.rgb.endswith("FFC7CE")
    assert iso.comment.text.startswith(
        "Error: Norway – ISO3: 'NRW' is not an ISO 3166-1 three-letter country code"
    )
    assert "Hint: use the ISO 3166-1 alpha-3 code" in iso.comment.text
    assert iso.comment.author == "report-tool"
    total = book["Casualties"]["C3"]
    assert total.fill.fgColor.rgb.endswith("FFEB9C")
    assert total.comment.text.startswith("Warning: Global 2024 – Total is a number stored as text")
    assert book["Objections"]["D2"].comment.text.startswith("Warning: 1 objection has no Date")
    assert book["States"]["A2"].comment is None and book["States"]["A2"].fill.fill_type is None


def test_issues_sheet_lists_every_issue_with_a_link(flawed, tmp_path):
    copy = tmp_path / "checked.xlsx"
    _annotate(flawed, copy)
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames[0] == "Issues" and book.active.title == "Issues"
    ws = book["Issues"]
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Severity")
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=header_row + 1, max_col=8)]
    assert [(r[0], r[2], r[7]) for r in rows] == [
        ("error", "States!B2", "invalid-iso3"),
        ("warning", "Objections!D:D", "objection-undated"),
        ("warning", "Casualties!C3", "number-as-text"),
    ]
    assert rows[0][1:5] == ["States", "States!B2", "ISO3", "NRW"]
    links = [ws.cell(header_row + i, 3).hyperlink.location for i in (1, 2, 3)]
    assert links == ["States!B2", "Objections!D2", "Casualties!C3"]
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.auto_filter.ref == f"A{header_row}:H{header_row + 3}"
    assert "1 error, 2 warnings" in ws["A2"].value


def test_everything_else_is_unchanged(flawed, tmp_path):
    copy = tmp_path / "checked.xlsx"
    before = sha256(flawed)
    _annotate(flawed, copy)
    assert sha256(flawed) == before
    original, annotated = openpyxl.load_workbook(flawed), openpyxl.load_workbook(copy)
    assert annotated.sheetnames[1:] == original.sheetnames
    for ws in original.worksheets:
        assert [[c.value for c in row] for row in ws.iter_rows()] == [
            [c.value for c in row] for row in annotated[ws.title].iter_rows()
        ], ws.title
    assert annotated["My notes"]["B1"].value == "=1+1"  # a formula stays a formula


def test_a_valid_workbook_gets_an_issues_sheet_that_says_so(make_workbook, tmp_path):
    copy = tmp_path / "checked.xlsx"
    assert _annotate(make_workbook(), copy).exit_code == 0
    ws = openpyxl.load_workbook(copy)["Issues"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert "No problems found." in values


def test_init_workbook_keeps_its_dropdowns_notes_and_hidden_lists(tmp_path):
    new, copy = tmp_path / "new.xlsx", tmp_path / "checked.xlsx"
    assert run("init", str(new)).exit_code == 0
    assert _annotate(new, copy).exit_code == 0
    original, annotated = openpyxl.load_workbook(new), openpyxl.load_workbook(copy)
    for ws in original.worksheets:
        twin = annotated[ws.title]
        assert [(str(v.sqref), v.formula1) for v in ws.data_validations.dataValidation] == [
            (str(v.sqref), v.formula1) for v in twin.data_validations.dataValidation
        ]
        assert twin.freeze_panes == ws.freeze_panes
        assert [c.comment.text if c.comment else None for c in ws[1]] == [
            c.comment.text if c.comment else None for c in twin[1]
        ]
    assert annotated["Lists"].sheet_state == "hidden"
    assert set(annotated.defined_names) == set(original.defined_names)
    assert (
        annotated["Withdrawals"].column_dimensions["A"].width
        == original["Withdrawals"].column_dimensions["A"].width
    )


def _with_x14_dropdown(path):
    """Add an Excel 2010 extension-list dropdown (as Excel writes for lists on other sheets)."""
    ext = (
        f'<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB8-1E29D2B4EBF3}}" xmlns:x14="{X14}">'
        '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        '<x14:dataValidation type="list" allowBlank="1" showErrorMessage="1"><x14:formula1>'
        "<xm:f>'My notes'!$A$1:$A$5</xm:f></x14:formula1><xm:sqref>C2:C500</xm:sqref>"
        "</x14:dataValidation></x14:dataValidations></ext></extLst>"
    )
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    name = "xl/worksheets/sheet1.xml"  # States
    parts[name] = parts[name].replace(b"</worksheet>", ext.encode() + b"</worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


@pytest.mark.filterwarnings(
    "ignore:Unknown extension is not supported:UserWarning"
)  # openpyxl, reading the copy
def test_excel_extension_dropdowns_are_kept(flawed, tmp_path):
    _with_x14_dropdown(flawed)
    copy = tmp_path / "checked.xlsx"
    _annotate(flawed, copy)
    book = openpyxl.load_workbook(copy)
    states_part = None
    with zipfile.ZipFile(copy) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet") and b"<x14:dataValidations" in archive.read(name):
                states_part = archive.read(name)
    assert states_part is not None, "the extension list was dropped"
    assert b"'My notes'!$A$1:$A$5" in states_part and b"C2:C500" in states_part
    assert book["States"]["B2"].comment is not None  # and the annotation is there too


def test_annotating_onto_the_input_is_refused(flawed):
    before = sha256(flawed)
    result = _annotate(flawed, flawed)
    assert result.exit_code == 2
    assert "this is the workbook being checked" in result.output
    assert sha256(flawed) == before


def test_an_existing_copy_needs_overwrite(flawed, tmp_path):
    copy = tmp_path / "checked.xlsx"
    copy.write_bytes(b"older copy")
    result = _annotate(flawed, copy)
    assert result.exit_code == 2 and "use --overwrite" in result.output
    assert copy.read_bytes() == b"older copy"
    assert _annotate(flawed, copy, "--overwrite").exit_code == 1
    assert openpyxl.load_workbook(copy).sheetnames[0] == "Issues"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("streamed", [False, True], ids=["small-parts", "streamed-parts"])
def test_libreoffice_opens_the_copy(flawed, tmp_path, monkeypatch, streamed):
    """streamed: every part over 1 KB written as a huge one is, into a zip entry as it is made."""
    if streamed:
        from report_tool.xlsxedit import parts

        monkeypatch.setattr(parts, "FAST_COMPRESSION_FROM", 1024)
    copy = tmp_path / "checked.xlsx"
    _annotate(flawed, copy)
    pdf = libreoffice_convert(copy, "pdf", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
    assert "Problems found by report-tool" in text.stdout
    assert "'NRW' is not an ISO 3166-1 three-letter country code" in text.stdout
    assert "Figures to" in text.stdout  # the staff's own sheet, the last one (its column is narrow)


def test_the_same_workbook_gives_the_same_copy(flawed, tmp_path):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert _annotate(flawed, first).exit_code == _annotate(flawed, second).exit_code == 1
    assert sha256(first) == sha256(second)


def test_csv_output(flawed):
    result = run("validate", str(flawed), *ARGS, "--format", "csv")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "severity,sheet,cell,row,column,header,value,subject,message,hint,code"
    assert lines[1].startswith("error,States,States!B2,2,B,ISO3,NRW,Norway,ISO3: ")
    assert len(lines) == 4


def test_csv_keeps_formula_like_text_as_text(make_workbook):
    path = make_workbook(lambda s: s["Withdrawals"][1].update({"Notified": "+1 week"}))
    result = run("validate", str(path), *ARGS, "--format", "csv")
    assert ",'+1 week," in result.output


def test_max_issues_limits_the_list_but_counts_all(flawed):
    text = run("validate", str(flawed), *ARGS, "--max-issues", "1").output.splitlines()
    assert text[-3] == "... and 2 more issues not shown (at most 1 listed; --max-issues sets how many)"
    assert text[-2].startswith("Data date 1 January 2026")
    assert text[-1] == "flawed.xlsx: 1 error, 2 warnings"
    data = json.loads(run("validate", str(flawed), *ARGS, "--format", "json", "--max-issues", "2").output)
    assert (data["shown"], len(data["issues"]), data["counts"]) == (2, 2, {"error": 1, "warning": 2})
    csv_lines = run(
        "validate", str(flawed), *ARGS, "--format", "csv", "--max-issues", "1"
    ).output.splitlines()
    assert len(csv_lines) == 2


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_workbook_saved_by_libreoffice_keeps_its_dropdowns_and_notes(tmp_path):
    new = tmp_path / "new.xlsx"
    assert run("init", str(new)).exit_code == 0
    saved_by_libreoffice = libreoffice_convert(new, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    copy = tmp_path / "checked.xlsx"
    result = _annotate(saved_by_libreoffice, copy)
    assert result.exit_code == 0 and "not kept" not in result.output
    original, annotated = openpyxl.load_workbook(saved_by_libreoffice), openpyxl.load_workbook(copy)
    for ws in original.worksheets:
        assert [v.formula1 for v in ws.data_validations.dataValidation] == [
            v.formula1 for v in annotated[ws.title].data_validations.dataValidation
        ]
    assert annotated["States"]["A1"].comment.text == original["States"]["A1"].comment.text


@pytest.mark.parametrize("name", ["O'Brien", "'Quoted'", " WITHDRAWALS ", "Plain"])
def test_an_issue_on_many_cells_is_placed_on_its_own_sheet_whatever_the_quotes(name):
    from report_tool.validation.issues import Issue, Severity
    from report_tool.workbook.cell_references import quote_sheet
    from report_tool.xlsxedit.annotate import places

    # as a plugin may give them: text, read once where the issue is made
    cells = (f"{quote_sheet(name)}!B2", f"{quote_sheet(name)}!C3")
    issue = Issue("x", Severity.WARNING, "m", sheet="Other", cells=cells)
    assert places(issue) == [(name, "B2"), (name, "C3")]
