"""Checks that look at each distinct value (or row of counts) once still say it on every row."""

from __future__ import annotations

FIELDS = ["code", "cell", "severity"]
WRONG_SUM = {"Total": 100, "Killed": 10, "Injured": 10, "Unknown": 10, "Edition": "Landmine Monitor 2025"}


def test_the_same_wrong_counts_on_two_rows_are_two_issues(check):
    def change(sheets):
        sheets["Casualties"] += [
            {"Year": 2022, "Country": "Ukraine", **WRONG_SUM},
            {"Year": 2023, "Country": "Ukraine", **WRONG_SUM},
        ]

    report = check(change)
    assert report.flatten(FIELDS) == [
        ["casualty-sum-mismatch", "Casualties!C5", "error"],
        ["casualty-sum-mismatch", "Casualties!C6", "error"],
    ]


def test_the_same_misspelt_unconfirmed_cell_on_two_rows_is_two_warnings(check):
    def change(sheets):
        for row in sheets["Withdrawals"][:2]:
            row["Unconfirmed"] = "Efective"

    report = check(change)
    found = [i for i in report.flatten(FIELDS) if i[0] == "unconfirmed-unknown-column"]
    assert len(found) == 2 and len({cell for _, cell, _ in found}) == 2


def test_a_key_twice_among_many_distinct_rows_is_found(check):
    def change(sheets):
        sheets["Casualties"] += [
            {"Year": year, "Country": "Ukraine", "Total": 1, "Edition": "Landmine Monitor 2025"}
            for year in (2010, 2011, 2012, 2011)
        ]

    report = check(change)
    assert [i for i in report.flatten(FIELDS) if i[0] == "duplicate-key"] == [
        ["duplicate-key", "Casualties!B8", "error"]
    ]


def test_the_same_unknown_source_key_on_two_rows_is_two_errors_and_its_keys_count_as_cited(check):
    def change(sheets):
        sheets["Sources"] = [
            {"Key": "ch-fc-objection", "Publisher": "Swiss Federal Council", "Title": "Objection"},
            {"Key": "npa-22msp", "Publisher": "Norwegian People's Aid", "Title": "Affirmed"},
        ]
        for row in sheets["Withdrawals"]:
            row["Source"] = "ch-fc-objection; npa-22mps"
        sheets["States"][0]["Source"] = "npa-22msp"

    report = check(change)
    found = [i for i in report.flatten(FIELDS) if i[0].startswith("source-") or i[0] == "unknown-source-key"]
    assert found == [
        ["unknown-source-key", "Withdrawals!H2", "error"],
        ["unknown-source-key", "Withdrawals!H3", "error"],
    ]


def test_the_same_year_and_edition_on_two_rows_are_two_errors_and_another_year_none(check):
    def change(sheets):
        sheets["Casualties"] += [
            {"Year": year, "Country": country, "Total": 1, "Edition": "Landmine Monitor 2022"}
            for year, country in ((2022, "Ukraine"), (2022, "Global"), (2021, "Ukraine"))
        ]

    report = check(change)
    assert [i for i in report.flatten(FIELDS) if i[0] == "edition-before-year"] == [
        ["edition-before-year", "Casualties!L5", "error"],
        ["edition-before-year", "Casualties!L6", "error"],
    ]


def test_a_tenfold_change_is_found_past_a_row_without_a_total_whatever_the_case_of_the_name(check):
    def change(sheets):
        sheets["Casualties"] += [
            {"Year": 2023, "Country": "UKRAINE", "Edition": "Landmine Monitor 2025"},
            {"Year": 2023, "Country": "ukraine", "Total": 29, "Edition": "Landmine Monitor 2025"},
            {"Year": 2023, "Country": "Ukraine", "Total": 2900, "Edition": "Landmine Monitor 2025"},
        ]

    report = check(change)
    found = [i for i in report.issues if i.code == "tenfold-change"]
    assert [(i.cell, i.message) for i in found] == [
        ("Casualties!C4", "Total: 293 is more than ten times higher than 2023 (29, row 6)")
    ]
