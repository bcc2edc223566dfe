"""Typed records built from a validated workbook: what the reports are made of.

Built only from a workbook without errors, so required values are present; derived dates
(entry into force, a withdrawal's effect) are filled in here, once, and marked as derived.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from typing import Any

from report_tool.domain.areas import area_named
from report_tool.domain.names import StateNames, fold_name
from report_tool.domain.treaty_dates import entry_into_force, withdrawal_effective
from report_tool.workbook.schema import ARMED_CONFLICT_YES, GLOBAL_COUNTRY, SHEETS, normalise_header
from report_tool.workbook.tables import LoadedWorkbook, Record

UNCONFIRMED_SPLIT = re.compile(r"\s*[,;\n]\s*")
#: The fields that name a state: the reports use the States sheet's name for it, whichever the row used.
STATE_FIELDS = ("state", "objecting_state", "objection_to", "country")


def unconfirmed_columns(sheet: str, text: str) -> frozenset[str]:
    """The column keys an `Unconfirmed` cell names by their header words ('Effective, Notified');
    words that name no column of the sheet are left out (the sheet's own notes say why)."""
    schema = next((s for s in SHEETS if s.name == sheet), None)
    if schema is None or not text:
        return frozenset()
    by_header = {normalise_header(c.header): c.key for c in schema.columns}
    return frozenset(
        by_header[word]
        for word in (normalise_header(w) for w in UNCONFIRMED_SPLIT.split(text))
        if word in by_header
    )


@dataclass(frozen=True)
class State:
    name: str
    iso3: str
    region: str
    status: str
    signed: dt.date | None
    instrument: str | None
    deposited: dt.date | None
    entry_into_force: dt.date | None
    entry_into_force_derived: bool
    unconfirmed: frozenset[str]
    notes: str
    source: str


@dataclass(frozen=True)
class Withdrawal:
    state: str
    announced: dt.date | None
    notified: dt.date
    effective: dt.date | None  # None: pending until an armed conflict ends (Article 20(3))
    effective_derived: bool
    armed_conflict: bool
    reference: str
    unconfirmed: frozenset[str]
    notes: str
    source: str


@dataclass(frozen=True)
class Suspension:
    state: str
    announced: dt.date | None
    notified: dt.date
    reference: str
    unconfirmed: frozenset[str]
    notes: str
    source: str


@dataclass(frozen=True)
class Objection:
    objecting_state: str
    objection_to: str
    action: str
    date: dt.date | None
    reference: str
    unconfirmed: frozenset[str]
    notes: str
    source: str


@dataclass(frozen=True)
class CasualtyFigure:
    year: int
    country: str
    total: int
    killed: int | None
    injured: int | None
    unknown: int | None
    civilians: int | None
    civilians_pct: float | None
    children: int | None
    children_pct: float | None
    children_pct_basis: str
    edition: str
    unconfirmed: frozenset[str]
    notes: str
    source: str

    @property
    def edition_year(self) -> int:
        """'Landmine Monitor 2025' -> 2025, so that editions sort by their year."""
        match = re.search(r"\b(?:19|20)\d\d\b", self.edition)
        return int(match.group()) if match else 0

    @property
    def is_global(self) -> bool:
        return self.country.casefold() == GLOBAL_COUNTRY.casefold()

    @property
    def is_area(self) -> bool:
        """An area the Landmine Monitor lists apart from states (Kosovo): never counted as a state."""
        return area_named(self.country) is not None


@dataclass(frozen=True)
class Meeting:
    name: str
    short_name: str
    type: str
    starts: dt.date | None
    ends: dt.date | None
    city: str
    country: str
    president: str
    unconfirmed: frozenset[str]
    notes: str
    source: str


@dataclass(frozen=True)
class Step:
    """One step of a treaty action (a 'suspension'), for the timeline."""

    state: str
    date: dt.date | None
    step: str
    reference: str
    unconfirmed: frozenset[str]
    notes: str
    source: str


@dataclass(frozen=True)
class Decision:
    """A meeting's decision, quoted word for word from its report."""

    meeting: str
    subject: str
    text: str
    reference: str
    source: str


@dataclass(frozen=True)
class Model:
    states: tuple[State, ...]
    withdrawals: tuple[Withdrawal, ...]
    suspensions: tuple[Suspension, ...]
    objections: tuple[Objection, ...]
    casualties: tuple[CasualtyFigure, ...]
    meetings: tuple[Meeting, ...]
    settings: dict[str, str]
    timeline: tuple[Step, ...] = ()
    decisions: tuple[Decision, ...] = ()

    def meeting(self, short_name: str) -> Meeting | None:
        wanted = short_name.strip().casefold()
        return next((m for m in self.meetings if m.short_name.casefold() == wanted), None)

    def setting(self, key: str, default: str = "") -> str:
        return self.settings.get(key) or default

    def known_at(self, day: dt.date) -> Model:
        """What could be known on `day`: actions notified and objections lodged after it left out
        (an undated objection stays while the action it answers is known), casualty figures only
        for years before it from editions of its year or earlier. States and meetings stay: their
        dates are read against the day where they are used."""
        withdrawals = tuple(w for w in self.withdrawals if w.notified <= day)
        suspensions = tuple(s for s in self.suspensions if s.notified <= day)
        known = {(fold_name(w.state), "Withdrawal") for w in withdrawals}
        known |= {(fold_name(s.state), "Suspension") for s in suspensions}
        objections = tuple(
            o
            for o in self.objections
            if (o.date <= day if o.date else (fold_name(o.objection_to), o.action) in known)
            or (o.date is None and o.action not in ("Withdrawal", "Suspension"))
        )
        casualties = tuple(c for c in self.casualties if c.year < day.year and c.edition_year <= day.year)
        return replace(
            self,
            withdrawals=withdrawals,
            suspensions=suspensions,
            objections=objections,
            casualties=casualties,
        )


def _text(record: Record, key: str) -> str:
    """Staff text as typed (names were already trimmed when they were read)."""
    value = record.get(key)
    return "" if value is None else str(value)


def _from_row(cls: type[Any], record: Record, sheet: str = "", **given: Any) -> Any:
    """A record of `cls` whose fields are named like the sheet's columns: text fields become ""
    when blank; `given` supplies fields that are derived or named differently."""
    values = dict(given)
    for item in fields(cls):
        if item.name == "unconfirmed" and item.name not in values:
            values[item.name] = unconfirmed_columns(sheet, _text(record, "unconfirmed"))
        elif item.name not in values:
            values[item.name] = _text(record, item.name) if item.type == "str" else record.get(item.name)
    return cls(**values)


def _place(names: StateNames, name: str) -> str:
    """The States sheet's name for a state; the Monitor's spelling now for one of its other areas."""
    if names.row_for(name) is None:
        area = area_named(name)
        if area is not None:
            return area.name
    return names.canonical(name)


def build_model(workbook: LoadedWorkbook) -> Model:
    """Typed records of a workbook that validated without errors."""
    names = StateNames(workbook.tables.get("States"))

    def named(cls: type[Any], record: Record, sheet: str, **given: Any) -> Any:
        for item in fields(cls):
            if item.name in STATE_FIELDS and item.name not in given:
                given[item.name] = _place(names, _text(record, item.name))
        return _from_row(cls, record, sheet, **given)

    states = []
    for r in workbook.records("States"):
        deposited, given = r.get("deposited"), r.get("entry_into_force")
        derived = given is None and deposited is not None and r.get("instrument") != "Succession"
        states.append(
            _from_row(
                State,
                r,
                "States",
                name=names.canonical(_text(r, "state")),
                entry_into_force=entry_into_force(deposited) if derived else given,
                entry_into_force_derived=derived,
            )
        )
    withdrawals = []
    for r in workbook.records("Withdrawals"):
        notified, effective = r.get("notified"), r.get("effective")
        armed_conflict = r.get("armed_conflict") == ARMED_CONFLICT_YES
        derived = effective is None and not armed_conflict
        withdrawals.append(
            named(
                Withdrawal,
                r,
                "Withdrawals",
                effective=withdrawal_effective(notified) if derived else effective,
                effective_derived=derived,
                armed_conflict=armed_conflict,
            )
        )
    settings = {
        _text(r, "setting"): _text(r, "value") for r in workbook.records("Settings") if r.get("setting")
    }
    return Model(
        tuple(states),
        tuple(withdrawals),
        tuple(named(Suspension, r, "Suspensions") for r in workbook.records("Suspensions")),
        tuple(named(Objection, r, "Objections") for r in workbook.records("Objections")),
        tuple(named(CasualtyFigure, r, "Casualties") for r in workbook.records("Casualties")),
        tuple(
            _from_row(Meeting, r, "Meetings", name=_text(r, "meeting")) for r in workbook.records("Meetings")
        ),
        settings,
        tuple(named(Step, r, "Timeline") for r in workbook.records("Timeline")),
        tuple(_from_row(Decision, r, "Decisions") for r in workbook.records("Decisions")),
    )
