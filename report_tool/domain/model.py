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
from report_tool.domain.sources import Bibliography, SourceDocument, parse_published
from report_tool.domain.treaty_dates import entry_into_force, format_date, withdrawal_effective
from report_tool.workbook.schema import ARMED_CONFLICT_YES, GLOBAL_COUNTRY, SHEETS, normalise_header
from report_tool.workbook.tables import LoadedWorkbook, Record

#: "Header (reason)": an Unconfirmed entry with the reason the value is not confirmed.
_WITH_REASON = re.compile(r"(.+?)\s*\((.*)\)", re.DOTALL)
#: The fields that name a state: the reports use the States sheet's name for it, whichever the row used.
STATE_FIELDS = ("state", "objecting_state", "objection_to", "country")


def unconfirmed_entries(text: str) -> list[tuple[str, str]]:
    """(header words, reason) for each entry of an `Unconfirmed` cell: entries are separated by
    commas, semicolons or line breaks outside brackets, and each may give its reason in brackets:
    'Effective (day derived: six months after the notification); Notified'."""
    entries: list[str] = []
    depth, current = 0, ""
    for character in text:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth <= 0 and character in ",;\n":
            entries.append(current)
            current, depth = "", 0
        else:
            current += character
    entries.append(current)
    found = []
    for entry in (e.strip() for e in entries):
        if entry:
            match = _WITH_REASON.fullmatch(entry)
            found.append((match.group(1).strip(), " ".join(match.group(2).split())) if match else (entry, ""))
    return found


def unconfirmed_reasons(sheet: str, text: str) -> tuple[tuple[str, str, str], ...]:
    """(column key, header, reason) for each column an `Unconfirmed` cell names by its header
    words; words that name no column of the sheet are left out (validation warns about them)."""
    schema = next((s for s in SHEETS if s.name == sheet), None)
    if schema is None or not text:
        return ()
    by_header = {normalise_header(c.header): c for c in schema.columns}
    found: dict[str, tuple[str, str, str]] = {}
    for words, reason in unconfirmed_entries(text):
        column = by_header.get(normalise_header(words))
        if column is not None:
            found.setdefault(column.key, (column.key, column.header, reason))
    return tuple(found.values())


def unconfirmed_columns(sheet: str, text: str) -> frozenset[str]:
    """The column keys an `Unconfirmed` cell names by their header words ('Effective, Notified')."""
    return frozenset(key for key, _, _ in unconfirmed_reasons(sheet, text))


#: Why a value worked out by the tool is marked: it was not read in a source.
DERIVED_REASONS = {
    "entry_into_force": "worked out under Article 17 from the date of deposit, not read in a source",
    "effective": "worked out under Article 20(3): six months after the notification, not read in a source",
}


ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _dates(text: str) -> str:
    """Staff text with its ISO days (2009-10-01) as the reports write days (1 October 2009)."""

    def written(match: re.Match[str]) -> str:
        try:
            return format_date(dt.date(*(int(g) for g in match.groups())))
        except ValueError:
            return match.group()

    return ISO_DAY.sub(written, text)


def doubts(record: Any) -> dict[str, str]:
    """A record's values that are not confirmed, column key -> what a reader is told of each
    ('Effective: day derived: ...'): those its Unconfirmed cell names, and those worked out."""
    found = {
        key: f"{header}: {_dates(reason)}" if reason else header for key, header, reason in record.reasons
    }
    for key in record.unconfirmed:
        found.setdefault(key, key.replace("_", " ").capitalize())
    for key, derived in (
        ("entry_into_force", "entry_into_force_derived"),
        ("effective", "effective_derived"),
    ):
        if getattr(record, derived, False) and key not in found:
            header = "Entry into force" if key == "entry_into_force" else "Effective"
            found[key] = f"{header}: {DERIVED_REASONS[key]}"
    return found


@dataclass(frozen=True, kw_only=True)
class Sourced:
    """What every row of a fact sheet carries besides its facts: the values its Unconfirmed cell
    names (with their reasons), its notes and the source keys it cites. Keyword-only, so that each
    record's own fields come first."""

    unconfirmed: frozenset[str] = frozenset()
    notes: str = ""
    source: str = ""
    #: (column key, header, reason) for each value the Unconfirmed cell names
    reasons: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class State(Sourced):
    name: str
    iso3: str
    region: str
    status: str
    signed: dt.date | None
    instrument: str | None
    deposited: dt.date | None
    entry_into_force: dt.date | None
    entry_into_force_derived: bool


@dataclass(frozen=True)
class Withdrawal(Sourced):
    state: str
    announced: dt.date | None
    notified: dt.date
    effective: dt.date | None  # None: pending until an armed conflict ends (Article 20(3))
    effective_derived: bool
    armed_conflict: bool
    reference: str


@dataclass(frozen=True)
class Suspension(Sourced):
    state: str
    announced: dt.date | None
    notified: dt.date
    reference: str


@dataclass(frozen=True)
class Objection(Sourced):
    objecting_state: str
    objection_to: str
    action: str
    date: dt.date | None
    reference: str


@dataclass(frozen=True)
class CasualtyFigure(Sourced):
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

    @property
    def edition_year(self) -> int:
        """'Landmine Monitor 2025' -> 2025, so that editions sort by their year."""
        return edition_year(self.edition)

    @property
    def is_global(self) -> bool:
        return self.country.casefold() == GLOBAL_COUNTRY.casefold()

    @property
    def is_area(self) -> bool:
        """An area the Landmine Monitor lists apart from states (Kosovo): never counted as a state."""
        return area_named(self.country) is not None


@dataclass(frozen=True)
class Meeting(Sourced):
    name: str
    short_name: str
    type: str
    starts: dt.date | None
    ends: dt.date | None
    city: str
    country: str
    president: str


@dataclass(frozen=True)
class Step(Sourced):
    """One step of a treaty action (a 'suspension'), for the timeline."""

    state: str
    date: dt.date | None
    step: str
    reference: str


@dataclass(frozen=True)
class AgendaItem:
    """An item a meeting will consider, from the optional Agenda sheet."""

    meeting: str
    item: str
    reference: str
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
class Edition:
    """A Landmine Monitor edition and the day it was published."""

    edition: str
    published: dt.date
    notes: str
    source: str


#: Editions named "Landmine Monitor 2025"; the year is the edition's, not the casualties'.
EDITION_NAME = re.compile(r"Landmine Monitor ((?:19|20)\d\d)", re.IGNORECASE)


def edition_year(edition: str) -> int:
    """'Landmine Monitor 2025' -> 2025; 0 for a name that is not of that form."""
    match = EDITION_NAME.fullmatch(" ".join(edition.split()))
    return int(match.group(1)) if match else 0


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
    sources: tuple[SourceDocument, ...] = ()
    editions: tuple[Edition, ...] = ()

    @property
    def bibliography(self) -> Bibliography:
        return Bibliography(self.sources)

    def edition_published(self, edition: str) -> dt.date | None:
        """The day an edition was published: from the Editions sheet; for an edition not on it,
        the last day of its year (it cannot be shown to be out earlier); None for a name that
        gives no year."""
        wanted = " ".join(edition.split()).casefold()
        for listed in self.editions:
            if " ".join(listed.edition.split()).casefold() == wanted:
                return listed.published
        year = edition_year(edition)
        return dt.date(year, 12, 31) if year else None

    agenda: tuple[AgendaItem, ...] = ()

    def agenda_of(self, meeting: Meeting) -> list[AgendaItem]:
        """The meeting's items from the optional Agenda sheet, in the sheet's order."""
        wanted = meeting.short_name.strip().casefold()
        return [item for item in self.agenda if item.meeting.strip().casefold() == wanted]

    def state(self, name: str | None) -> State | None:
        """The state of that name (as the States sheet names it, ignoring case and accents)."""
        wanted = fold_name(name or "")
        return next((state for state in self.states if fold_name(state.name) == wanted), None)

    def meeting(self, name: str) -> Meeting | None:
        """The meeting by its short name (22MSP) or its full name, in any case and spacing."""

        def folded(text: str) -> str:
            return " ".join(text.split()).casefold()

        wanted = folded(name)
        return next((m for m in self.meetings if wanted in (folded(m.short_name), folded(m.name))), None)

    def setting(self, key: str, default: str = "") -> str:
        return self.settings.get(key) or default

    def known_at(self, day: dt.date, hindsight: dt.date | None = None) -> Model:
        """What could be known on `day`: actions notified and objections lodged after it left out
        (an undated objection stays while the action it answers is known), casualty figures only
        for years before it from editions published by `hindsight` (default `day`: a later day
        is a past report told what was published since). States and meetings stay: their dates
        are read against the day where they are used; sources are chosen where they are cited."""
        published_by = hindsight or day
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
        casualties = tuple(
            c
            for c in self.casualties
            if c.year < day.year and (self.edition_published(c.edition) or dt.date.max) <= published_by
        )
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
        elif item.name == "reasons" and item.name not in values:
            values[item.name] = unconfirmed_reasons(sheet, _text(record, "unconfirmed"))
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


def state_from_row(record: Record, names: StateNames) -> State:
    """A States row as the model's State, named as `names` officially name it: its entry into force
    as given, else derived from the deposit (Article 17; not for a succession, which has its own
    date). The one place it is derived: the model, the checks (CheckContext.model_state) and
    plugins read it from here."""
    deposited, given = record.get("deposited"), record.get("entry_into_force")
    derived = given is None and deposited is not None and record.get("instrument") != "Succession"
    return _from_row(
        State,
        record,
        "States",
        name=names.canonical(_text(record, "state")),
        entry_into_force=entry_into_force(deposited) if derived else given,
        entry_into_force_derived=derived,
    )


def build_model(workbook: LoadedWorkbook) -> Model:
    """Typed records of a workbook that validated without errors."""
    names = StateNames(workbook.tables.get("States"))

    def named(cls: type[Any], record: Record, sheet: str, **given: Any) -> Any:
        for item in fields(cls):
            if item.name in STATE_FIELDS and item.name not in given:
                given[item.name] = _place(names, _text(record, item.name))
        return _from_row(cls, record, sheet, **given)

    states = [state_from_row(r, names) for r in workbook.records("States")]
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
        tuple(_source(r) for r in workbook.records("Sources") if r.get("key")),
        tuple(_from_row(Edition, r, "Editions") for r in workbook.records("Editions")),
        tuple(_from_row(AgendaItem, r, "Agenda") for r in workbook.records("Agenda")),
    )


def _source(record: Record) -> SourceDocument:
    """A Sources row as a document; a Published cell validation refused counts as undated."""
    try:
        published = parse_published(record.get("published"))
    except ValueError:
        published = None
    return SourceDocument(
        key=_text(record, "key"),
        publisher=_text(record, "publisher"),
        title=_text(record, "title"),
        published=published,
        address=_text(record, "address"),
        kind=_text(record, "kind"),
        language=_text(record, "language"),
    )
