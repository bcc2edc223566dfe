"""Who is a State Party as at a date, counts, events and meeting choice, on boundary days."""

from __future__ import annotations

import pytest

from conftest import EXAMPLE, D
from report_tool.model import build_model
from report_tool.status import (
    UnknownMeeting,
    counts,
    events_between,
    latest_by_year,
    parties_on,
    previous_meeting,
    revisions,
    select_meeting,
    statuses_on,
)
from report_tool.validate import validate


@pytest.fixture(scope="module")
def model():
    return build_model(validate(EXAMPLE, D(2026, 11, 26)).workbook)


@pytest.mark.parametrize(
    ("day", "parties"),
    [
        (D(2025, 3, 11), 164),  # the day before the Marshall Islands deposited
        (D(2025, 3, 12), 165),
        (D(2025, 6, 24), 165),
        (D(2025, 6, 25), 166),  # Tonga's accession
        (D(2025, 12, 26), 166),  # before the Baltic withdrawals take effect
        (D(2025, 12, 27), 163),  # the day they take effect
        (D(2025, 12, 31), 163),
        (D(2026, 1, 9), 163),
        (D(2026, 1, 10), 162),  # Finland
        (D(2026, 2, 19), 162),
        (D(2026, 2, 20), 161),  # Poland
        (D(2026, 2, 21), 161),
    ],
)
def test_parties_as_at(model, day, parties):
    assert parties_on(model, day) == parties


def _status(model, name, day):
    return next(s for s in statuses_on(model, day) if s.state.name == name)


def test_pending_withdrawal_is_still_a_party(model):
    finland = _status(model, "Finland", D(2025, 12, 31))
    assert (finland.status, finland.withdrawal_pending) == ("State Party", True)
    assert _status(model, "Finland", D(2026, 1, 10)).status == "Withdrawn"
    assert _status(model, "Finland", D(2025, 7, 9)).withdrawal_pending is False


def test_entry_into_force_day(model):
    tonga_before = _status(model, "Tonga", D(2025, 11, 30))
    tonga_on = _status(model, "Tonga", D(2025, 12, 1))
    assert (tonga_before.status, tonga_before.in_force) == ("State Party", False)
    assert (tonga_on.status, tonga_on.in_force) == ("State Party", True)
    assert counts(statuses_on(model, D(2025, 11, 30))).parties_not_yet_in_force == 1


def test_suspension_changes_nothing(model):
    assert _status(model, "Ukraine", D(2025, 7, 18)).status == "State Party"
    assert _status(model, "Ukraine", D(2026, 11, 26)).status == "State Party"


def test_counts_by_status_and_region(model):
    c = counts(statuses_on(model, D(2025, 12, 31)))
    assert (c.parties, c.not_party, c.withdrawn, c.signatories, c.withdrawals_pending) == (163, 31, 3, 0, 2)
    assert c.states == 197
    europe = c.by_region["Europe, Caucasus and Central Asia"]
    assert (europe["State Party"], europe["Not party"], europe["Withdrawn"]) == (44, 7, 3)
    assert c.by_region["Americas"]["Not party"] == 2


def test_events_between_exclusive_start_inclusive_end(model):
    events = events_between(model, D(2025, 12, 5), D(2026, 1, 10))
    assert [(e.day, e.state, e.kind) for e in events] == [
        (D(2025, 12, 27), "Estonia", "Withdrawal takes effect"),
        (D(2025, 12, 27), "Latvia", "Withdrawal takes effect"),
        (D(2025, 12, 27), "Lithuania", "Withdrawal takes effect"),
        (D(2026, 1, 10), "Finland", "Withdrawal takes effect"),
    ]
    assert [e.state for e in events_between(model, D(2025, 12, 27), D(2026, 1, 9))] == []
    earlier = events_between(model, D(2025, 6, 26), D(2025, 12, 1))
    kinds = {(e.state, e.kind) for e in earlier}
    assert ("Tonga", "Entry into force") in kinds
    assert ("Ukraine", "'Suspension' notified") in kinds
    assert ("Switzerland", "Objection lodged") in kinds
    assert ("Poland", "Withdrawal notified") in kinds
    poland = next(e for e in earlier if e.state == "Poland")
    assert poland.detail == "takes effect 20 February 2026"
    assert ("Tonga", "Accession deposited") not in kinds  # deposited 25 June, before the window


def test_meeting_selection(model):
    assert select_meeting(model, D(2025, 11, 1)).short_name == "22MSP"  # the next one
    assert select_meeting(model, D(2025, 12, 3)).short_name == "22MSP"  # under way
    assert select_meeting(model, D(2026, 11, 26)).short_name == "22MSP"  # none dated later: the latest
    assert select_meeting(model, D(2026, 11, 26), "23msp").short_name == "23MSP"
    with pytest.raises(UnknownMeeting) as raised:
        select_meeting(model, D(2026, 11, 26), "24MSP")
    assert "22MSP" in str(raised.value) and "5RC" in str(raised.value)


def test_previous_meeting(model):
    m23 = select_meeting(model, D(2026, 11, 26), "23MSP")
    assert previous_meeting(model, m23, D(2026, 11, 26)).short_name == "22MSP"
    m22 = model.meeting("22MSP")
    assert previous_meeting(model, m22, D(2026, 11, 26)).short_name == "5RC"


def test_latest_edition_for_each_year_and_revisions(model):
    latest = latest_by_year(model.casualties)
    assert (latest[2024].total, latest[2024].edition) == (6279, "Landmine Monitor 2025")
    assert (latest[2016].total, latest[2016].edition) == (9440, "Landmine Monitor 2021")
    assert (latest[2022].total, latest[2022].edition) == (4709, "Landmine Monitor 2024")
    breakdown = latest_by_year(model.casualties, with_breakdown=True)
    assert (breakdown[2016].killed, breakdown[2016].edition) == (2472, "Landmine Monitor 2018")
    revised = revisions(model.casualties)
    assert 2016 in revised and [f.total for f in revised[2016]] == [8605, 9437, 9439, 9440]
    assert 2024 not in revised
