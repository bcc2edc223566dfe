"""One test per rule: the valid baseline, one cell changed, the exact issue asserted."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Change, D

FIELDS = ["code", "cell", "severity"]


def cell(sheet: str, index: int, header: str, value: Any) -> Change:
    """Set one cell of the baseline: row `index` (0 = first data row) of `sheet`."""

    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        sheets[sheet][index][header] = value

    return change


def add_row(sheet: str, row: dict[str, Any]) -> Change:
    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        sheets[sheet].append(row)

    return change


def test_baseline_is_valid(check):
    report = check()
    assert report.issues == []
    assert report.valid


# -- structure ---------------------------------------------------------------------------------


def test_missing_sheet(check):
    report = check(lambda s: s.pop("Meetings"))
    assert report.flatten(["code", "sheet", "severity"]) == [["missing-sheet", None, "error"]]
    assert "Meetings" in report.issues[0].message


@pytest.mark.parametrize("sheet", ["Withdrawals", "States", "Casualties"])
def test_a_renamed_sheet_is_one_error_and_the_checks_wait_for_it(check, sheet):
    """Without the sheet, its rows would seem gone: every Withdrawn status an error whose hint is
    to add what is there, every source it cites uncited, with the hint to delete the row."""
    report = check(lambda s: s.update({f"{sheet}x": s.pop(sheet)}))
    assert report.flatten(["code", "severity"]) == [["missing-sheet", "error"]]
    hint = report.issues[0].hint or ""
    assert f"The sheet '{sheet}x' looks like it: rename it '{sheet}'" in hint
    assert hint.endswith("the checks of the data run once every sheet is there")


def test_settings_sheet_is_optional(check):
    assert check(lambda s: s.pop("Settings")).issues == []


def test_missing_required_column(check):
    headers = {"Withdrawals": ["State", "Announced", "Effective", "Reference", "Notes", "Source"]}
    report = check(headers=headers)
    assert report.flatten(["code", "cell", "severity"]) == [["missing-column", "Withdrawals!1:1", "error"]]
    assert "'Notified'" in report.issues[0].message


def test_missing_optional_column_is_fine(check):
    headers = {"Withdrawals": ["State", "Notified", "Effective"]}
    assert check(headers=headers).issues == []


def test_duplicate_header(check):
    headers = {"Suspensions": ["State", "Announced", "Notified", "Notified", "Notes", "Source"]}
    report = check(headers=headers)
    assert report.flatten(FIELDS) == [["duplicate-header", "Suspensions!D1", "error"]]


def test_unknown_column_is_kept_with_a_warning(check):
    headers = {"Suspensions": ["State", "Announced", "Notified", "Reference", "Notes", "Sources"]}
    report = check(headers=headers)
    assert report.flatten(FIELDS) == [["unknown-column", "Suspensions!F1", "warning"]]
    assert report.issues[0].hint == "did you mean 'Source'?"
    assert report.valid


def test_headers_match_ignoring_case_spaces_and_order(check):
    headers = {"Withdrawals": ["  notified ", "STATE", "Effective", "announced"]}
    assert check(headers=headers).issues == []


# -- values ------------------------------------------------------------------------------------


def test_required_value_missing(check):
    report = check(cell("Withdrawals", 1, "Notified", None))
    assert report.flatten(FIELDS) == [["required-value-missing", "Withdrawals!C3", "error"]]


def test_a_required_text_cell_holding_only_spaces_is_missing(check):
    report = check(cell("Meetings", 0, "Meeting", "   "))
    assert report.flatten(FIELDS) == [["required-value-missing", "Meetings!A2", "error"]]


def test_not_allowed_value_suggests_the_closest(check):
    report = check(cell("States", 0, "Region", "Europe"))
    assert report.flatten(FIELDS) == [["not-allowed-value", "States!C2", "error"]]
    assert report.issues[0].hint == "did you mean 'Europe, Caucasus and Central Asia'?"


def test_allowed_value_in_other_capitals_is_read_with_a_warning(check):
    report = check(cell("States", 0, "Status", "state party"))
    assert report.flatten(FIELDS) == [["allowed-value-spelled-differently", "States!D2", "warning"]]
    assert "read as 'State Party'" in report.issues[0].message


def test_suspended_status_is_an_error(check):
    report = check(cell("States", 1, "Status", "Suspended"))
    assert report.flatten(FIELDS) == [["suspended-status", "States!D3", "error"]]
    assert "no suspension mechanism" in report.issues[0].message


def test_invalid_iso3(check):
    report = check(cell("States", 0, "ISO3", "NRW"))
    assert report.flatten(FIELDS) == [["invalid-iso3", "States!B2", "error"]]


def test_duplicate_state(check):
    report = check(cell("States", 1, "State", "norway"))
    codes = report.flatten(FIELDS)
    assert ["duplicate-key", "States!A3", "error"] in codes
    assert "row 2" in report.issues[0].message


def test_duplicate_iso3(check):
    report = check(cell("States", 1, "ISO3", "NOR"))
    assert report.flatten(FIELDS) == [
        ["state-name-mismatch", "States!A3", "error"],  # Ukraine is not a name of NOR
        ["duplicate-key", "States!B3", "error"],
    ]


def test_casualties_same_year_different_edition_is_not_a_duplicate(check):
    row = {"Year": 2023, "Country": "Global", "Total": 5757, "Edition": "Landmine Monitor 2025"}
    assert check(add_row("Casualties", row)).issues == []


def test_casualties_duplicate_country_year_edition(check):
    row = {"Year": 2024, "Country": "Ukraine", "Total": 300, "Edition": "Landmine Monitor 2025"}
    report = check(add_row("Casualties", row))
    assert report.flatten(FIELDS) == [["duplicate-key", "Casualties!B5", "error"]]


def test_duplicate_meeting_short_name(check):
    row = {"Meeting": "Another", "Short name": "22msp", "Type": "MSP"}
    report = check(add_row("Meetings", row))
    assert report.flatten(FIELDS) == [["duplicate-key", "Meetings!B3", "error"]]


def test_key_with_spaces_is_a_warning_and_still_matches(check):
    report = check(cell("Withdrawals", 0, "State", " Estonia\n"))
    assert report.flatten(FIELDS) == [["untrimmed-text", "Withdrawals!A2", "warning"]]


def test_an_ambiguous_date_typed_as_text_is_an_error_with_a_hint(check):
    report = check(cell("Withdrawals", 1, "Notified", "10/07/2025"))
    assert report.flatten(FIELDS) == [["ambiguous-date", "Withdrawals!C3", "error"]]
    assert report.issues[0].message.endswith(
        "Notified: '10/07/2025' is not a date (it could be 10 July 2025 or 7 October 2025)"
    )
    assert report.issues[0].hint.startswith(
        "type the month in words (10 July 2025) or the year first (2025-07-10)"
    )


def test_a_date_typed_as_text_without_doubt_is_read_with_a_warning(check):
    report = check(cell("Withdrawals", 1, "Notified", "10 July 2025"))
    assert report.flatten(FIELDS) == [["date-as-text", "Withdrawals!C3", "warning"]]
    assert report.issues[0].message.endswith("is a date typed as text ('10 July 2025'); read as 10 July 2025")


def test_a_day_first_date_typed_as_text_is_read_where_only_one_day_fits(check):
    report = check(cell("Withdrawals", 1, "Announced", "13/04/2025"))
    assert report.flatten(FIELDS) == [["date-as-text", "Withdrawals!B3", "warning"]]
    assert report.issues[0].message.endswith("read as 13 April 2025")


def test_a_text_date_with_no_such_day_is_not_a_real_date(check):
    report = check(cell("Withdrawals", 1, "Notified", "31/06/2025"))
    assert report.flatten(FIELDS) == [["invalid-date", "Withdrawals!C3", "error"]]
    assert report.issues[0].message.endswith("'31/06/2025' is not a real date")


def test_iso_date_as_text_is_accepted_with_a_warning(check):
    report = check(cell("Withdrawals", 1, "Notified", "2025-07-10"))
    assert report.flatten(FIELDS) == [["iso-date-as-text", "Withdrawals!C3", "warning"]]


def test_text_in_a_date_column(check):
    report = check(cell("Withdrawals", 1, "Notified", "soon"))
    assert report.flatten(FIELDS) == [["wrong-type", "Withdrawals!C3", "error"]]


def test_number_stored_as_text_is_accepted_with_a_warning(check):
    report = check(cell("Casualties", 1, "Total", "6,279"))
    assert report.flatten(FIELDS) == [["number-as-text", "Casualties!C3", "warning"]]


def test_fractional_count(check):
    report = check(cell("Casualties", 2, "Total", 293.5))
    assert report.flatten(FIELDS) == [["not-whole-number", "Casualties!C4", "error"]]


def test_negative_count(check):
    report = check(cell("Casualties", 2, "Total", -5))
    assert report.flatten(FIELDS) == [["negative-count", "Casualties!C4", "error"]]


def test_percentage_out_of_range(check):
    report = check(cell("Casualties", 1, "Civilians %", 120))
    assert report.flatten(FIELDS) == [["out-of-range", "Casualties!H3", "error"]]


def test_percentage_typed_as_fraction_is_a_warning(check):
    report = check(cell("Casualties", 1, "Civilians %", 0.9))
    assert report.flatten(FIELDS) == [["percent-as-fraction", "Casualties!H3", "warning"]]


def test_year_out_of_range(check):
    report = check(cell("Casualties", 2, "Year", 1996))
    assert report.flatten(FIELDS) == [["out-of-range", "Casualties!A4", "error"]]


# -- references --------------------------------------------------------------------------------


def test_unknown_state_suggests_the_closest_name(check):
    report = check(cell("Withdrawals", 1, "State", "Finnland"))
    assert report.flatten(FIELDS) == [["unknown-state", "Withdrawals!A3", "error"]]
    assert report.issues[0].hint == "did you mean 'Finland'?"


def test_unknown_state_given_as_a_code(check):
    report = check(cell("Objections", 0, "Objection to", "UKR"))
    assert report.flatten(FIELDS) == [["unknown-state", "Objections!B2", "error"]]
    assert "'Ukraine'" in report.issues[0].hint


def test_casualty_country_may_be_global_but_not_anything(check):
    report = check(cell("Casualties", 2, "Country", "Globe"))
    assert report.flatten(FIELDS) == [["unknown-state", "Casualties!B4", "error"]]
    assert report.issues[0].hint == "did you mean 'Global'?"


def test_objection_needs_a_matching_action(check):
    report = check(cell("Objections", 0, "Action", "Withdrawal"))
    assert report.flatten(FIELDS) == [["objection-without-action", "Objections!B2", "error"]]


def test_state_does_not_object_to_itself(check):
    report = check(cell("Objections", 0, "Objecting state", "Ukraine"))
    assert report.flatten(FIELDS) == [["self-objection", "Objections!B2", "error"]]


# -- treaty rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signed", "ok"),
    [
        (D(1997, 12, 2), False),
        (D(1997, 12, 3), True),
        (D(1999, 2, 28), True),
        (D(1999, 3, 1), False),
    ],
)
def test_signature_window_boundaries(check, signed, ok):
    report = check(cell("States", 1, "Signed", signed))
    expected = [] if ok else [["signature-outside-window", "States!E3", "error"]]
    assert report.flatten(FIELDS) == expected


def test_accession_has_no_signature(check):
    report = check(cell("States", 3, "Signed", D(1998, 1, 1)))
    assert report.flatten(FIELDS) == [["accession-with-signature", "States!F5", "error"]]


def test_ratification_needs_a_signature(check):
    report = check(cell("States", 0, "Signed", None))
    assert report.flatten(FIELDS) == [["ratification-without-signature", "States!F2", "error"]]


def test_entry_into_force_mismatch_gives_the_right_date(check):
    report = check(cell("States", 1, "Entry into force", D(2006, 7, 1)))
    assert report.flatten(FIELDS) == [["entry-into-force-mismatch", "States!H3", "error"]]
    assert report.issues[0].hint.startswith(
        "Entry into force should be 1 June 2006: the first day of the sixth month"
    )


@pytest.mark.parametrize(
    ("deposited", "entry"),
    [
        (D(1998, 9, 16), D(1999, 3, 1)),  # the 40th instrument
        (D(1998, 9, 17), D(1999, 3, 1)),  # first after the 40th: sixth month after September
        (D(1998, 10, 1), D(1999, 4, 1)),
        (D(2012, 12, 27), D(2013, 6, 1)),
        (D(2012, 1, 31), D(2012, 7, 1)),  # deposit on the 31st
        (D(2019, 8, 31), D(2020, 2, 1)),
    ],
)
def test_entry_into_force_boundaries_are_accepted(check, deposited, entry):
    def change(sheets):
        sheets["States"][0].update(
            {"Signed": D(1997, 12, 3), "Deposited": deposited, "Entry into force": entry}
        )

    assert check(change).issues == []


def test_entry_into_force_one_day_off_at_the_40th_boundary(check):
    def change(sheets):
        sheets["States"][0].update({"Deposited": D(1998, 9, 16), "Entry into force": D(1999, 4, 1)})

    report = check(change)
    assert report.flatten(FIELDS) == [["entry-into-force-mismatch", "States!H2", "error"]]
    assert "1 March 1999" in report.issues[0].hint and "Article 17(1)" in report.issues[0].hint


def test_succession_is_exempt_from_article_17(check):
    report = check(cell("States", 7, "Entry into force", D(2011, 7, 9)))
    assert report.issues == []


def test_blank_entry_into_force_is_derived_not_an_error(check):
    assert check(cell("States", 1, "Entry into force", None)).issues == []


def test_withdrawal_effective_too_early(check):
    report = check(cell("Withdrawals", 1, "Effective", D(2026, 1, 9)))
    assert report.flatten(FIELDS) == [["withdrawal-effective-mismatch", "Withdrawals!D3", "error"]]
    assert "10 January 2026" in report.issues[0].hint


def test_withdrawal_effective_later_is_an_error_without_armed_conflict(check):
    report = check(cell("Withdrawals", 1, "Effective", D(2026, 1, 11)))
    assert report.flatten(FIELDS) == [["withdrawal-effective-late", "Withdrawals!D3", "error"]]
    assert "Armed conflict (Art. 20(3))" in report.issues[0].hint
    # the six months exactly is no issue
    assert check(cell("Withdrawals", 1, "Effective", D(2026, 1, 10))).issues == []


def test_withdrawal_effective_later_with_armed_conflict_is_accepted(check):
    def change(sheets):
        sheets["Withdrawals"][1].update({"Effective": D(2026, 6, 1), "Armed conflict (Art. 20(3))": "yes"})
        sheets["States"][3]["Status"] = "State Party"

    assert check(change, as_of=D(2026, 5, 31)).issues == []
    # on the day it takes effect, Finland is Withdrawn
    report = check(change, as_of=D(2026, 6, 1))
    assert report.flatten(FIELDS) == [["status-mismatch", "States!D5", "error"]]


def test_armed_conflict_with_blank_effective_is_pending(check):
    def change(sheets):
        sheets["Withdrawals"][1].update({"Effective": None, "Armed conflict (Art. 20(3))": "yes"})

    # as at 1 January 2026, before the six months: a State Party with a pending withdrawal
    assert check(change).issues == []
    # long after six months, still pending: a Status of Withdrawn is wrong
    report = check(change, as_of=D(2030, 1, 1))
    assert report.issues == []
    withdrawn = check(
        lambda s: (change(s), s["States"][3].update({"Status": "Withdrawn"})), as_of=D(2030, 1, 1)
    )
    assert withdrawn.flatten(FIELDS) == [["status-mismatch", "States!D5", "error"]]
    assert "armed conflict" in withdrawn.issues[0].hint


def test_armed_conflict_takes_only_yes(check):
    report = check(cell("Withdrawals", 1, "Armed conflict (Art. 20(3))", "no"))
    assert report.flatten(FIELDS) == [["not-allowed-value", "Withdrawals!E3", "error"]]


def test_withdrawal_notified_31_august_takes_effect_end_of_february(check):
    def change(sheets):
        sheets["Withdrawals"][1].update({"Announced": None, "Notified": D(2025, 8, 31), "Effective": None})

    assert check(change, as_of=D(2026, 2, 27)).issues == []
    report = check(change, as_of=D(2026, 2, 28))
    assert report.flatten(FIELDS) == [["status-mismatch", "States!D5", "error"]]
    assert "28 February 2026" in report.issues[0].hint


def test_withdrawal_notified_31_august_in_a_leap_year(check):
    def change(sheets):
        sheets["Withdrawals"][1].update(
            {"Announced": None, "Notified": D(2023, 8, 31), "Effective": D(2024, 2, 28)}
        )
        sheets["States"][3]["Status"] = "Withdrawn"

    report = check(change)
    assert report.flatten(FIELDS) == [["withdrawal-effective-mismatch", "Withdrawals!D3", "error"]]
    assert "29 February 2024" in report.issues[0].hint


def test_withdrawal_by_a_state_that_was_not_party(check):
    def change(sheets):
        sheets["States"][3].update({"Deposited": D(2025, 8, 1), "Entry into force": D(2026, 2, 1)})

    report = check(change)
    assert ["withdrawal-by-non-party", "Withdrawals!C3", "error"] in report.flatten(FIELDS)


def test_status_the_day_before_a_withdrawal_takes_effect(check):
    # Finland's withdrawal takes effect on 10 January 2026: on the 9th it is still a State Party.
    assert check(as_of=D(2026, 1, 9)).issues == []
    report = check(as_of=D(2026, 1, 10))
    assert report.flatten(FIELDS) == [["status-mismatch", "States!D5", "error"]]
    assert "should be Withdrawn" in report.issues[0].message


def test_withdrawn_before_the_withdrawal_takes_effect(check):
    report = check(cell("States", 3, "Status", "Withdrawn"))
    assert report.flatten(FIELDS) == [["status-mismatch", "States!D5", "error"]]
    assert "10 January 2026" in report.issues[0].hint


def test_withdrawn_without_any_withdrawal(check):
    report = check(cell("States", 0, "Status", "Withdrawn"))
    assert report.flatten(FIELDS) == [["status-mismatch", "States!D2", "error"]]


def test_derived_withdrawal_date_counts_for_status(check):
    # Effective left blank: derived as 27 December 2025 from the notification.
    assert check(cell("Withdrawals", 0, "Effective", None)).issues == []


def test_a_suspension_does_not_change_status(check):
    report = check(cell("States", 1, "Status", "Not party"))
    assert report.flatten(FIELDS) == [["status-mismatch", "States!D3", "error"]]


def test_not_party_with_a_deposit_is_a_mismatch(check):
    report = check(cell("States", 4, "Status", "Signatory"))
    assert report.flatten(FIELDS) == [["status-mismatch", "States!D6", "error"]]


def test_parties_without_deposit_reported_once_with_their_cells(check):
    def change(sheets):
        for row in sheets["States"][:2]:
            row.update({"Deposited": None, "Entry into force": None})

    report = check(change)
    assert report.flatten(["code", "severity", "cells"]) == [
        ["party-without-deposit", "warning", ["States!G2", "States!G3"]]
    ]
    assert report.issues[0].message.startswith("2 States Parties have no Deposited date")


@pytest.mark.parametrize(
    ("sheet", "index", "header", "value", "where"),
    [
        ("States", 0, "Deposited", D(1997, 12, 2), "States!G2"),
        ("Withdrawals", 0, "Announced", D(2025, 6, 28), "Withdrawals!C2"),
        ("Suspensions", 0, "Announced", D(2025, 7, 19), "Suspensions!C2"),
    ],
)
def test_dates_in_order(check, sheet, index, header, value, where):
    report = check(cell(sheet, index, header, value))
    assert ["date-order", where, "error"] in report.flatten(FIELDS)


def test_objection_before_the_action(check):
    report = check(cell("Objections", 0, "Date", D(2025, 7, 17)))
    assert report.flatten(FIELDS) == [["objection-before-action", "Objections!D2", "error"]]


def test_a_signed_date_alone_makes_a_signatory_from_its_day(check):
    def change(sheets):
        sheets["States"][5].update({"Status": "Not party", "Signed": D(1997, 12, 3)})

    report = check(change)
    assert report.flatten(FIELDS) == [["status-mismatch", "States!D7", "error"]]
    assert "should be Signatory" in report.issues[0].message
    assert (
        check(lambda s: s["States"][5].update({"Status": "Signatory", "Signed": D(1997, 12, 3)})).issues == []
    )


def test_the_data_date_comes_from_settings(check):
    def data_as_at(value):
        return cell("Settings", 1, "Value", value)

    # Finland's withdrawal takes effect on 10 January 2026
    assert check(data_as_at("2026-01-09"), as_of=None).issues == []
    report = check(data_as_at("2026-01-10"), as_of=None)
    assert report.flatten(FIELDS) == [["status-mismatch", "States!D5", "error"]]
    assert report.as_of == D(2026, 1, 10)
    assert check(data_as_at("10 January 2026"), as_of=None).as_of == D(2026, 1, 10)
    # validate --data-date sets it for one run, whatever Settings say
    assert check(data_as_at("2026-01-10"), as_of=D(2026, 1, 9)).issues == []


def test_a_data_date_typed_as_a_date_cell(check):
    # Excel turns a typed 2026-01-10 into a date cell: that is the day, not a wrong type
    report = check(cell("Settings", 1, "Value", D(2026, 1, 10)), as_of=None)
    assert report.as_of == D(2026, 1, 10)
    assert report.flatten(FIELDS) == [["status-mismatch", "States!D5", "error"]]
    # in other text columns a date cell is still the wrong type
    wrong = check(cell("Meetings", 0, "City", D(2026, 1, 10)))
    assert wrong.flatten(FIELDS) == [["wrong-type", "Meetings!F2", "error"]]


@pytest.mark.parametrize("value", ["next week", "1997-12-02"])
def test_a_data_date_that_is_not_usable(check, value):
    report = check(cell("Settings", 1, "Value", value), as_of=D(2026, 1, 1))
    assert report.flatten(FIELDS) == [["data-date-invalid", "Settings!B3", "error"]]


def test_future_dates_are_errors_except_what_the_treaty_dates_ahead(check):
    report = check(cell("Objections", 0, "Date", D(2026, 1, 2)))
    assert report.flatten(FIELDS) == [["future-date", "Objections!D2", "error"]]
    # Finland's withdrawal takes effect after the as-at date: that is no error.
    assert check(as_of=D(2025, 12, 31)).issues == []


def test_undated_objections_reported_once(check):
    report = check(cell("Objections", 0, "Date", None))
    assert report.flatten(["code", "severity", "cells"]) == [
        ["objection-undated", "warning", ["Objections!D2"]]
    ]


# -- casualties and meetings ---------------------------------------------------------------------


def test_casualty_total_is_the_sum_of_its_parts(check):
    report = check(cell("Casualties", 1, "Total", 6280))
    assert report.flatten(FIELDS) == [["casualty-sum-mismatch", "Casualties!C3", "error"]]


def test_casualty_parts_exceed_total_when_one_is_missing(check):
    def change(sheets):
        sheets["Casualties"][1].update({"Unknown": None, "Total": 6000})

    report = check(change)
    assert report.flatten(FIELDS) == [["casualty-parts-exceed-total", "Casualties!C3", "error"]]


@pytest.mark.parametrize(("header", "column"), [("Civilians", "G"), ("Children", "I")])
def test_part_exceeds_total(check, header, column):
    report = check(cell("Casualties", 2, header, 294))
    assert report.flatten(FIELDS) == [[f"{header.lower()}-exceed-total", f"Casualties!{column}4", "error"]]


def test_count_and_percentage_agree(check):
    def change(sheets):
        sheets["Casualties"][1].update({"Civilians": 5651})  # 90.0% of 6,279

    assert check(change).issues == []
    report = check(lambda s: s["Casualties"][1].update({"Civilians": 5000}))
    assert report.flatten(FIELDS) == [["percentage-mismatch", "Casualties!H3", "warning"]]


def test_child_share_of_another_basis_is_not_compared(check):
    def change(sheets):
        sheets["Casualties"][1].update(
            {"Children": 1498, "Children %": 46, "Children % basis": "share of civilian casualties"}
        )

    assert check(change).issues == []


def test_tenfold_change_in_the_same_edition(check):
    row = {"Year": 2023, "Country": "Ukraine", "Total": 293, "Edition": "Landmine Monitor 2025"}
    report = check(add_row("Casualties", {**row, "Total": 30}))
    assert report.issues == []  # 293 in 2024 vs 30 in 2023: less than tenfold
    report = check(add_row("Casualties", {**row, "Total": 29}))
    assert report.flatten(FIELDS) == [["tenfold-change", "Casualties!C4", "warning"]]


@pytest.mark.parametrize(("year", "ok"), [(2026, True), (2027, False), (2031, False)])
def test_casualty_year_after_the_data_date_year(check, year, ok):
    report = check(cell("Casualties", 2, "Year", year))  # data date 1 January 2026
    found = [f for f in report.flatten(FIELDS) if f[0] == "casualty-year-future"]
    assert found == ([] if ok else [["casualty-year-future", "Casualties!A4", "error"]])


def test_meeting_ends_before_it_starts(check):
    report = check(cell("Meetings", 0, "Ends", D(2025, 11, 30)))
    assert report.flatten(FIELDS) == [["meeting-dates-order", "Meetings!E2", "error"]]


def test_every_issue_names_its_cell_header_and_value(check):
    report = check(cell("Withdrawals", 1, "Notified", "10/07/2025"))
    issue = report.issues[0]
    assert (issue.sheet, issue.row, issue.column, issue.header, issue.value) == (
        "Withdrawals",
        3,
        "C",
        "Notified",
        "10/07/2025",
    )
    # the row's subject first: Withdrawals rows are about a state
    assert issue.subject == "Finland"  # the row's subject, kept apart from the message
    assert (
        issue.message == "Notified: '10/07/2025' is not a date (it could be 10 July 2025 or 7 October 2025)"
    )
    assert issue.text == f"Finland – {issue.message}"


def test_iso3_codes_match_pycountry():
    import pycountry

    from report_tool.domain.names import iso3_codes

    assert iso3_codes() == {country.alpha_3 for country in pycountry.countries}
