"""Who is a State Party as at a date, counts, events and meeting choice, on boundary days."""

from __future__ import annotations

import pytest

from conftest import EXAMPLE, D
from report_tool.domain.model import build_model
from report_tool.domain.status import (
    DateTooEarly,
    UnknownMeeting,
    counts,
    events_between,
    latest_by_year,
    parties_on,
    previous_meeting,
    refuse_too_early,
    revisions,
    select_meeting,
    standing,
    statuses_on,
)
from report_tool.validation.validate import validate


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
    assert ("Ukraine", "\u2018Suspension\u2019 notified") in kinds
    assert ("Switzerland", "Objection lodged") in kinds
    assert ("Poland", "Withdrawal notified") in kinds
    poland = next(e for e in earlier if e.state == "Poland")
    assert poland.detail == "takes effect 20 February 2026"
    assert ("Tonga", "Accession deposited") not in kinds  # deposited 25 June, before the window


def test_meeting_selection(model):
    assert select_meeting(model, D(2025, 11, 1)).short_name == "22MSP"  # the next one
    assert select_meeting(model, D(2025, 12, 3)).short_name == "22MSP"  # under way
    assert select_meeting(model, D(2025, 12, 5)).short_name == "22MSP"  # its last day
    # after the last meeting held, the undated 23MSP listed after it is the next one
    assert select_meeting(model, D(2025, 12, 6)).short_name == "23MSP"
    assert select_meeting(model, D(2026, 11, 27)).short_name == "23MSP"
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


def test_meeting_selection_without_an_undated_meeting_takes_the_latest_held(model):
    from dataclasses import replace

    dated = replace(model, meetings=tuple(m for m in model.meetings if m.starts))
    assert select_meeting(dated, D(2026, 11, 27)).short_name == "22MSP"
    # an undated meeting listed before the last one held is not "next"
    first = replace(model.meetings[-1], short_name="X")
    early = replace(model, meetings=(first, *dated.meetings))
    assert select_meeting(early, D(2026, 11, 27)).short_name == "22MSP"


@pytest.mark.parametrize(
    ("kwargs", "day", "expected"),
    [
        # a Signed date counts from its day, for the reports and the status check alike
        (
            {"status": "Not party", "signed": D(1997, 12, 3), "deposited": None},
            D(1997, 12, 2),
            ("Not party", False),
        ),
        (
            {"status": "Not party", "signed": D(1997, 12, 3), "deposited": None},
            D(1997, 12, 3),
            ("Signatory", False),
        ),
        # the deposit decides, whatever the Status column says
        (
            {"status": "Not party", "signed": None, "deposited": D(2025, 6, 25)},
            D(2025, 6, 25),
            ("State Party", False),
        ),
        (
            {"status": "State Party", "signed": None, "deposited": D(2025, 6, 25)},
            D(2025, 6, 24),
            ("Not party", False),
        ),
        # the Status column fills in only where no date tells
        ({"status": "Signatory", "signed": None, "deposited": None}, D(2000, 1, 1), ("Signatory", False)),
        ({"status": "State Party", "signed": None, "deposited": None}, D(2000, 1, 1), ("State Party", False)),
        # a withdrawal: pending from notification, effective on its day; None = pending (Art. 20(3))
        (
            {
                "status": "Withdrawn",
                "signed": None,
                "deposited": D(2004, 5, 12),
                "notified": D(2025, 6, 27),
                "effective": D(2025, 12, 27),
            },
            D(2025, 12, 26),
            ("State Party", True),
        ),
        (
            {
                "status": "Withdrawn",
                "signed": None,
                "deposited": D(2004, 5, 12),
                "notified": D(2025, 6, 27),
                "effective": D(2025, 12, 27),
            },
            D(2025, 12, 27),
            ("Withdrawn", False),
        ),
        (
            {
                "status": "State Party",
                "signed": None,
                "deposited": D(2004, 5, 12),
                "notified": D(2025, 6, 27),
                "effective": None,
            },
            D(2040, 1, 1),
            ("State Party", True),
        ),
    ],
)
def test_one_standing_rule(kwargs, day, expected):
    assert standing(day, **kwargs) == expected


def test_before_the_convention_is_refused():
    refuse_too_early(D(1997, 12, 3))
    with pytest.raises(DateTooEarly, match="3 December 1997"):
        refuse_too_early(D(1997, 12, 2))


def test_known_at_leaves_out_what_came_later(model):
    # Poland notified on 20 August 2025: unknown the day before, pending on the day
    before, on = model.known_at(D(2025, 8, 19)), model.known_at(D(2025, 8, 20))
    assert "Poland" not in {w.state for w in before.withdrawals}
    assert "Poland" in {w.state for w in on.withdrawals}
    # casualty figures: years before the day, from editions of its year or earlier
    assert max(c.year for c in model.known_at(D(2024, 12, 31)).casualties) == 2023
    assert max(c.edition_year for c in model.known_at(D(2024, 12, 31)).casualties) == 2024
    # undated objections stay while the action they answer is known
    undated = [o for o in model.objections if o.date is None]
    assert undated and all(o in model.known_at(D(2025, 12, 31)).objections for o in undated)
    assert not any(o in model.known_at(D(2025, 1, 1)).objections for o in undated)


@pytest.mark.parametrize(
    "day",
    [D(1997, 12, 3), D(1998, 3, 24), D(2025, 6, 24), D(2025, 6, 25), D(2025, 12, 26), D(2025, 12, 27)],
)
def test_the_status_check_and_the_reports_agree(check, make_workbook, day):
    """Status columns filled in from status_on pass the status check on the same day, and the same
    workbook read back gives the same standing: one rule for both."""
    reference = build_model(validate(make_workbook(), D(2026, 1, 1)).workbook)
    by_name = {s.state.name: s.status for s in statuses_on(reference, day)}

    def as_reports_say(sheets):
        for row in sheets["States"]:
            row["Status"] = by_name[row["State"]]

    report = check(as_reports_say, as_of=day)
    assert [i.cell for i in report.issues if i.code == "status-mismatch"] == []
    assert len(set(by_name.values())) > 1
