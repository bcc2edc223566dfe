"""Every state named on another sheet exists on States; objections point at a real action."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from report_tool.checks import SHEET_FOR_ACTION, CheckContext
from report_tool.issues import Issue
from report_tool.schema import ColumnType
from report_tool.values import did_you_mean


class StatesExist:
    codes: ClassVar[tuple[str, ...]] = ("unknown-state",)

    def run(self, context: CheckContext) -> Iterator[Issue]:
        if context.table("States") is None:
            return
        names = [record.get("state") for record in context.states.values()]
        by_iso3 = {
            record.get("iso3"): record.get("state")
            for record in context.states.values()
            if record.get("iso3")
        }
        known = {record.get("state") for record in context.states.values()}  # the exact spellings
        for sheet, table in context.workbook.tables.items():
            if sheet == "States":
                continue
            for column in (
                c for c in table.schema.columns if c.type is ColumnType.STATE and table.has(c.key)
            ):
                allowed = known | set(column.also_allowed)
                for position, name in enumerate(table.values(column.key)):
                    if not name or name in allowed or context.state(name):
                        continue
                    record = table.record(position)
                    hint = did_you_mean(name, [*names, *column.also_allowed])
                    if name.upper() in by_iso3:
                        hint = f"did you mean {by_iso3[name.upper()]!r}? (use the name, not the code)"
                    yield table.issue(
                        record,
                        column.key,
                        "unknown-state",
                        f"{name!r} is not a state on the States sheet",
                        hint or "add the state to the States sheet, or correct the name",
                    )


class ObjectionTargets:
    """An objection answers a notified action, by another state."""

    codes: ClassVar[tuple[str, ...]] = ("objection-without-action", "self-objection")

    def run(self, context: CheckContext) -> Iterator[Issue]:
        for table, record in context.rows("Objections"):
            objector, target = record.get("objecting_state"), record.get("objection_to")
            if objector and target and objector.casefold() == target.casefold():
                yield table.issue(
                    record,
                    "objection_to",
                    "self-objection",
                    f"{objector} cannot object to its own action",
                    "check the Objecting state and Objection to columns",
                )
                continue
            sheet = SHEET_FOR_ACTION.get(record.get("action") or "")
            if not (sheet and target and context.state(target)) or context.table(sheet) is None:
                continue
            if not any(
                (r.get("state") or "").casefold() == target.casefold() for _, r in context.rows(sheet)
            ):
                yield table.issue(
                    record,
                    "objection_to",
                    "objection-without-action",
                    f"objects to a {record.get('action').lower()} by {target}, "
                    f"but the {sheet} sheet has no row for {target}",
                    f"add {target}'s {record.get('action').lower()} to the {sheet} sheet, "
                    "or correct the Action",
                )
