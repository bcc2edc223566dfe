"""Every state named on another sheet exists on States; a state's name fits its ISO3 code;
objections point at a real action. The names each ISO3 code goes by, and how names are compared,
are report_tool.domain.names'."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from report_tool.domain.areas import area_named, area_names
from report_tool.domain.names import (
    StateNames,
    closest,
    codes_by_name,
    common_name,
    fold_name,
    name_fits_code,
    names_of_codes,
    usual_name,
)
from report_tool.validation.checks.context import SHEET_FOR_ACTION, CheckContext, by_distinct_values
from report_tool.validation.issues import Issue, Severity
from report_tool.workbook.schema import ColumnType


class StatesListed:
    """A workbook with no states (one just made by `init`) is no basis for a report: say so."""

    codes: ClassVar[tuple[str, ...]] = ("no-states",)

    def run(self, context: CheckContext) -> Iterator[Issue]:
        table = context.table("States")
        if table is not None and not any(table.values("state")):
            yield Issue(
                "no-states",
                Severity.WARNING,
                "The States sheet has no states yet, so there is nothing to report",
                sheet=table.name,
                hint="add one row per state (State, ISO3, Region, Status and its dates); the state "
                "dropdowns on the other sheets are filled from it",
            )


class StateNamesFitCodes:
    """A name on the States sheet is one of the official names of its ISO3 code: the other sheets
    follow it and the reports print it. A common or former name ('Syria', 'Burma', 'Turkey') fits
    the code, so it is a warning, here as on the other sheets, pointing to the official name."""

    codes: ClassVar[tuple[str, ...]] = ("state-name-mismatch", "state-common-name")

    def run(self, context: CheckContext) -> Iterator[Issue]:
        for table, record in context.rows("States"):
            name, code = record.get("state"), record.get("iso3")
            if not name or not code or code not in names_of_codes():
                continue
            if name_fits_code(name, code):
                common = common_name(name)
                if common is not None and common.code == code:
                    yield table.issue(
                        record,
                        "state",
                        "state-common-name",
                        f"{name!r} is {common.kind} of {usual_name(code)} ({code}), not its official name",
                        f"the reports print {usual_name(code)!r} for it: use that name here too, so that "
                        "the workbook and the reports name the state one way",
                        Severity.WARNING,
                    )
                continue
            others = [c for c in codes_by_name().get(fold_name(name), ()) if c != code]
            if others:
                hint = f"{name!r} is {others[0]}: correct the ISO3 code, or the name"
            else:
                likely = closest(name, names_of_codes()[code]) or usual_name(code)
                hint = f"did you mean {likely!r}? If the name is right, check the ISO3 code"
            yield table.issue(
                record,
                "state",
                "state-name-mismatch",
                f"{name!r} is not a name of {code} ({usual_name(code)})",
                hint,
                Severity.ERROR,
            )


class AreasAreNotStates:
    """An area the Monitor lists apart from states is not a state: on the States sheet it would be
    counted among them. Its casualties go on the Casualties sheet, which takes it without a row."""

    codes: ClassVar[tuple[str, ...]] = ("area-on-states",)

    def run(self, context: CheckContext) -> Iterator[Issue]:
        for table, record in context.rows("States"):
            area = area_named(record.get("state") or "")
            if area is not None:
                yield table.issue(
                    record,
                    "state",
                    "area-on-states",
                    f"{record.get('state')!r} is not a state: the Landmine Monitor lists it among the "
                    "other areas, apart from states",
                    f"delete this row, or the reports count {area.name} among the states; its casualties "
                    f"go on the Casualties sheet as {area.name!r}, which needs no States row",
                )


class StatesExist:
    """A state named on another sheet is on the States sheet: as typed (ignoring case), or through
    its ISO3 code with a warning. What is wrong is worked out once per distinct name."""

    codes: ClassVar[tuple[str, ...]] = ("unknown-state", "state-named-differently")

    def run(self, context: CheckContext) -> Iterator[Issue]:
        if context.table("States") is None:
            return
        names = context.names
        for sheet, table in context.workbook.tables.items():
            if sheet == "States":
                continue
            for column in (
                c for c in table.schema.columns if c.type is ColumnType.STATE and table.has(c.key)
            ):
                accepted = (*column.also_allowed, *(area_names() if column.other_areas else ()))
                allowed = {fold_name(name) for name in accepted}

                def judge(
                    name: str | None,
                    allowed: set[str] = allowed,
                    accepted: tuple[str, ...] = accepted,
                    areas: bool = column.other_areas,
                ) -> list[tuple[str, str, str, Severity]]:
                    verdict = _verdict(names, name, allowed, accepted, areas) if name else None
                    return [] if verdict is None else [verdict]

                found = by_distinct_values([table.values(column.key)], judge)
                for position, (code, message, hint, severity) in found:
                    yield table.issue(table.record(position), column.key, code, message, hint, severity)


def _verdict(
    names: StateNames, name: str, allowed: set[str], also_allowed: Sequence[str], other_areas: bool = False
) -> tuple[str, str, str, Severity] | None:
    """(code, message, hint, severity) for a name not found as typed; None when it is fine."""
    folded = fold_name(name)
    if folded in names.by_name or folded in allowed:
        return None
    area = area_named(name) if other_areas else None
    if area is not None:
        return (
            "state-named-differently",
            f"{name!r} is read as {area.name!r}, an area the Landmine Monitor lists apart from states",
            f"use {area.name!r}, as the Monitor spells it now, so that every row names the area one way",
            Severity.WARNING,
        )
    if len(name) == 3 and name.upper() in names.by_code:
        state = names.by_code[name.upper()].get("state")
        return (
            "unknown-state",
            f"{name!r} is an ISO3 code, not a state's name",
            f"did you mean {state!r}? (use the name, not the code)",
            Severity.ERROR,
        )
    record = names.row_for(name)
    if record is not None:
        state, code = record.get("state"), record.get("iso3")
        common = common_name(name)
        kind = f" ({common.kind})" if common is not None else ""
        message = f"{name!r}{kind} is not the name on the States sheet; read as {state!r} ({code})"
        if name_fits_code(state, code) and common is None and common_name(state) is not None:
            hint = (
                f"{name!r} is its official name: correct the States sheet's {state!r} ({names.cell(record)})"
            )
        elif name_fits_code(state, code):
            hint = f"use the States sheet's name, {state!r}, so that every sheet names the state one way"
        else:
            hint = (
                f"{name!r} looks right, as a name of {code}; {state!r} on the States sheet does not: "
                f"correct it there ({names.cell(record)})"
            )
        return "state-named-differently", message, hint, Severity.WARNING
    return (
        "unknown-state",
        f"{name!r} is not a state on the States sheet",
        _suggestion(names, name, also_allowed),
        Severity.ERROR,
    )


def _suggestion(names: StateNames, name: str, also_allowed: Sequence[str]) -> str:
    """'did you mean', from the States sheet's names and the names of its states' codes; where the
    States sheet's own name looks wrong, the hint says which of the two looks right."""
    candidates, folded = names.candidates(tuple(also_allowed))
    found = closest(name, folded)
    if found is None:
        return "add the state to the States sheet, or correct the name"
    record = candidates[found]
    if record is None:
        return f"did you mean {found!r}?"
    state, code = record.get("state"), record.get("iso3")
    if not code or name_fits_code(state, code):
        return f"did you mean {state!r}?"
    if found == state:
        return (
            f"did you mean {state!r}? That name on the States sheet ({names.cell(record)}) does not "
            f"look right either: {code} is {usual_name(code)!r}"
        )
    return (
        f"did you mean {found!r}? It is {code}, which the States sheet spells {state!r}: "
        f"correct that one too ({names.cell(record)})"
    )


class ObjectionTargets:
    """An objection answers a notified action, by another state."""

    codes: ClassVar[tuple[str, ...]] = ("objection-without-action", "self-objection")

    def run(self, context: CheckContext) -> Iterator[Issue]:
        for table, record in context.rows("Objections"):
            objector, target = record.get("objecting_state"), record.get("objection_to")
            if objector and target and _same_state(context, objector, target):
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
            if not any(_same_state(context, r.get("state"), target) for _, r in context.rows(sheet)):
                yield table.issue(
                    record,
                    "objection_to",
                    "objection-without-action",
                    f"objects to a {record.get('action').lower()} by {target}, "
                    f"but the {sheet} sheet has no row for {target}",
                    f"add {target}'s {record.get('action').lower()} to the {sheet} sheet, "
                    "or correct the Action",
                )


def _same_state(context: CheckContext, one: str | None, other: str | None) -> bool:
    """Two names of one state: the same name, or names of the same States row."""
    if not one or not other:
        return False
    if fold_name(one) == fold_name(other):
        return True
    first = context.state(one)
    return first is not None and first is context.state(other)
