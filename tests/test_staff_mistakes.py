"""The rules and messages staff trip on in their first days (issue 25): each mistake made in the
valid baseline, the message and its cell read back, through the command line where it matters."""

from __future__ import annotations

from typing import Any

import openpyxl
from click.testing import CliRunner

from conftest import EUROPE, D, baseline, write_rows
from report_tool.cli import cli


def run(*args: str):
    """The command as typed; the workbook's own Settings give the data date."""
    return CliRunner().invoke(cli, list(args))


def issue_at(report, cell: str):
    [found] = [i for i in report.issues if i.cell == cell]
    return found


# -- a withdrawal without its dates --------------------------------------------------------------


def test_a_withdrawal_without_dates_claims_no_armed_conflict(make_workbook):
    """Estonia, Withdrawn, with Notified and Effective blank: nothing was said of an armed conflict,
    so the hint says what the status check waits for instead."""

    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        sheets["Withdrawals"][0].update({"Notified": None, "Effective": None})

    path = make_workbook(change)
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "armed conflict" not in result.output
    lines = result.output.splitlines()
    [notified] = [n for n, line in enumerate(lines) if line.startswith("  Withdrawals!C2  error")]
    assert "Notified" in lines[notified]
    assert "the Status of Estonia (States!D4) not checked until Notified is filled in" in lines[notified + 1]
    assert not any(line.startswith("  States!D4") for line in lines)


def test_a_pending_withdrawal_names_the_armed_conflict_it_rests_on(check):
    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        sheets["Withdrawals"][1].update({"Effective": None, "Armed conflict (Art. 20(3))": "yes"})
        sheets["States"][3]["Status"] = "Withdrawn"

    issue = issue_at(check(change, as_of=D(2030, 1, 1)), "States!D5")
    assert issue.hint is not None
    assert issue.hint.startswith("Armed conflict (Art. 20(3)) is yes and Effective is blank")


# -- allowed values ------------------------------------------------------------------------------


def test_an_allowed_value_matches_without_regard_to_case_and_spacing(make_workbook, tmp_path):
    """'state party' and 'Not  Party' are read as the list has them, with a warning that shows
    the list's form; the reports count them as typed right."""

    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        sheets["States"][0]["Status"] = "state party"  # Norway
        sheets["States"][5]["Status"] = " Not  Party"  # the United States

    path = make_workbook(change)
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "  States!D2  warning  Norway – Status: 'state party' differs from the list's 'State Party' in "
        "its capitals; read as 'State Party'  [allowed-value-spelled-differently]"
    ) in lines
    assert any(
        line.startswith("  States!D7  warning  United States of America – Status: ' Not  Party' differs")
        and "in its capitals and spaces; read as 'Not party'" in line
        for line in lines
    )
    assert lines[-1] == f"{path.name}: 0 errors, 2 warnings"
    generated = run("generate", str(path), "-o", str(tmp_path / "out"))
    assert generated.exit_code == 0, generated.output


def test_a_suggestion_never_turns_a_status_into_its_negation(check):
    report = check(lambda s: s["States"][0].update({"Status": "Party"}))
    [issue] = report.issues
    assert (issue.code, issue.cell) == ("not-allowed-value", "States!D2")
    assert issue.hint == "did you mean 'State Party'?"
    negated = check(lambda s: s["States"][5].update({"Status": "Not a party"}))
    assert negated.issues[0].hint == "did you mean 'Not party'?"


# -- numbers and spaces as typed ------------------------------------------------------------------


def test_a_year_stored_as_text_is_read_as_a_year(check):
    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        sheets["Casualties"][0]["Year"] = "2023"
        sheets["Casualties"][2]["Total"] = "1234567"  # Ukraine 2024, a total without parts

    report = check(change)
    year = issue_at(report, "Casualties!A2")
    assert year.message == "Year is a number stored as text ('2023'); read as 2023"
    total = issue_at(report, "Casualties!C4")
    assert total.message.endswith("is a number stored as text ('1234567'); read as 1,234,567")


def test_a_double_space_inside_a_name_is_said_as_such(make_workbook):
    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        sheets["Withdrawals"][0]["State"] = "Estonia "
        sheets["States"][5]["State"] = "United  States of America"

    result = run("validate", str(make_workbook(change)))
    assert result.exit_code == 0, result.output
    assert "  Withdrawals!A2  warning  State has spaces around it; read as 'Estonia'" in result.output
    assert (
        "  States!A7  warning  State has a double space inside; read as 'United States of America'"
        in result.output
    )
    assert "around 'United States of America'" not in result.output


# -- a renamed sheet ------------------------------------------------------------------------------


def test_a_sheet_renamed_casualty_gets_did_you_mean(tmp_path):
    sheets = baseline()
    path = write_rows(tmp_path / "renamed.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    book["Casualties"].title = "Casualty"
    book.save(path)
    result = run("validate", str(path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    [message] = [n for n, line in enumerate(lines) if "no sheet named 'Casualties'" in line]
    assert lines[message + 1].strip() == (
        "hint: did you mean 'Casualties'? The sheet 'Casualty' looks like it: rename it 'Casualties'; "
        "the checks of the data run once every sheet is there"
    )


def test_a_missing_sheet_with_nothing_like_it_says_how_to_add_it(check):
    report = check(lambda s: s.pop("Meetings"))
    [issue] = report.issues
    assert issue.hint == (
        "add a sheet named 'Meetings'; `report-tool init` shows the layout; the checks of the data run "
        "once every sheet is there"
    )


# -- the Monitor's other areas --------------------------------------------------------------------

KOSOVO = {"Year": 2024, "Country": "Kosovo", "Total": 12, "Edition": "Landmine Monitor 2025"}


def _rows_with(tables, text: str) -> list[list[str]]:
    return [row for table in tables for row in table if any(text in str(cell) for cell in row)]


def test_an_other_area_is_accepted_on_casualties_and_labelled_in_both_reports(make_workbook, tmp_path):
    import docx

    plain = make_workbook()
    path = make_workbook(lambda s: s["Casualties"].append(dict(KOSOVO)))
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"{path.name}: 0 errors, 0 warnings"
    for workbook, folder in ((plain, tmp_path / "plain"), (path, tmp_path / "areas")):
        generated = run("generate", str(workbook), "-o", str(folder))
        assert generated.exit_code == 0, generated.output
    [briefing] = (tmp_path / "areas").glob("*.docx")
    [summary] = (tmp_path / "areas").glob("*.xlsx")
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(briefing)).tables]
    [kosovo] = _rows_with(tables, "Kosovo")
    assert kosovo[:3] == ["Kosovo (other area)", "12", "Not a state"]
    book = openpyxl.load_workbook(summary, read_only=True)
    sheets = [[list(r) for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames]
    assert {row[0] for row in _rows_with(sheets, "Kosovo")} == {"Kosovo (other area)"}
    # never counted as a state: the briefing's counts of states are those of the workbook without it
    [plain_briefing] = (tmp_path / "plain").glob("*.docx")
    plain_tables = [
        [[c.text for c in r.cells] for r in t.rows] for t in docx.Document(str(plain_briefing)).tables
    ]
    for label in ("States Parties", "States not party"):
        assert _rows_with(tables, label) == _rows_with(plain_tables, label) != []


def test_an_earlier_spelling_of_an_area_is_read_as_the_monitors_now(check):
    row = dict(KOSOVO, Country="Nagorny-Karabakh")
    report = check(lambda s: s["Casualties"].append(row))
    [issue] = report.issues
    assert (issue.code, issue.cell, issue.severity.value) == (
        "state-named-differently",
        "Casualties!B5",
        "warning",
    )
    assert "read as 'Nagorno-Karabakh', an area the Landmine Monitor lists apart from states" in issue.message


def test_a_misspelt_area_gets_did_you_mean(check):
    report = check(lambda s: s["Casualties"].append(dict(KOSOVO, Country="Somalilend")))
    [issue] = report.issues
    assert (issue.code, issue.hint) == ("unknown-state", "did you mean 'Somaliland'?")


def test_an_area_on_the_states_sheet_is_refused_as_a_state(make_workbook):
    row = {"State": "Western Sahara", "Region": "Africa", "Status": "Not party"}
    path = make_workbook(lambda s: s["States"].append(row))
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert (
        "  States!A10  error  State: 'Western Sahara' is not a state: the Landmine Monitor lists it among "
        "the other areas, apart from states  [area-on-states]"
    ) in result.output.splitlines()


def test_taiwan_is_not_an_area_the_monitor_was_found_listing(check):
    report = check(lambda s: s["Casualties"].append(dict(KOSOVO, Country="Taiwan")))
    assert [i.code for i in report.issues] == ["unknown-state"]


# -- common and former names ----------------------------------------------------------------------

MORE_STATES = [
    {"State": "Türkiye", "ISO3": "TUR", "Region": EUROPE, "Status": "Not party"},
    {"State": "Myanmar", "ISO3": "MMR", "Region": "Asia-Pacific", "Status": "Not party"},
    {"State": "Côte d'Ivoire", "ISO3": "CIV", "Region": "Africa", "Status": "Not party"},
    {"State": "United Kingdom", "ISO3": "GBR", "Region": EUROPE, "Status": "Not party"},
    {
        "State": "Syrian Arab Republic",
        "ISO3": "SYR",
        "Region": "Middle East and North Africa",
        "Status": "Not party",
    },
]


def _with_states(sheets: dict[str, list[dict[str, Any]]]) -> None:
    sheets["States"].extend(dict(row) for row in MORE_STATES)


def test_common_and_former_names_on_another_sheet_are_read_as_the_states_sheets(make_workbook):
    """'Burma', 'Ivory Coast', 'UK', 'Turkey' and 'Syria' on Casualties: each a warning, read as
    the States sheet's (official) name, saying what kind of name it is."""
    typed = ["Turkey", "Burma", "Ivory Coast", "UK", "Syria"]

    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        _with_states(sheets)
        for name in typed:
            sheets["Casualties"].append(
                {"Year": 2024, "Country": name, "Total": 5, "Edition": "Landmine Monitor 2025"}
            )

    result = run("validate", str(make_workbook(change)))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("  Casualties!B")]
    assert lines == [
        f"  Casualties!B{row}  warning  Country: '{name}' ({kind}) is not the name on the States sheet; "
        f"read as {state!r} ({code})  [state-named-differently]"
        for row, name, kind, state, code in (
            (5, "Turkey", "a former UN name", "Türkiye", "TUR"),
            (6, "Burma", "a former name", "Myanmar", "MMR"),
            (7, "Ivory Coast", "a common English name", "Côte d'Ivoire", "CIV"),
            (8, "UK", "an abbreviation", "United Kingdom", "GBR"),
            (9, "Syria", "a common name", "Syrian Arab Republic", "SYR"),
        )
    ]


def test_a_common_name_on_the_states_sheet_leads_to_the_official_one(check):
    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        _with_states(sheets)
        sheets["States"][8]["State"] = "Turkey"
        sheets["States"][12]["State"] = "Syria"

    report = check(change)
    assert report.flatten(["code", "cell", "severity"]) == [
        ["state-common-name", "States!A10", "warning"],
        ["state-common-name", "States!A14", "warning"],
    ]
    turkey, syria = report.issues
    assert turkey.message == "State: 'Turkey' is a former UN name of Türkiye (TUR), not its official name"
    assert turkey.hint == (
        "the reports print 'Türkiye' for it: use that name here too, so that the workbook and the "
        "reports name the state one way"
    )
    assert (
        syria.message
        == "State: 'Syria' is a common name of Syrian Arab Republic (SYR), not its official name"
    )


def test_the_official_name_elsewhere_points_back_at_a_common_name_on_states(check):
    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        _with_states(sheets)
        sheets["States"][9]["State"] = "Burma"
        sheets["Casualties"].append(
            {"Year": 2024, "Country": "Myanmar", "Total": 5, "Edition": "Landmine Monitor 2025"}
        )

    report = check(change)
    casualty = issue_at(report, "Casualties!B5")
    assert casualty.hint == "'Myanmar' is its official name: correct the States sheet's 'Burma' (States!A11)"


def test_the_reports_print_the_official_name_of_a_state_typed_with_a_common_one(make_workbook, tmp_path):
    import docx

    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        _with_states(sheets)
        sheets["States"][11]["State"] = "UK"
        sheets["Objections"].append(
            {"Objecting state": "United Kingdom", "Objection to": "Ukraine", "Action": "Suspension"}
        )

    path = make_workbook(change)
    result = run("generate", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "States!A13" in result.output  # the warning at the States row, shown before writing
    [briefing] = (tmp_path / "out").glob("*.docx")
    cells = [c.text for t in docx.Document(str(briefing)).tables for row in t.rows for c in row.cells]
    assert "United Kingdom" in cells
    assert "UK" not in cells
