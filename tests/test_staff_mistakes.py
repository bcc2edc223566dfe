"""The rules and messages staff trip on in their first days (issue 25): each mistake made in the
valid baseline, the message and its cell read back, through the command line where it matters."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner

from conftest import D
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
    assert "the Status of Estonia (States!D4) not checked until Notified is a date" in lines[notified + 1]
    assert not any(line.startswith("  States!D4") for line in lines)


def test_a_pending_withdrawal_names_the_armed_conflict_it_rests_on(check):
    def change(sheets: dict[str, list[dict[str, Any]]]) -> None:
        sheets["Withdrawals"][1].update({"Effective": None, "Armed conflict (Art. 20(3))": "yes"})
        sheets["States"][3]["Status"] = "Withdrawn"

    issue = issue_at(check(change, as_of=D(2030, 1, 1)), "States!D5")
    assert issue.hint is not None
    assert issue.hint.startswith("Armed conflict (Art. 20(3)) is yes and Effective is blank")
