"""State names: a name fits its ISO3 code, other sheets' names are matched through it, and
"did you mean" says which of two spellings looks right."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from conftest import EUROPE
from report_tool.domain.model import build_model
from report_tool.validation.checks import references
from report_tool.validation.validate import validate

FIELDS = ["code", "cell", "severity"]
FINLAND = 3  # Finland's index on the baseline's States sheet (row 5)


def _rename_state(index: int, name: str):
    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        sheets["States"][index]["State"] = name

    return change


def test_a_name_that_does_not_fit_its_code_is_reported_on_the_states_row(check):
    report = check(_rename_state(FINLAND, "Finnland"))
    # Withdrawals names it Finland, which is FIN: matched through the code, with a warning there.
    assert report.flatten(FIELDS) == [
        ["state-name-mismatch", "States!A5", "error"],
        ["state-named-differently", "Withdrawals!A3", "warning"],
    ]
    on_states, on_withdrawals = report.issues
    assert on_states.message == "State: 'Finnland' is not a name of FIN (Finland)"
    assert on_states.hint == "did you mean 'Finland'? If the name is right, check the ISO3 code"
    assert on_withdrawals.message.endswith(
        "State: 'Finland' is not the name on the States sheet; read as 'Finnland' (FIN)"
    )
    assert on_withdrawals.hint == (
        "'Finland' looks right, as a name of FIN; 'Finnland' on the States sheet does not: "
        "correct it there (States!A5)"
    )


def test_a_name_of_another_code_says_so(check):
    def change(sheets):
        sheets["States"][0]["ISO3"] = "SWE"

    report = check(change)
    assert report.flatten(FIELDS) == [["state-name-mismatch", "States!A2", "error"]]
    assert report.issues[0].message == "State: 'Norway' is not a name of SWE (Sweden)"
    assert report.issues[0].hint == "'Norway' is NOR: correct the ISO3 code, or the name"


def _bolivia(sheets: dict[str, list[dict[str, Any]]]) -> None:
    sheets["States"].append(
        {
            "State": "Bolivia (Plurinational State of)",
            "ISO3": "BOL",
            "Region": "Americas",
            "Status": "Not party",
        }
    )
    sheets["Casualties"].append(
        {"Year": 2024, "Country": "Bolivia", "Total": 3, "Edition": "Landmine Monitor 2025"}
    )


def test_a_common_name_is_matched_through_the_code_with_a_warning(make_workbook):
    from conftest import AS_OF

    validation = validate(make_workbook(_bolivia), AS_OF)
    report = validation.report
    assert report.valid
    assert report.flatten(FIELDS) == [["state-named-differently", "Casualties!B5", "warning"]]
    assert report.issues[0].hint == (
        "use the States sheet's name, 'Bolivia (Plurinational State of)', so that every sheet names "
        "the state one way"
    )
    # The reports use the States sheet's name, so the figure belongs to the state.
    countries = {f.country for f in build_model(validation.workbook).casualties}
    assert "Bolivia (Plurinational State of)" in countries and "Bolivia" not in countries


def test_a_decomposed_name_is_the_same_name(check):
    composed = "Türkiye"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed

    def change(sheets):
        sheets["States"].append({"State": decomposed, "ISO3": "TUR", "Region": EUROPE, "Status": "Not party"})
        sheets["Casualties"].append(
            {"Year": 2024, "Country": composed, "Total": 3, "Edition": "Landmine Monitor 2025"}
        )

    assert check(change).issues == []


def test_did_you_mean_points_at_the_spelling_that_looks_right(check):
    def change(sheets):
        sheets["States"][FINLAND]["State"] = "Finnland"
        sheets["Withdrawals"][1]["State"] = "Finlnd"

    report = check(change)
    assert report.flatten(FIELDS) == [
        ["state-name-mismatch", "States!A5", "error"],
        ["unknown-state", "Withdrawals!A3", "error"],
    ]
    assert report.issues[1].hint == (
        "did you mean 'Finland'? It is FIN, which the States sheet spells 'Finnland': "
        "correct that one too (States!A5)"
    )


def test_a_misspelt_name_on_another_sheet_gets_the_states_spelling(check):
    report = check(lambda s: s["Withdrawals"][1].update({"State": "Finnland"}))
    assert report.flatten(FIELDS) == [["unknown-state", "Withdrawals!A3", "error"]]
    assert report.issues[0].hint == "did you mean 'Finland'?"


def test_the_suggestion_is_worked_out_once_per_distinct_name(check, monkeypatch):
    calls: list[str] = []
    real = references.closest

    def counting(name, candidates):
        calls.append(name)
        return real(name, candidates)

    monkeypatch.setattr(references, "closest", counting)

    def change(sheets):
        for year in range(1999, 2024):
            sheets["Casualties"].append(
                {"Year": year, "Country": "Atlantis", "Total": 1, "Edition": "Landmine Monitor 2025"}
            )

    report = check(change)
    assert [i.code for i in report.issues] == ["unknown-state"] * 25
    assert report.issues[0].hint == "add the state to the States sheet, or correct the name"
    assert calls == ["Atlantis"]


def test_every_state_of_the_un_list_fits_its_code():
    import csv

    from conftest import REPO

    with (REPO / "report_tool" / "data" / "un_names.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 197
    for row in rows:
        for key in ("workbook_name", "name_en"):
            assert references.name_fits_code(row[key], row["iso3"]), row
    assert references.name_fits_code("Côte d'Ivoire", "CIV")  # the UN's has a typographic apostrophe
    assert references.name_fits_code("South Korea", "KOR")  # pycountry's common name


def test_a_state_twice_once_decomposed_is_a_duplicate(check):
    def change(sheets):
        for form in ("NFC", "NFD"):
            name = unicodedata.normalize(form, "Türkiye")
            sheets["States"].append({"State": name, "ISO3": "TUR", "Region": EUROPE, "Status": "Not party"})

    report = check(change)
    assert ["duplicate-key", "States!A11", "error"] in report.flatten(FIELDS)


def test_an_objection_dated_before_an_action_named_differently_is_still_caught(check):
    def change(sheets):
        sheets["States"][FINLAND]["State"] = "Finland"
        sheets["Objections"].append(
            {
                "Objecting state": "Norway",
                "Objection to": "Republic of Finland",
                "Action": "Withdrawal",
                "Date": dt.date(2025, 7, 1),
            }
        )

    report = check(change)
    assert ["objection-before-action", "Objections!D3", "error"] in report.flatten(FIELDS)


def test_a_timeline_step_named_differently_belongs_to_the_state_in_the_reports(make_workbook):
    from conftest import AS_OF

    def change(sheets):
        sheets["Timeline"] = [
            {"State": "Republic of Finland", "Date": dt.date(2025, 7, 10), "Step": "Notified"}
        ]

    validation = validate(make_workbook(change), AS_OF)
    assert validation.report.flatten(FIELDS) == [["state-named-differently", "Timeline!A2", "warning"]]
    assert [s.state for s in build_model(validation.workbook).timeline] == ["Finland"]


def test_names_fold_one_way_for_every_owner():
    from report_tool.domain.names import fold_name

    typed = ["Côte d’Ivoire", unicodedata.normalize("NFD", "Côte d'Ivoire"), "  CÔTE   D'IVOIRE "]
    assert {fold_name(name) for name in typed} == {"côte d'ivoire"}
    assert fold_name("Türkiye") != fold_name("Turkiye")


def test_did_you_mean_says_capitals_only_when_only_capitals_differ():
    from report_tool.domain.names import did_you_mean

    choices = ["State Party", "Not party", "Withdrawn"]
    assert did_you_mean("state party", choices) == "did you mean 'State Party'? (check the capitals)"
    assert did_you_mean("Stat Party", choices) == "did you mean 'State Party'?"
    assert did_you_mean("Withdr", choices) == "did you mean 'Withdrawn'?"
    assert did_you_mean("Sovereign", choices) is None


def test_a_curly_apostrophe_on_another_sheet_is_the_states_name(check):
    ivory = "Côte d'Ivoire"

    def change(sheets):
        sheets["States"].append({"State": ivory, "ISO3": "CIV", "Region": "Africa", "Status": "Not party"})
        sheets["Casualties"].append(
            {"Year": 2024, "Country": "Côte d’Ivoire", "Total": 3, "Edition": "Landmine Monitor 2025"}
        )

    assert check(change).issues == []


def test_diff_matches_rows_on_names_folded_as_validation_folds_them(make_workbook):
    from conftest import AS_OF
    from report_tool.diff.compare import diff_workbooks

    def with_figure(country: str):
        def change(sheets):
            sheets["States"].append(
                {"State": "Côte d'Ivoire", "ISO3": "CIV", "Region": "Africa", "Status": "Not party"}
            )
            sheets["Casualties"].append(
                {"Year": 2024, "Country": country, "Total": 3, "Edition": "Landmine Monitor 2025"}
            )

        return make_workbook(change)

    old = with_figure("Côte d'Ivoire")
    new = with_figure(unicodedata.normalize("NFD", "Côte d’Ivoire"))
    found = diff_workbooks(old, new, AS_OF).to_dict()
    # One row, its spelling changed: not a figure removed and another added.
    assert (found["counts"]["rows_added"], found["counts"]["rows_removed"]) == (0, 0)
    assert [(c["column"], c["new_cell"]) for c in found["cells"]] == [("Country", "Casualties!B5")]
