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
