"""Stockpile destruction (Article 4): a sheet, its checks and a report section, as a plugin.

Article 4 obliges each State Party to destroy its stockpiled anti-personnel mines as soon as
possible, and not later than four years after the Convention entered into force for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar

from report_tool.api import (
    Block,
    Column,
    ColumnType,
    Heading,
    Issue,
    IssueType,
    Kind,
    Paragraph,
    Section,
    SectionSpec,
    Severity,
    Sheet,
    State,
    Table,
    TableColumn,
    add_months,
    format_date,
    hookimpl,
)

__version__ = "0.1.0"
DEADLINE_MONTHS = 48  # Article 4: four years after entry into force
SOURCE_SETTING = "Stockpile figures from"

STOCKPILES = Sheet(
    "Stockpiles",
    "Stockpiled anti-personnel mines and their destruction under Article 4, one row per state.",
    (
        Column(
            "state",
            "State",
            ColumnType.STATE,
            "The State Party, as named on the States sheet.",
            required=True,
            is_key=True,
            width=24,
        ),
        Column(
            "stockpiled",
            "Stockpiled",
            ColumnType.COUNT,
            "Mines stockpiled when the Convention entered into force for the state.",
            required=True,
        ),
        Column("destroyed", "Destroyed", ColumnType.COUNT, "Mines destroyed so far."),
        Column(
            "deadline",
            "Deadline",
            ColumnType.DATE,
            "Article 4 deadline: four years after entry into force. Leave blank to have it worked out.",
        ),
        Column("completed", "Completed", ColumnType.DATE, "Date destruction was completed, if it was."),
        Column("notes", "Notes", ColumnType.TEXT, "Anything a reader should know.", width=40),
        Column("source", "Source", ColumnType.TEXT, "Where the figures come from.", width=40),
    ),
    required=False,
    unique=(("state",),),
)


def article4_deadline(state: State | None) -> dt.date | None:
    """Four years after the Convention entered into force for the state (Article 4). The date of
    entry into force is the model's (as the States sheet gives it, else derived from the deposit,
    never for a succession), so the check and the section, which both ask this, cannot disagree."""
    if state is None or state.entry_into_force is None:
        return None
    return add_months(state.entry_into_force, DEADLINE_MONTHS)


class DestroyedWithinStockpile:
    """No state destroys more mines than it stockpiled."""

    codes: ClassVar[tuple[str, ...]] = ("stockpile-destroyed-exceeds",)

    def run(self, context: Any) -> Iterator[Issue]:
        for table, record in context.rows("Stockpiles"):
            stockpiled, destroyed = record.get("stockpiled"), record.get("destroyed")
            if stockpiled is not None and destroyed is not None and destroyed > stockpiled:
                yield table.issue(
                    record,
                    "destroyed",
                    "stockpile-destroyed-exceeds",
                    f"{destroyed:,} is more than the {stockpiled:,} stockpiled",
                    "check both figures and their sources",
                )


class DeadlineFollowsArticle4:
    """The deadline is four years after entry into force; a passed deadline is worth a warning."""

    codes: ClassVar[tuple[str, ...]] = ("stockpile-deadline-mismatch", "stockpile-deadline-passed")

    def run(self, context: Any) -> Iterator[Issue]:
        for table, record in context.rows("Stockpiles"):
            expected = article4_deadline(context.model_state(record.get("state")))
            given = record.get("deadline")
            if expected and given and given != expected:
                yield table.issue(
                    record,
                    "deadline",
                    "stockpile-deadline-mismatch",
                    f"{format_date(given)} is not four years after entry into force",
                    f"Article 4 sets {format_date(expected)}; or leave it blank to have it worked out",
                )
            deadline = given or expected
            unfinished = record.get("completed") is None and (record.get("destroyed") or 0) < (
                record.get("stockpiled") or 0
            )
            if deadline and unfinished and deadline < context.as_of:
                yield table.issue(
                    record,
                    "completed",
                    "stockpile-deadline-passed",
                    f"is empty, and the Article 4 deadline ({format_date(deadline)}) has passed",
                    "if destruction was completed, give the date; otherwise this is a compliance concern",
                    Severity.WARNING,
                )


def build_section(context: Any) -> Section | None:
    records = context.records("Stockpiles")
    if not records:
        return None
    rows = []
    for record in sorted(records, key=lambda r: r.get("state") or ""):
        stockpiled, destroyed = record.get("stockpiled") or 0, record.get("destroyed") or 0
        deadline = record.get("deadline") or article4_deadline(context.model.state(record.get("state")))
        if record.get("completed"):
            status = f"completed on {format_date(record.get('completed'))}"
        elif deadline and deadline < context.as_of:
            status = "deadline passed"
        elif deadline:
            status = f"due by {format_date(deadline)}"
        else:
            status = "deadline not known"
        rows.append(
            (record.get("state"), stockpiled, destroyed, max(stockpiled - destroyed, 0), deadline, status)
        )
    source = context.model.setting(SOURCE_SETTING)
    blocks: list[Block] = [
        Heading("Stockpile destruction"),
        Paragraph(
            "Article 4 requires each State Party to destroy its stockpiled anti-personnel mines not "
            "later than four years after the Convention entered into force for it."
        ),
        Table(
            "Stockpiles",
            f"Stockpile destruction as at {format_date(context.as_of)}",
            (
                TableColumn("State", width=1.4),
                TableColumn("Stockpiled", Kind.NUMBER),
                TableColumn("Destroyed", Kind.NUMBER),
                TableColumn("Remaining", Kind.NUMBER),
                TableColumn("Deadline", Kind.DATE, 1.2),
                TableColumn("Status", width=1.6),
            ),
            tuple(rows),
            notes=(f"Figures from {source}.",) if source else (),
        ),
    ]
    return Section("stockpiles", "Stockpile destruction", tuple(blocks))


@hookimpl
def register_sheets() -> list[Sheet]:
    return [STOCKPILES]


@hookimpl
def register_checks() -> list[Any]:
    return [DestroyedWithinStockpile, DeadlineFollowsArticle4]


@hookimpl
def register_sections() -> list[SectionSpec]:
    return [SectionSpec("stockpiles", build_section, order=70)]


@hookimpl
def register_issue_types() -> list[IssueType]:
    group = "Stockpiles (plugin)"
    return [
        IssueType(
            "stockpile-destroyed-exceeds", Severity.ERROR, group, "more mines destroyed than were stockpiled"
        ),
        IssueType(
            "stockpile-deadline-mismatch",
            Severity.ERROR,
            group,
            "a deadline other than four years after entry into force (Article 4)",
        ),
        IssueType(
            "stockpile-deadline-passed",
            Severity.WARNING,
            group,
            "destruction unfinished and the Article 4 deadline passed",
        ),
    ]


@hookimpl
def register_settings() -> list[str]:
    return [SOURCE_SETTING]
