"""Files read by what they are, not by their names, as staff save and send them: a sound .xlsx
named .xls, an .xlsm with an Excel 4 macro sheet, a draft-format workbook given to --annotate,
and the refusals said in words (what the file is, what to do), never a library's."""

from __future__ import annotations

import zipfile

import pytest
from bad_workbooks import CORPUS
from click.testing import CliRunner

from conftest import AS_OF
from report_tool.cli import cli

DATA_DATE = ["--data-date", AS_OF.isoformat()]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _build(key: str, folder):
    return next(case for case in CORPUS if case.key == key).build(folder)


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_an_xlsx_named_otherwise_is_read_with_a_warning_and_reported(make_workbook, tmp_path, suffix):
    named = make_workbook().rename(tmp_path / f"apmbc{suffix}")
    result = run("validate", str(named), *DATA_DATE)
    assert result.exit_code == 0, result.output
    assert (
        f"  -  warning  This is an .xlsx workbook named {suffix}; it was read as the .xlsx it is  "
        "[misnamed-workbook]"
    ) in result.output.splitlines()
    assert "      hint: rename it to end in .xlsx, so that Excel opens it without a warning" in result.output
    out = tmp_path / "out"
    generated = run("generate", str(named), *DATA_DATE, "-o", str(out))
    assert generated.exit_code == 0, generated.output
    assert len(list(out.iterdir())) == 2
    copy = tmp_path / "checked.xlsx"
    assert run("validate", str(named), *DATA_DATE, "--annotate", str(copy)).exit_code == 0
    assert zipfile.is_zipfile(copy)


def test_an_xlsm_with_an_excel_4_macro_sheet_is_read_and_annotated_with_the_sheet_kept(tmp_path):
    workbook = _build("macro-sheet", tmp_path)
    result = run("validate", str(workbook), *DATA_DATE)
    assert result.exit_code == 0, result.output
    assert (
        "  Macro1  warning  The sheet 'Macro1' is an Excel 4 macro sheet, which the tool does not "
        "read; it was skipped  [sheet-not-read]"
    ) in result.output.splitlines()
    copy = tmp_path / "checked.xlsm"
    assert run("validate", str(workbook), *DATA_DATE, "--annotate", str(copy)).exit_code == 0
    with zipfile.ZipFile(copy) as archive:
        assert "xl/macrosheets/sheet1.xml" in archive.namelist()
        assert b'name="Macro1"' in archive.read("xl/workbook.xml")


def test_a_draft_format_workbook_is_validated_and_its_annotated_copy_refused_in_one_line(tmp_path):
    workbook = _build("early-2007", tmp_path)
    assert run("validate", str(workbook), *DATA_DATE).exit_code == 0
    copy = tmp_path / "checked.xlsx"
    result = run("validate", str(workbook), *DATA_DATE, "--annotate", str(copy))
    assert (result.exit_code, result.stderr.splitlines()) == (
        2,
        [
            f"report-tool: {workbook}: the workbook was written in a draft of the .xlsx format "
            "(namespace http://schemas.openxmlformats.org/spreadsheetml/2006/5/main), as early Excel "
            "2007 builds wrote it, which cannot be annotated; open it in Excel, save it as .xlsx, and "
            "try again"
        ],
    )
    assert not copy.exists()


def test_a_style_openpyxl_cannot_read_leaves_the_values_read_and_says_how(tmp_path):
    workbook = _build("empty-fill", tmp_path)
    result = run("validate", str(workbook), *DATA_DATE)
    assert result.exit_code == 0, result.output
    assert "[formulas-read-as-saved]" in result.output
    assert "expected <class" not in result.output and "openpyxl" not in result.output


def test_a_package_neither_reader_can_read_is_refused_in_words(make_workbook, tmp_path):
    """A sheet part that is not XML at all: no library's exception text reaches the user."""
    plain = make_workbook()
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(broken, "w") as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = b"<worksheet><sheetData><row r=1><c r=A1></sheetData>"
            archive.writestr(info.filename, data)
    result = run("validate", str(broken), *DATA_DATE)
    assert (result.exit_code, result.output) == (
        2,
        f"report-tool: {broken}: the workbook cannot be read: a part of it is damaged, or written in a "
        "way Excel does not write it; open it in Excel or LibreOffice, save it as .xlsx, and try again\n",
    )
