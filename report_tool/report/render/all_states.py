"""The Excel summary's "All states" list: every state on one sheet, for filtering.

It exists only in the workbook (a secretariat filters it by region or status), so it is built here
rather than as a briefing section.
"""

from __future__ import annotations

from report_tool.domain.collation import un_key
from report_tool.domain.model import doubts
from report_tool.domain.status import StateStatus
from report_tool.report.sections.blocks import Kind, Table, TableColumn
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.provenance import Marks
from report_tool.report.sections.text import format_date
from report_tool.report.sections.vocabulary import standing

SHEET = "All states"
KEYS = ("state", "iso3", "region", "status", "signed", "deposited", "entry_into_force", None)


def state_order(status: StateStatus) -> tuple[int, ...]:
    """The order of the annex's lists (UN order of names), so that a state is found in the same place."""
    return un_key(status.state.name)


def all_states(ctx: ReportContext) -> Table:
    ordered = sorted(ctx.statuses, key=state_order)
    marks = Marks()
    for s in ordered:
        effective = doubts(s.withdrawal).get("effective", "") if s.withdrawal is not None else ""
        marks.add(s.state, KEYS, (7, effective))
    rows = tuple(
        (
            s.state.name,
            s.state.iso3,
            s.state.region,
            standing(s.status),
            s.state.signed,
            s.state.deposited,
            s.state.entry_into_force,
            s.withdrawal.effective if s.withdrawal is not None else None,
        )
        for s in ordered
    )
    return Table(
        SHEET,
        f"All states and their status as at {format_date(ctx.as_of)}",
        (
            TableColumn("State"),
            TableColumn("ISO3"),
            TableColumn("Region"),
            TableColumn(f"Status as at {format_date(ctx.as_of)}"),
            TableColumn("Signed", Kind.DATE),
            TableColumn("Deposited", Kind.DATE),
            TableColumn("Entry into force", Kind.DATE),
            TableColumn("Withdrawal effective", Kind.DATE),
        ),
        rows,
        notes=("Use the filter buttons in the header row to list the states of one region or status.",),
        outputs=("xlsx",),
        **marks.table(),
    )
