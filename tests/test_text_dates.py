"""Days typed as text: one table of forms, read the same way in a cell, in Settings and by diff."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import AS_OF
from report_tool.cli import cli
from report_tool.diff.compare import diff_workbooks
from report_tool.validation.validate import validate
from report_tool.workbook.text_dates import parse_day, read_text_day, refusal

D = dt.date


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025-06-27", D(2025, 6, 27)),
        ("2025/06/27", D(2025, 6, 27)),
        ("27 June 2025", D(2025, 6, 27)),
        (" 27  jun. 2025 ", D(2025, 6, 27)),
        ("27-Jun-2025", D(2025, 6, 27)),
        ("27th of June 2025", D(2025, 6, 27)),
        ("June 27, 2025", D(2025, 6, 27)),
        ("Sept 3 2025", D(2025, 9, 3)),
        ("26/11/2026", D(2026, 11, 26)),  # day first, as a British user types it
        ("26.11.2026", D(2026, 11, 26)),
        ("11/26/2026", D(2026, 11, 26)),  # no month 26: one reading only
        ("05/05/2026", D(2026, 5, 5)),  # both readings the same day
        ("13/12/2026", D(2026, 12, 13)),  # boundary: 13 cannot be a month
    ],
)
def test_the_forms_read_without_doubt(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("03/04/2026", "'03/04/2026' is not a date (it could be 3 April 2026 or 4 March 2026)"),
        ("12/11/2026", "'12/11/2026' is not a date (it could be 12 November 2026 or 11 December 2026)"),
        ("2025-02-29", "'2025-02-29' is not a real date"),
        ("31/06/2025", "'31/06/2025' is not a real date"),
        ("27/06/25", "'27/06/25' is not a date"),
        ("27 Juin 2025", "'27 Juin 2025' is not a date"),
        ("soon", "'soon' is not a date"),
    ],
)
def test_what_is_not_read_says_why(text, message):
    assert parse_day(text) is None
    assert refusal(text)[0] == message


def test_an_ambiguous_date_keeps_both_readings_and_the_hint_shows_how_to_type_it():
    found = read_text_day("03/04/2026")
    assert found is not None and found.readings == (D(2026, 4, 3), D(2026, 3, 4))
    assert refusal("03/04/2026")[1] == "type the month in words (3 April 2026) or the year first (2026-04-03)"


def _with(make_workbook, notified: object, data_as_at: object):
    def change(sheets):
        sheets["Withdrawals"][1]["Notified"] = notified
        sheets["Settings"][1]["Value"] = data_as_at

    return make_workbook(change)


def test_the_same_text_date_is_one_day_in_a_cell_in_settings_and_to_diff(make_workbook):
    typed = "10 July 2025"
    as_date = _with(make_workbook, D(2025, 7, 10), AS_OF.isoformat())
    as_text = _with(make_workbook, typed, typed)

    read = validate(as_text)
    # In a Withdrawals cell: the day, with a warning to retype it as a date.
    assert read.workbook.tables["Withdrawals"].records[1].get("notified") == D(2025, 7, 10)
    found = read.report.flatten(["code", "cell", "severity"])
    assert ["date-as-text", "Withdrawals!C3", "warning"] in found
    # In Settings: the data date the checks are read against (so Estonia's Withdrawn is early).
    assert read.report.as_of == D(2025, 7, 10)
    assert not [cell for _, cell, _ in found if cell.startswith("Settings")]
    # To diff: the same day as the date cell, so a change of form only.
    counts = diff_workbooks(as_date, as_text, AS_OF).to_dict()["counts"]
    assert counts["cells_changed"] == 1  # Settings' value: a different day
    assert counts["cells_changed_in_form"] == 1  # Notified: the same day, typed as text


def test_a_day_first_data_date_in_settings_is_read(make_workbook):
    report = validate(_with(make_workbook, D(2025, 7, 10), "28/12/2025")).report
    assert report.as_of == D(2025, 12, 28)
    assert report.issues == []


def test_an_ambiguous_data_date_in_settings_is_not_a_date_with_a_hint(make_workbook):
    report = validate(_with(make_workbook, D(2025, 7, 10), "03/04/2025")).report
    [issue] = [i for i in report.issues if i.code == "data-date-invalid"]
    assert issue.cell == "Settings!B3"
    assert issue.message.endswith("'03/04/2025' is not a date (it could be 3 April 2025 or 4 March 2025)")
    assert issue.hint == (
        "type the month in words (3 April 2025) or the year first (2025-04-03); until then, today is assumed"
    )


def test_init_makes_settings_data_as_at_a_date_cell(tmp_path):
    path = tmp_path / "new.xlsx"
    assert CliRunner().invoke(cli, ["init", str(path)]).exit_code == 0
    settings = openpyxl.load_workbook(path)["Settings"]
    assert settings["A2"].value == "Data as at"
    assert settings["B2"].value is None and settings["B2"].number_format == "d mmm yyyy"
    # A day typed there by Excel is a date cell, read as that day.
    book = openpyxl.load_workbook(path)
    book["Settings"]["B2"] = dt.datetime(2026, 11, 26)
    book["Settings"]["B2"].number_format = "d mmm yyyy"
    book.save(path)
    assert validate(path).report.as_of == D(2026, 11, 26)
