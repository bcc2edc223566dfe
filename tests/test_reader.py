"""The reader's quirks: positions stay exact whatever the layout, formulas are read as Excel shows them."""

from __future__ import annotations

import openpyxl
import pytest
import xlsxwriter
from openpyxl.styles import PatternFill

from conftest import AS_OF, baseline, write_rows
from report_tool.validation.validate import validate, validate_workbook
from report_tool.workbook.reader import read_workbook

FIELDS = ["code", "cell", "severity"]


def test_trailing_blank_formatted_rows_are_ignored(tmp_path):
    path = write_rows(tmp_path / "wb.xlsx", baseline())
    book = openpyxl.load_workbook(path)
    ws = book["Casualties"]
    fill = PatternFill("solid", fgColor="FFFF00")
    for row in range(5, 2005):
        ws.cell(row=row, column=1).fill = fill
        ws.cell(row=row, column=3).number_format = "#,##0"
    book.save(path)
    result = validate(path, AS_OF)
    assert result.report.issues == []
    assert len(result.workbook.tables["Casualties"].records) == 3


def test_blank_rows_between_data_keep_row_numbers(tmp_path):
    sheets = baseline()
    sheets["Withdrawals"].insert(1, {})
    sheets["Withdrawals"][2]["Notified"] = "10/07/2025"
    report = validate_workbook(write_rows(tmp_path / "wb.xlsx", sheets), AS_OF)
    assert report.flatten(FIELDS) == [["ambiguous-date", "Withdrawals!C4", "error"]]


def test_headers_below_a_title_row_are_found_and_rows_keep_their_numbers(tmp_path):
    path = write_rows(tmp_path / "wb.xlsx", baseline())
    book = openpyxl.load_workbook(path)
    ws = book["Withdrawals"]
    ws.insert_rows(1, 2)
    ws["A1"] = "Withdrawals under Article 20"
    ws["D5"] = "soon"  # Finland's Effective, now on row 5
    book.save(path)
    report = validate_workbook(path, AS_OF)
    assert report.flatten(FIELDS) == [
        ["header-not-first-row", "Withdrawals!3:3", "warning"],
        ["wrong-type", "Withdrawals!D5", "error"],
    ]


def test_merged_header_leaves_a_column_without_header(tmp_path):
    path = write_rows(tmp_path / "wb.xlsx", baseline())
    book = openpyxl.load_workbook(path)
    book["States"]["J2"] = "Monitor"
    book["States"].merge_cells("I1:J1")  # the 'Source' header disappears under 'Notes'
    book.save(path)
    report = validate_workbook(path, AS_OF)
    assert report.flatten(FIELDS) == [["blank-header", "States!J1", "warning"]]
    assert "unmerge" in report.issues[0].hint


def _formula_workbook(tmp_path, total_cell):
    """The baseline with Global 2024's Total written by `total_cell(worksheet, row, col)`."""
    path = write_rows(tmp_path / "base.xlsx", baseline())
    source = openpyxl.load_workbook(path)
    out = tmp_path / "formulas.xlsx"
    book = xlsxwriter.Workbook(str(out), {"strings_to_formulas": False})
    date_format = book.add_format({"num_format": "d mmm yyyy"})
    for ws in source.worksheets:
        target = book.add_worksheet(ws.title)
        for r, row in enumerate(ws.iter_rows(values_only=True)):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if hasattr(value, "year"):
                    target.write_datetime(r, c, value, date_format)
                else:
                    target.write(r, c, value)
        if ws.title == "Casualties":
            total_cell(target, 2, 2)
    book.close()
    return out


def test_formula_cached_value_is_used(tmp_path):
    path = _formula_workbook(tmp_path, lambda ws, r, c: ws.write_formula(r, c, "=D3+E3+F3", None, 6279))
    assert validate_workbook(path, AS_OF).issues == []


def test_formula_showing_an_error_is_reported_at_its_cell(tmp_path):
    path = _formula_workbook(tmp_path, lambda ws, r, c: ws.write_formula(r, c, "=D3/0", None, "#DIV/0!"))
    report = validate_workbook(path, AS_OF)
    assert report.flatten(FIELDS) == [["formula-error", "Casualties!C3", "error"]]
    assert "#DIV/0!" in report.issues[0].message


def test_formula_without_cached_value_is_reported_not_read_as_blank(tmp_path):
    sheets = baseline()
    sheets["Casualties"][1]["Total"] = "=D3+E3+F3"  # openpyxl saves formulas without a value
    report = validate_workbook(write_rows(tmp_path / "wb.xlsx", sheets), AS_OF)
    assert report.flatten(FIELDS) == [["formula-not-calculated", "Casualties!C3", "error"]]


def test_formula_without_value_in_an_otherwise_blank_row(tmp_path):
    sheets = baseline()
    sheets["Meetings"].append({"Notes": "=A2"})
    report = validate_workbook(write_rows(tmp_path / "wb.xlsx", sheets), AS_OF)
    assert ["formula-not-calculated", "Meetings!I3", "error"] in report.flatten(FIELDS)


def test_hidden_sheet_is_still_read(tmp_path):
    sheets = baseline()
    sheets["Withdrawals"][1]["Notified"] = "soon"
    path = write_rows(tmp_path / "wb.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    book["Withdrawals"].sheet_state = "hidden"
    book.save(path)
    raw = read_workbook(path)
    assert raw.sheet("withdrawals").hidden
    assert validate_workbook(path, AS_OF).flatten(FIELDS) == [["wrong-type", "Withdrawals!C3", "error"]]


def test_extra_sheets_are_ignored(tmp_path):
    sheets = baseline()
    sheets["My notes"] = [{"a": "anything", "b": 1}]
    assert validate_workbook(write_rows(tmp_path / "wb.xlsx", sheets), AS_OF).issues == []


def test_an_error_in_the_background_scan_reaches_the_caller(tmp_path, monkeypatch):
    """The scan runs on a thread beside calamine: its exception is raised by read_workbook, once."""
    from report_tool.workbook import reader

    calls = []

    def failing_scan(path):
        calls.append(path)
        raise reader.WorkbookUnreadable(path, "scan failed on purpose")

    monkeypatch.setattr(reader, "_scan_parts", failing_scan)
    path = write_rows(tmp_path / "wb.xlsx", baseline())
    with pytest.raises(reader.WorkbookUnreadable, match="scan failed on purpose"):
        reader.read_workbook(path)
    assert len(calls) == 1  # not scanned a second time to find the error


def test_in_background_hands_back_the_value_or_the_exception():
    from report_tool.workbook.speedups import collection_paused, in_background

    assert in_background(lambda: 6 * 7).result() == 42
    with pytest.raises(ZeroDivisionError):
        in_background(lambda: 1 / 0).result()
    import gc

    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_value_far_from_the_headers_is_told_where_it_is(tmp_path):
    path = write_rows(tmp_path / "base.xlsx", baseline())
    book = openpyxl.load_workbook(path)
    book["Casualties"]["Z900"] = 42
    book.save(path)
    report = validate_workbook(path, AS_OF)
    assert report.flatten(FIELDS) == [["blank-header", "Casualties!Z1", "warning"]]
    assert "the first in Z900" in report.issues[0].message


def test_a_stray_value_far_below_the_table_is_one_error_at_its_cell(tmp_path):
    path = write_rows(tmp_path / "base.xlsx", baseline())
    book = openpyxl.load_workbook(path)
    book["States"]["C5000"] = "x"
    book.save(path)
    report = validate_workbook(path, AS_OF)
    assert report.flatten(FIELDS) == [["stray-row", "States!C5000", "error"]]
    issue = report.issues[0]
    assert "C5000 holds 'x', the only value in row 5000, which has no State, ISO3, Status" in issue.message
    assert "clear C5000" in issue.hint


def test_a_row_that_lacks_only_some_required_values_is_still_told_each_one(tmp_path):
    path = write_rows(tmp_path / "base.xlsx", baseline())
    book = openpyxl.load_workbook(path)
    book["States"]["A3"] = None
    report = validate_workbook(_saved(book, tmp_path), AS_OF)
    assert ["required-value-missing", "States!A3", "error"] in report.flatten(FIELDS)
    assert "stray-row" not in {issue.code for issue in report.issues}


def _saved(book, tmp_path):
    path = tmp_path / "edited.xlsx"
    book.save(path)
    return path


def test_a_record_answers_for_the_columns_its_sheet_declares_and_refuses_any_other(make_workbook):
    from report_tool.errors import UndeclaredColumn
    from report_tool.workbook.schema import STATES

    path = make_workbook(headers={"States": [c.header for c in STATES.columns if c.key != "source"]})
    table = validate(path).workbook.tables["States"]
    record = table.records[0]
    assert record.get("state") == "Norway"
    assert not table.has("source") and record.get("source") is None  # declared, not in this workbook
    assert table.values("source") == [None] * len(table.records)
    for ask in (record.get, record.raw, record.unusable, table.values):
        with pytest.raises(
            UndeclaredColumn, match="the States sheet declares no column 'stat'; its columns: state, "
        ):
            ask("stat")
