"""Messages name the row's subject, carry a hint, and say what waits on an unreadable value."""

from __future__ import annotations

from typing import Any

from conftest import D


def _set(sheet: str, index: int, header: str, value: Any):
    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        sheets[sheet][index][header] = value

    return change


def test_a_states_row_is_named_by_its_state(check):
    report = check(_set("States", 0, "Status", "Withdrawn"))  # Norway
    [issue] = report.issues
    assert issue.cell == "States!D2"
    assert issue.text.startswith("Norway – Status is Withdrawn, but ")


def test_a_casualty_row_is_named_by_its_country_and_year(check):
    report = check(_set("Casualties", 2, "Total", -3))  # Ukraine, 2024
    [issue] = report.issues
    assert (issue.cell, issue.subject, issue.message) == (
        "Casualties!C4",
        "Ukraine 2024",
        "Total: -3 is negative",
    )


def test_a_meeting_is_named_by_its_short_name(check):
    report = check(_set("Meetings", 0, "Ends", D(2025, 11, 30)))
    [issue] = report.issues
    assert issue.text == "22MSP – Ends: 30 November 2025 is before Starts (1 December 2025)"


def test_no_subject_where_the_message_is_about_the_subject_itself(check):
    report = check(_set("Withdrawals", 1, "State", "Finnland"))
    assert report.issues[0].message == "State: 'Finnland' is not a state on the States sheet"


def test_a_percentage_out_of_range_has_a_hint(check):
    report = check(_set("Casualties", 1, "Civilians %", 150))
    [issue] = report.issues
    assert issue.text == "Global 2024 – Civilians %: 150 is not a percentage from 0 to 100"
    assert issue.hint is not None and "from 0 to 100 (90 for 90%)" in issue.hint


def test_every_reading_problem_has_a_hint(check):
    def change(sheets):
        sheets["Casualties"][2].update({"Total": 2.5, "Year": 1990})
        sheets["States"][0].update({"Signed": True})
        sheets["Meetings"][0].update({"City": D(2025, 1, 1)})
        sheets["Withdrawals"][0].update({"Notified": "2025-02-30"})

    report = check(change)
    assert {i.code for i in report.issues} >= {
        "not-whole-number",
        "out-of-range",
        "wrong-type",
        "invalid-date",
    }
    assert [i.cell for i in report.issues if not i.hint] == []


def test_an_unreadable_date_says_which_check_waits_on_it(check):
    # Estonia's withdrawal date typed as text: its status cannot be checked until it is a date.
    report = check(_set("Withdrawals", 0, "Notified", "27.06.25"))
    [issue] = report.issues
    assert (issue.cell, issue.code) == ("Withdrawals!C2", "invalid-date")
    assert issue.hint is not None and issue.hint.endswith(
        "; the Status of Estonia (States!D4) not checked until Notified is a date"
    )


def test_an_unreadable_deposit_date_holds_back_the_status_check_and_says_so(check):
    report = check(_set("States", 0, "Deposited", "9 July 1998x"))
    assert [(i.cell, i.code) for i in report.issues] == [("States!G2", "wrong-type")]
    assert "the Status of Norway (States!D2) not checked until Deposited is a date" in report.issues[0].hint


def test_an_unreadable_notification_date_holds_back_the_effective_date_check(check):
    report = check(_set("Withdrawals", 1, "Notified", "next July"))  # Finland
    assert [(i.cell, i.code) for i in report.issues] == [("Withdrawals!C3", "wrong-type")]
    hint = report.issues[0].hint
    assert "; Effective not checked until Notified is a date" in hint
    assert "; the Status of Finland (States!D5) not checked until Notified is a date" in hint
