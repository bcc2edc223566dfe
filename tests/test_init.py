"""`init` writes a workbook that guides staff in Excel, and that validates clean."""

from __future__ import annotations

import os
import stat

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import SOFFICE, libreoffice_convert
from report_tool.cli import cli
from report_tool.validation.validate import validate_workbook
from report_tool.workbook.schema import SHEETS


@pytest.fixture
def new_workbook(tmp_path):
    path = tmp_path / "new.xlsx"
    result = CliRunner().invoke(cli, ["init", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_new_workbook_validates_with_only_the_empty_states_warning(new_workbook):
    report = validate_workbook(new_workbook)
    assert report.valid
    assert report.flatten(["code", "cell", "severity"]) == [["no-states", "States", "warning"]]
    assert report.issues[0].message == "The States sheet has no states yet, so there is nothing to report"


def test_generate_refuses_a_workbook_without_states_in_one_line(tmp_path, new_workbook):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["generate", str(new_workbook), "-o", str(out)])
    assert result.exit_code == 1
    assert "no-states" not in result.output  # the one line says it all
    assert result.stderr.splitlines()[-1] == (
        f"report-tool: {new_workbook}: the States sheet has no states; fill in the workbook first "
        "(nothing was written)"
    )
    assert not out.exists()


def test_sheets_headers_notes_and_frozen_rows(new_workbook):
    book = openpyxl.load_workbook(new_workbook)
    assert book.sheetnames == ["README", *(s.name for s in SHEETS), "Lists"]
    assert book["Lists"].sheet_state == "hidden"
    for schema in SHEETS:
        ws = book[schema.name]
        headers = [c.value for c in ws[1]]
        assert headers == [c.header for c in schema.columns]
        assert all(c.font.bold for c in ws[1])
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
        for header_cell, column in zip(ws[1], schema.columns, strict=True):
            assert header_cell.comment is not None
            assert column.note in header_cell.comment.text
        assert ws.print_title_rows == "$1:$1"


def _validations(ws):
    found = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            found[cell_range.coord.split(":")[0]] = dv
    return found


def test_dropdowns_for_lists_and_states(new_workbook):
    book = openpyxl.load_workbook(new_workbook)
    states = _validations(book["States"])
    assert states["C2"].type == "list" and states["C2"].formula1 == "List_region"
    assert states["D2"].formula1 == "List_status"
    # The States sheet is where states are added: its State column is free text, not a list
    # fed from itself (which would refuse the very first state).
    assert "A2" not in states
    assert all("StateNames" not in (dv.formula1 or "") for dv in states.values())
    withdrawals = _validations(book["Withdrawals"])
    assert withdrawals["A2"].type == "list" and withdrawals["A2"].formula1 == "StateNames"
    assert book["Withdrawals"]["E1"].value == "Armed conflict (Art. 20(3))"
    assert withdrawals["E2"].formula1 == "List_armed_conflict"
    assert "Article 20(3)" in book["Withdrawals"]["E1"].comment.text
    conflict_list = book.defined_names["List_armed_conflict"].attr_text
    assert [c.value for (c,) in book["Lists"][conflict_list.split("!")[1].replace("$", "")]] == ["yes"]
    objections = _validations(book["Objections"])
    assert objections["A2"].formula1 == objections["B2"].formula1 == "StateNames"
    # The state list grows with the States sheet: a dynamic range, not a fixed one.
    state_names = book.defined_names["StateNames"].attr_text
    assert "OFFSET(States!$A$2" in state_names and "COUNTA(States!$A:$A)" in state_names
    region_list = book.defined_names["List_region"].attr_text
    values = [c.value for (c,) in book["Lists"][region_list.split("!")[1].replace("$", "")]]
    assert "Europe, Caucasus and Central Asia" in values and len(values) == 5


def test_number_year_and_percentage_checks(new_workbook):
    casualties = _validations(openpyxl.load_workbook(new_workbook)["Casualties"])
    year, total, share = casualties["A2"], casualties["C2"], casualties["H2"]
    # openpyxl leaves the default operator, "between", as None
    assert (year.type, year.operator, year.formula1, year.formula2) == ("whole", None, "1997", "2100")
    assert (total.type, total.operator, total.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert (share.type, share.formula1, share.formula2) == ("decimal", "0", "100")
    assert str(casualties["C2"].sqref).endswith("C1048576")


def _column_format(ws, index):
    """openpyxl groups neighbouring columns of one format under the first one's letter."""
    for dimension in ws.column_dimensions.values():
        if dimension.min and dimension.min <= index <= dimension.max:
            return dimension.number_format, dimension.width
    raise AssertionError(f"no format for column {index}")


def test_date_columns_have_a_date_format(new_workbook):
    ws = openpyxl.load_workbook(new_workbook)["Withdrawals"]
    for index in (2, 3, 4):  # Announced, Notified, Effective
        number_format, width = _column_format(ws, index)
        assert number_format == "d mmm yyyy" and width > 10
    assert _column_format(openpyxl.load_workbook(new_workbook)["Casualties"], 3)[0] == "#,##0"


def test_init_refuses_to_overwrite(tmp_path, new_workbook):
    before = new_workbook.read_bytes()
    result = CliRunner().invoke(cli, ["init", str(new_workbook)])
    assert result.exit_code == 2
    assert "already exists; use --overwrite" in result.output
    assert new_workbook.read_bytes() == before
    assert CliRunner().invoke(cli, ["init", str(new_workbook), "--overwrite"]).exit_code == 0
    assert CliRunner().invoke(cli, ["init", str(new_workbook), "--force"]).exit_code == 0  # the old name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.xlsx"]  # no temporary left behind


def test_init_wants_an_xlsx_name(tmp_path):
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "new.xls")])
    assert result.exit_code == 2 and "must end in .xlsx" in result.output


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_new_workbook(tmp_path, new_workbook):
    csv_file = libreoffice_convert(new_workbook, "csv", tmp_path / "csv")
    csv_text = csv_file.read_text(encoding="utf-8", errors="replace")
    assert "Anti-Personnel Mine Ban Convention workbook" in csv_text  # the README sheet, first


def test_new_workbook_gets_the_usual_permissions(new_workbook):
    # written through a private (0600) temporary file, then given what the umask allows
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(new_workbook.stat().st_mode) == 0o666 & ~mask
