"""The real, sourced example workbook: valid, complete, and rebuilt from its sources exactly."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
from collections import Counter

import openpyxl
import pytest

from conftest import EXAMPLE, REPO, sha256
from report_tool.domain.model import unconfirmed_entries
from report_tool.validation.validate import validate


def _built_as_of() -> dt.date:
    """The day the committed workbook was built, as its Settings record it (`make example` may be
    run on any day; the tests then follow the workbook, not the calendar)."""
    book = openpyxl.load_workbook(EXAMPLE, read_only=True)
    try:
        settings = {row[0]: row[1] for row in book["Settings"].iter_rows(min_row=2, values_only=True)}
    finally:
        book.close()
    value = settings["Data as at"]
    return value.date() if isinstance(value, dt.datetime) else dt.date.fromisoformat(str(value))


BUILT_AS_OF = _built_as_of()
SOURCES = REPO / "workbooks" / "sources"


@pytest.fixture(scope="module")
def example():
    return validate(EXAMPLE, BUILT_AS_OF)


def test_example_has_no_errors_and_only_documented_gaps(example):
    report = example.report
    assert report.errors == []
    assert [(i.code, len(i.cells)) for i in report.warnings] == [("objection-undated", 4)]


def test_example_records_the_day_it_was_built():
    # its data date: validate without --data-date checks it as at that day, whatever today is
    assert validate(EXAMPLE).report.as_of == BUILT_AS_OF


def test_example_status_as_built(example):
    states = example.workbook.tables["States"].records
    assert len(states) == 197
    status = Counter(r.get("status") for r in states)
    assert status == {"State Party": 161, "Not party": 31, "Withdrawn": 5}
    by_name = {r.get("state"): r.get("status") for r in states}
    assert {n for n, s in by_name.items() if s == "Withdrawn"} == {
        "Estonia",
        "Latvia",
        "Lithuania",
        "Finland",
        "Poland",
    }
    assert by_name["Ukraine"] == "State Party"


def test_example_content_from_every_source(example):
    tables = example.workbook.tables
    assert [r.get("short_name") for r in tables["Meetings"].records][-1] == "23MSP"
    assert len(tables["Meetings"].records) == 28
    assert len(tables["Objections"].records) == 6
    assert [r.get("notified") for r in tables["Suspensions"].records] == [dt.date(2025, 7, 18)]
    global_rows = [r for r in tables["Casualties"].records if r.get("country") == "Global"]
    latest = [r for r in global_rows if r.get("year") == 2024]
    assert [(r.get("total"), r.get("killed"), r.get("injured")) for r in latest] == [(6279, 1945, 4325)]
    countries = [r.get("country") for r in tables["Casualties"].records if r.get("country") != "Global"]
    assert countries == ["Myanmar", "Syrian Arab Republic", "Afghanistan", "Ukraine", "Nigeria"]


def test_every_row_has_a_source_and_unconfirmed_rows_say_so(example):
    for name, table in example.workbook.tables.items():
        if name in ("Settings", "Sources"):
            continue
        assert all(r.get("source") for r in table.records), name
    with (SOURCES / "states.csv").open(encoding="utf-8") as handle:
        iso3 = {row["iso3"] for row in csv.DictReader(handle) if row["confirmed"] == "no"}
    states = example.workbook.tables["States"].records
    flagged = {r.get("iso3") for r in states if r.get("unconfirmed")}
    assert iso3 and flagged == iso3
    by_iso3 = {r.get("iso3"): r.get("unconfirmed") for r in states}
    assert by_iso3["TUV"] == "Entry into force (derived)"
    assert by_iso3["SWZ"] == "Deposited (22 vs 23 Dec 1998); Instrument (APMBC says accession)"
    assert by_iso3["MNG"].startswith("Status (deduced: non-signatory in LM2003")


def test_unconfirmed_cells_name_their_sheets_headers(example):
    """Provenance is structured: an Unconfirmed cell names columns of its own sheet, never a field."""
    for name, table in example.workbook.tables.items():
        headers = {c.header for c in table.schema.columns}
        if "Unconfirmed" not in headers:  # a sheet without the column: its rows have no such value
            continue
        for record in table.records:
            words = [w for w, _ in unconfirmed_entries(record.get("unconfirmed") or "")]
            assert set(words) <= headers, (name, words)
    withdrawals = {
        r.get("state"): r.get("unconfirmed") for r in example.workbook.tables["Withdrawals"].records
    }
    assert {state: unconfirmed_entries(text or "") for state, text in withdrawals.items()} == {
        "Estonia": [
            (
                "Effective",
                "day derived: ACA says withdrawal completed in December 2025; "
                "27 Dec = notification + 6 months",
            )
        ],
        "Latvia": [],
        "Lithuania": [],
        "Finland": [],
        "Poland": [
            (
                "Notified",
                "derived: ACA says the five instruments were deposited between 27 June and 20 August "
                "2025 and Poland was last; effective date minus 6 months",
            )
        ],
    }
    casualties = example.workbook.tables["Casualties"].records
    latest = next(r for r in casualties if r.get("year") == 2024 and r.get("country") == "Global")
    assert latest.get("unconfirmed") == "Unknown (computed total-killed-injured; not stated)"


def test_states_carry_their_un_names_on_every_sheet(example):
    with (REPO / "report_tool" / "data" / "un_names.csv").open(encoding="utf-8") as handle:
        un = {row["iso3"]: row["name_en"] for row in csv.DictReader(handle)}
    states = example.workbook.tables["States"].records
    assert {r.get("iso3"): r.get("state") for r in states} == un
    names = set(un.values())
    assert "Côte d\u2019Ivoire" in names and "Democratic Republic of the Congo" in names
    for sheet, key in (("Withdrawals", "state"), ("Objections", "objecting_state"), ("Timeline", "state")):
        assert {r.get(key) for r in example.workbook.tables[sheet].records} <= names, sheet


def test_the_22msp_decision_is_quoted_from_the_sources(example):
    with (SOURCES / "terms.csv").open(encoding="utf-8") as handle:
        quote = next(r["en"] for r in csv.DictReader(handle) if r["key"] == "decision_22msp_suspension")
    decisions = example.workbook.tables["Decisions"].records
    assert [(r.get("meeting"), r.get("text")) for r in decisions] == [("22MSP", quote)]
    assert "npa-2025-12-22msp" in decisions[0].get("source").split("; ")
    addresses = {r.get("key"): r.get("address") for r in example.workbook.tables["Sources"].records}
    assert "npaid.org" in addresses["npa-2025-12-22msp"]
    steps = example.workbook.tables["Timeline"].records
    assert len(steps) == 6 and sum(1 for r in steps if r.get("date") is None) == 1


def test_example_is_rebuilt_exactly_from_its_sources(tmp_path):
    spec = importlib.util.spec_from_file_location("build_example", REPO / "workbooks" / "build_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    before = sha256(EXAMPLE)
    rebuilt = module.build(tmp_path / "apmbc.xlsx", BUILT_AS_OF)
    assert sha256(EXAMPLE) == before
    committed, fresh = openpyxl.load_workbook(EXAMPLE), openpyxl.load_workbook(rebuilt)
    assert committed.sheetnames == fresh.sheetnames
    for ws in committed.worksheets:
        assert [list(r) for r in ws.iter_rows(values_only=True)] == [
            list(r) for r in fresh[ws.title].iter_rows(values_only=True)
        ], ws.title
