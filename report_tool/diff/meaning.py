"""What the row and cell changes between two versions mean for the Convention.

States whose status changes (status.py, each version as at its data date), deposits, entries into
force, withdrawals and suspensions (the events status.py derives, compared), objections added or
removed, casualty figures revised, meetings added or dated.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from report_tool.diff.changes import CellChange, RowChange, Side, TreatyChange, WorkbookDiff
from report_tool.domain.model import CasualtyFigure, State, build_model
from report_tool.domain.names import fold_name
from report_tool.domain.status import Event, StateStatus, events_between, statuses_on
from report_tool.domain.treaty_dates import format_date
from report_tool.validation.issues import display_value
from report_tool.workbook.cell_references import CellRef
from report_tool.workbook.tables import LoadedWorkbook

CASUALTY_COUNTS = ("Total", "Killed", "Injured")


def treaty_meaning(old: Side, new: Side, result: WorkbookDiff) -> tuple[list[TreatyChange], str | None]:
    """The treaty changes, and why some could not be worked out (a version too broken to model)."""
    changes: list[TreatyChange] = []
    old_facts, new_facts = _facts(old), _facts(new)
    if old_facts is not None and new_facts is not None:
        changes.extend(_statuses(old_facts, new_facts))
        changes.extend(_events(old_facts.events, new_facts.events))
    broken = [name for name, facts in (("OLD", old_facts), ("NEW", new_facts)) if facts is None]
    note = None
    if broken:
        note = (
            f"{' and '.join(broken)} {'has' if len(broken) == 1 else 'have'} errors that stop status "
            "and treaty events being worked out; run validate"
        )
    changes.extend(_casualties(old, new, result))
    changes.extend(_objections(result.rows))
    changes.extend(_objection_dates(result.cells))
    changes.extend(_meetings(result.rows, result.cells))
    return changes, note


@dataclass(frozen=True)
class _Facts:
    """One version's statuses as at its data date and its treaty events (status.py's)."""

    day: dt.date
    statuses: dict[str, StateStatus]
    events: dict[tuple[str, str], Event]


def _facts(side: Side) -> _Facts | None:
    """None when errors (a withdrawal without its notification date) stop the model. Casualties
    are left out of it: 100,000 rows of them are read from their table, and only where they changed."""
    tables = {name: table for name, table in side.loaded.tables.items() if name != "Casualties"}
    try:
        model = build_model(LoadedWorkbook(tables, side.loaded.sha256))
        day = side.report.as_of  # its data date
        statuses = {_identity(s.state): s for s in statuses_on(model, day)}
        by_name = {fold_name(state.name): _identity(state) for state in model.states}
        events = {}
        for event in events_between(model, None, dt.date.max):
            if _event_kind(event) is not None:
                name = fold_name(event.state)
                events[(by_name.get(name, name), event.kind)] = event
    except (TypeError, AttributeError, ValueError):
        return None
    return _Facts(day, statuses, events)


def _identity(state: State) -> str:
    """What a state is across versions: its ISO3 code, so that a renamed state stays the same state;
    its folded name where the code is blank."""
    return state.iso3.strip().upper() or fold_name(state.name)


def _change(kind: str, subject: str, message: str, cells: Iterable[CellRef] = ()) -> TreatyChange:
    return TreatyChange(kind, subject, message, tuple(cells))


def _statuses(old: _Facts, new: _Facts) -> list[TreatyChange]:
    before, after = old.statuses, new.statuses
    when = (
        f"as at {format_date(new.day)}"
        if old.day == new.day
        else (f"as at {format_date(old.day)} in OLD and {format_date(new.day)} in NEW")
    )
    found = []
    for name, now in after.items():
        was = before.get(name)
        if was is None:
            found.append(
                _change("status", now.state.name, f"{now.state.name}: newly listed, {now.status} {when}")
            )
        else:
            if was.state.name != now.state.name:
                found.append(
                    _change(
                        "name",
                        now.state.name,
                        f"{was.state.name}: named {now.state.name!r} on the States sheet ({name})",
                    )
                )
            if was.status != now.status:
                found.append(
                    _change(
                        "status", now.state.name, f"{now.state.name}: {was.status} -> {now.status} {when}"
                    )
                )
    for name, was in before.items():
        if name not in after:
            found.append(
                _change("status", was.state.name, f"{was.state.name}: no longer listed (was {was.status})")
            )
    return sorted(found, key=lambda change: change.subject.casefold())


EVENT_KINDS = {
    "Entry into force": "entry-into-force",
    "Withdrawal notified": "withdrawal",
    "Withdrawal takes effect": "withdrawal",
    "\u2018Suspension\u2019 notified": "suspension",
}


def _event_kind(event: Event) -> str | None:
    if event.kind.endswith("deposited"):
        return "deposit"
    return EVENT_KINDS.get(event.kind)  # objections come from their rows: undated ones have no event


def _events(before: dict[tuple[str, str], Event], after: dict[tuple[str, str], Event]) -> list[TreatyChange]:
    """Events in one version and not the other; one that only moved is said to be re-dated."""
    changes = []
    for item, event in after.items():
        kind = _event_kind(event) or ""
        detail = f" ({event.detail})" if event.detail else ""
        was = before.get(item)
        if was is None:
            changes.append(
                _change(kind, event.state, f"{event.state}: {event.kind} {format_date(event.day)}{detail}")
            )
        elif was.day != event.day:
            changes.append(
                _change(
                    kind,
                    event.state,
                    f"{event.state}: {event.kind} re-dated from {format_date(was.day)} to "
                    f"{format_date(event.day)}{detail}",
                )
            )
    for item, event in before.items():
        if item not in after:
            changes.append(
                _change(
                    _event_kind(event) or "",
                    event.state,
                    f"{event.state}: {event.kind} {format_date(event.day)} no longer recorded",
                )
            )
    return changes


def _objections(rows: Iterable[RowChange]) -> list[TreatyChange]:
    found = []
    for row in rows:
        if row.sheet != "Objections":
            continue
        key = dict(row.key)
        values = dict(row.values)
        day = values.get("Date")
        when = f" on {format_date(_day(day))}" if isinstance(day, dt.date) else ""
        subject = str(key.get("Objecting state", ""))
        what = f"objection to the {str(key.get('Action', '')).lower()} by {key.get('Objection to', '')}{when}"
        kind = "objection-added" if row.change == "added" else "objection-removed"
        found.append(_change(kind, subject, f"{subject}: {what} {row.change}", [row.place]))
    return found


def _objection_dates(cells: Iterable[CellChange]) -> list[TreatyChange]:
    """An objection's date that became known, was re-dated or was cleared: a change of meaning
    (an undated objection cannot be placed in a period), not only a cell changed."""
    found = []
    for cell in cells:
        if cell.sheet != "Objections" or cell.column != "Date" or cell.kind != "value":
            continue
        key = dict(cell.key)
        subject = str(key.get("Objecting state", ""))
        what = f"objection to the {str(key.get('Action', '')).lower()} by {key.get('Objection to', '')}"
        old, new = (v if isinstance(v, dt.date) else None for v in (cell.old, cell.new))
        if old is None and new is not None:
            message = f"{subject}: {what} dated {format_date(_day(new))} (its date was not known)"
        elif old is not None and new is None:
            message = f"{subject}: {what}: its date ({format_date(_day(old))}) no longer recorded"
        elif old is not None and new is not None:
            message = f"{subject}: {what} re-dated from {format_date(_day(old))} to {format_date(_day(new))}"
        else:
            continue
        found.append(_change("objection-dated", subject, message, [cell.new_cell]))
    return found


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


class _Figures:
    """A version's casualty figures by (country, year) and by (country, year, edition), folded."""

    def __init__(self, side: Side, wanted: set[tuple[str, int]]) -> None:
        self.totals: dict[tuple[str, int, str], Any] = {}
        self.by_year: dict[tuple[str, int], list[tuple[str, Any]]] = defaultdict(list)
        table = side.loaded.tables.get("Casualties")
        if table is None:
            return
        fold = _folder()
        years = {year for _, year in wanted}
        columns = [table.values(k) for k in ("country", "year", "edition", "total")]
        for country, year, edition, total in zip(*columns, strict=True):
            if year not in years or not isinstance(country, str) or not isinstance(edition, str):
                continue
            if (fold(country), year) in wanted:
                self.totals[(fold(country), year, fold(edition))] = total
                self.by_year[(fold(country), year)].append((edition, total))


def _folder() -> Callable[[str], str]:
    cache: dict[str, str] = {}

    def fold(text: str) -> str:
        found = cache.get(text)
        if found is None:
            found = cache[text] = fold_name(text)
        return found

    return fold


def _edition_year(edition: str) -> int:
    """As CasualtyFigure.edition_year, which decides the latest edition in the reports."""
    return int(vars(CasualtyFigure)["edition_year"].fget(SimpleNamespace(edition=edition)))


def _casualties(old: Side, new: Side, result: WorkbookDiff) -> list[TreatyChange]:
    """New editions that revise a year, new years, and counts corrected in place."""
    found = []
    added = [row for row in result.rows if row.sheet == "Casualties" and row.change == "added"]
    wanted = {(fold_name(str(dict(r.key).get("Country"))), dict(r.key).get("Year")) for r in added}
    wanted_years = {(country, year) for country, year in wanted if isinstance(year, int)}
    before, after = (_Figures(old, wanted_years), _Figures(new, wanted_years)) if added else (None, None)
    for row in added:
        assert before is not None and after is not None
        key = dict(row.key)
        country, year, edition = str(key.get("Country")), key.get("Year"), str(key.get("Edition"))
        if not isinstance(year, int):
            continue
        total = after.totals.get((fold_name(country), year, fold_name(edition)))
        if not isinstance(total, int):
            continue
        earlier = [
            (e, t) for e, t in before.by_year.get((fold_name(country), year), []) if isinstance(t, int)
        ]
        if earlier:
            latest, was = max(earlier, key=lambda item: _edition_year(item[0]))
            if was == total:
                continue  # a later edition that confirms the figure revises nothing
            message = (
                f"{year} ({country}): {edition} revises the total from {was:,} ({latest}) "
                f"to {total:,} ({_signed(total - was)})"
            )
            found.append(_change("casualties-revised", f"{year} {country}", message, [row.place]))
        else:
            message = f"{year} ({country}): first figure, {total:,} ({edition})"
            found.append(_change("casualties-added", f"{year} {country}", message, [row.place]))
    for cell in result.cells:
        if cell.sheet != "Casualties" or cell.kind != "value" or cell.column not in CASUALTY_COUNTS:
            continue
        key = dict(cell.key)
        subject = f"{key.get('Year')} {key.get('Country')}"
        by = _by_how_much(cell.old, cell.new)
        message = (
            f"{key.get('Year')} ({key.get('Country')}, {key.get('Edition')}): {cell.column} "
            f"{_count(cell.old)} -> {_count(cell.new)}{by}"
        )
        found.append(_change("casualties-revised", subject, message, [cell.new_cell]))
    for row in result.rows:
        if row.sheet == "Casualties" and row.change == "removed":
            key = dict(row.key)
            message = f"{key.get('Year')} ({key.get('Country')}, {key.get('Edition')}): figure removed"
            found.append(
                _change("casualties-removed", f"{key.get('Year')} {key.get('Country')}", message, [row.place])
            )
    return found


def _signed(number: int | float) -> str:
    return f"+{number:,}" if number > 0 else f"{number:,}"


def _count(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,}"
    return "blank" if value is None else display_value(value)


def _by_how_much(old: Any, new: Any) -> str:
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (old, new))
    if not numbers:
        return ""
    change = new - old
    change = int(change) if float(change).is_integer() else change
    return f" ({_signed(change)})"


def _meetings(rows: Iterable[RowChange], cells: Iterable[CellChange]) -> list[TreatyChange]:
    found = []
    for row in rows:
        if row.sheet != "Meetings":
            continue
        values = dict(row.values)
        name = str(dict(row.key).get("Short name") or values.get("Meeting") or "a meeting")
        dates = _span(values.get("Starts"), values.get("Ends"))
        if row.change == "added":
            found.append(_change("meeting-added", name, f"{name}: added{dates}", [row.place]))
        else:
            found.append(_change("meeting-removed", name, f"{name}: removed{dates}", [row.place]))
    for cell in cells:
        if cell.sheet != "Meetings" or cell.kind != "value" or cell.column not in ("Starts", "Ends"):
            continue
        name = str(dict(cell.key).get("Short name", "a meeting"))
        was, now = _date_text(cell.old), _date_text(cell.new)
        if cell.old is None:
            message = f"{name}: {cell.column} set to {now}"
        elif cell.new is None:
            message = f"{name}: {cell.column} cleared (was {was})"
        else:
            message = f"{name}: {cell.column} moved from {was} to {now}"
        found.append(_change("meeting-dated", name, message, [cell.new_cell]))
    return found


def _date_text(value: Any) -> str:
    return format_date(_day(value)) if isinstance(value, dt.date) else display_value(value)


def _span(starts: Any, ends: Any) -> str:
    if isinstance(starts, dt.date) and isinstance(ends, dt.date):
        return f" ({format_date(_day(starts))} to {format_date(_day(ends))})"
    if isinstance(starts, dt.date):
        return f" (starts {format_date(_day(starts))})"
    return " (not yet dated)"
