"""The workbook's sheets and columns, declared once.

`init` writes them, the reader matches headers against them, the checks take types and allowed
values from them and the reports take their column names from them. Nothing else lists columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from report_tool.plugins.hookspecs import hookimpl


class ColumnType(StrEnum):
    """What a column holds; decides parsing, Excel validation and formats."""

    TEXT = "text"
    DATE = "date"
    COUNT = "count"  # whole number >= 0
    PERCENT = "percent"  # number from 0 to 100
    YEAR = "year"  # whole number from YEAR_MIN to YEAR_MAX
    CHOICE = "choice"  # one of Column.choices
    STATE = "state"  # a State named on the States sheet
    ISO3 = "iso3"  # ISO 3166-1 alpha-3 code


YEAR_MIN = 1997
YEAR_MAX = 2100

REGIONS = (
    "Africa",
    "Americas",
    "Asia-Pacific",
    "Europe, Caucasus and Central Asia",
    "Middle East and North Africa",
)
STATUSES = ("State Party", "Signatory", "Not party", "Withdrawn")
INSTRUMENTS = ("Ratification", "Accession", "Succession", "Acceptance", "Approval")
ACTIONS = ("Suspension", "Withdrawal", "Reservation", "Declaration", "Other")
MEETING_TYPES = ("MSP", "Review Conference", "Intersessional", "Other")
SETTING_KEYS = (
    "Organisation",
    "Convention",
    "Report title",
    "Prepared by",
    "Data as at",
    "Document symbol",
    "Date of issue",
    "Complete lists",
)
#: The Settings key naming the sheets whose lists the sources give as complete (e.g. Objections);
#: the count of any other such list is said as "at least".
COMPLETE_LISTS = "Complete lists"
#: The Settings key for the day the workbook is current to (its data date); else today.
DATA_AS_AT = "Data as at"
ARMED_CONFLICT_YES = "yes"
GLOBAL_COUNTRY = "Global"


@dataclass(frozen=True)
class Column:
    """One column as staff see it: its header, what it holds and the note on its header cell."""

    key: str
    header: str
    type: ColumnType
    note: str
    required: bool = False
    choices: tuple[str, ...] = ()
    also_allowed: tuple[str, ...] = ()  # extra values for a STATE column, e.g. "Global"
    other_areas: bool = False  # a STATE column that also takes the Monitor's other areas (domain.areas)
    is_key: bool = False  # identifies a row: surrounding spaces are worth a warning
    width: int = 14
    dates_as_text: bool = False  # a TEXT column that takes a date cell as its day (2026-11-27)


@dataclass(frozen=True)
class Sheet:
    """One sheet: its columns, what it is for, and which columns must be unique together."""

    name: str
    description: str
    columns: tuple[Column, ...]
    required: bool = True
    unique: tuple[tuple[str, ...], ...] = field(default=())
    #: The columns that say what a row is about ("Estonia", "Ukraine 2024", "22MSP"), named at the
    #: start of each message about the row; default: the first unique key.
    subject: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def subject_keys(self) -> tuple[str, ...]:
        return self.subject or (self.unique[0] if self.unique else ())

    @property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


def _text(key: str, header: str, note: str, **kw: object) -> Column:
    return Column(key, header, ColumnType.TEXT, note, **kw)  # type: ignore[arg-type]


def _date(key: str, header: str, note: str, **kw: object) -> Column:
    return Column(key, header, ColumnType.DATE, note, width=13, **kw)  # type: ignore[arg-type]


def _count(key: str, header: str, note: str, **kw: object) -> Column:
    return Column(key, header, ColumnType.COUNT, note, width=10, **kw)  # type: ignore[arg-type]


def _percent(key: str, header: str, note: str) -> Column:
    return Column(key, header, ColumnType.PERCENT, note, width=11)


def _state(key: str, header: str, note: str, **kw: object) -> Column:
    return Column(key, header, ColumnType.STATE, note, is_key=True, width=24, **kw)  # type: ignore[arg-type]


NOTES = _text("notes", "Notes", "Anything a reader should know, including what is unconfirmed.", width=50)
UNCONFIRMED = _text(
    "unconfirmed",
    "Unconfirmed",
    "The columns on this row whose values the sources do not confirm, by their header words and "
    "separated by commas (e.g. Effective); say why in Notes. Blank when the sources confirm every value.",
    width=18,
)
SOURCE = _text(
    "source",
    "Source",
    "Where the facts on this row come from: the keys of their rows on the Sources sheet, best "
    "first, separated by ; (pick one from the list, or type several). A web address also works, "
    "but cites no publisher, title or date.",
    width=40,
)
#: The kinds of source document, in the order the reports list them.
SOURCE_KINDS = ("primary", "secondary", "press")
SOURCES_SHEET = "Sources"
EDITIONS_SHEET = "Editions"

DEPOSITARY_REFERENCE = _text(
    "reference", "Reference", "The depositary notification (C.N.) number, if known.", width=18
)

STATES = Sheet(
    "States",
    "Every state, one row each, with its treaty status and the dates of its signature and "
    "instrument. The State column feeds the state dropdowns on the other sheets.",
    (
        _state("state", "State", "The state's name, as used on every other sheet.", required=True),
        Column(
            "iso3",
            "ISO3",
            ColumnType.ISO3,
            "The three-letter ISO 3166-1 code, for example UKR for Ukraine.",
            required=True,
            is_key=True,
            width=7,
        ),
        Column(
            "region",
            "Region",
            ColumnType.CHOICE,
            "Pick a region from the list.",
            required=True,
            choices=REGIONS,
            width=30,
        ),
        Column(
            "status",
            "Status",
            ColumnType.CHOICE,
            "Status as at today: State Party, Signatory, Not party or Withdrawn. A state with a "
            "pending withdrawal is still a State Party; a 'suspension' does not change it.",
            required=True,
            choices=STATUSES,
            width=13,
        ),
        _date(
            "signed",
            "Signed",
            "Date of signature (3 Dec 1997 to 28 Feb 1999). Blank for an accession.",
        ),
        Column(
            "instrument",
            "Instrument",
            ColumnType.CHOICE,
            "The kind of instrument deposited: Ratification, Accession, Succession, ...",
            choices=INSTRUMENTS,
            width=13,
        ),
        _date(
            "deposited",
            "Deposited",
            "Date the instrument was deposited with the UN Secretary-General.",
        ),
        _date(
            "entry_into_force",
            "Entry into force",
            "Leave blank to have it worked out (Article 17): the first day of the sixth month "
            "after the month of deposit, or 1 March 1999 for early instruments.",
        ),
        NOTES,
        SOURCE,
        UNCONFIRMED,
    ),
    unique=(("state",), ("iso3",)),
)

WITHDRAWALS = Sheet(
    "Withdrawals",
    "Withdrawals from the Convention under Article 20, one row per state.",
    (
        _state("state", "State", "The withdrawing state, as named on the States sheet.", required=True),
        _date("announced", "Announced", "Date the government announced its intention (optional)."),
        _date(
            "notified",
            "Notified",
            "Date the UN Secretary-General received the instrument of withdrawal.",
            required=True,
        ),
        _date(
            "effective",
            "Effective",
            "Leave blank to have it worked out (Article 20): six months after notification.",
        ),
        Column(
            "armed_conflict",
            "Armed conflict (Art. 20(3))",
            ColumnType.CHOICE,
            "yes if the state was engaged in an armed conflict when the six months ended: the "
            "withdrawal then takes effect only when the conflict ends (Article 20(3)). With yes, "
            "Effective may be later than six months, or blank while the conflict goes on.",
            choices=(ARMED_CONFLICT_YES,),
            width=14,
        ),
        DEPOSITARY_REFERENCE,
        NOTES,
        SOURCE,
        UNCONFIRMED,
    ),
    unique=(("state",),),
)

SUSPENSIONS = Sheet(
    "Suspensions",
    "Announced 'suspensions' of the Convention. The Convention has no suspension mechanism: a row "
    "here records what a state notified, it does not change the state's status.",
    (
        _state("state", "State", "The state, as named on the States sheet.", required=True),
        _date("announced", "Announced", "Date the step was announced or adopted nationally."),
        _date("notified", "Notified", "Date the UN Secretary-General was notified.", required=True),
        DEPOSITARY_REFERENCE,
        NOTES,
        SOURCE,
        UNCONFIRMED,
    ),
    subject=("state",),
)

OBJECTIONS = Sheet(
    "Objections",
    "Formal objections by one state to another state's action (a suspension, a withdrawal, ...).",
    (
        _state("objecting_state", "Objecting state", "The state that objects.", required=True),
        _state("objection_to", "Objection to", "The state whose action is objected to.", required=True),
        Column(
            "action",
            "Action",
            ColumnType.CHOICE,
            "The action objected to: pick from the list.",
            required=True,
            choices=ACTIONS,
            width=13,
        ),
        _date("date", "Date", "Date the objection was lodged (leave blank if not known)."),
        _text("reference", "Reference", "The note verbale or C.N. number, if known.", width=18),
        NOTES,
        SOURCE,
        UNCONFIRMED,
    ),
    subject=("objecting_state",),
)

CASUALTIES = Sheet(
    "Casualties",
    "Mine casualties per year from Landmine Monitor. Later editions revise earlier years: keep "
    "every edition's figure on its own row; reports use the latest edition for each year.",
    (
        Column(
            "year",
            "Year",
            ColumnType.YEAR,
            f"The calendar year of the casualties ({YEAR_MIN}-{YEAR_MAX}).",
            required=True,
            width=7,
        ),
        _state(
            "country",
            "Country",
            "A state from the States sheet, Global for the world total, or one of the areas the "
            "Landmine Monitor lists apart from states (Kosovo, Western Sahara, ...).",
            required=True,
            also_allowed=(GLOBAL_COUNTRY,),
            other_areas=True,
        ),
        _count(
            "total",
            "Total",
            "All casualties (killed, injured and unknown), a whole number.",
            required=True,
        ),
        _count("killed", "Killed", "People killed, a whole number."),
        _count("injured", "Injured", "People injured, a whole number."),
        _count("unknown", "Unknown", "Casualties whose fate is unknown, a whole number."),
        _count("civilians", "Civilians", "Civilian casualties, a whole number."),
        _percent("civilians_pct", "Civilians %", "Civilian share, from 0 to 100 (type 90 for 90%)."),
        _count("children", "Children", "Child casualties, a whole number."),
        _percent("children_pct", "Children %", "Child share, from 0 to 100 (type 46 for 46%)."),
        _text(
            "children_pct_basis",
            "Children % basis",
            "What the child share is a share of, e.g. 'share of civilian casualties'. "
            "Blank means a share of Total.",
            width=30,
        ),
        _text(
            "edition",
            "Edition",
            "The Landmine Monitor edition, e.g. Landmine Monitor 2025.",
            required=True,
            is_key=True,
            width=22,
        ),
        NOTES,
        SOURCE,
        UNCONFIRMED,
    ),
    unique=(("country", "year", "edition"),),
    subject=("country", "year"),
)

MEETINGS = Sheet(
    "Meetings",
    "Meetings of the States Parties, Review Conferences and other meetings.",
    (
        _text(
            "meeting",
            "Meeting",
            "The full name, e.g. Twenty-Second Meeting of the States Parties.",
            required=True,
            width=40,
        ),
        _text(
            "short_name",
            "Short name",
            "A short unique name used on the command line, e.g. 22MSP.",
            required=True,
            is_key=True,
            width=11,
        ),
        Column(
            "type",
            "Type",
            ColumnType.CHOICE,
            "Pick from the list.",
            required=True,
            choices=MEETING_TYPES,
            width=18,
        ),
        _date("starts", "Starts", "First day of the meeting."),
        _date("ends", "Ends", "Last day of the meeting."),
        _text("city", "City", "Where it is held."),
        _state("country", "Country", "The host state, as named on the States sheet."),
        _text(
            "president",
            "President",
            "The President and the state they represent, if known.",
            width=30,
        ),
        NOTES,
        SOURCE,
        UNCONFIRMED,
    ),
    unique=(("short_name",),),
)

TIMELINE = Sheet(
    "Timeline",
    "The steps of an announced 'suspension' (or of any other treaty action), one row per step, "
    "for the briefing's timeline.",
    (
        _state("state", "State", "The state taking the step, as named on the States sheet.", required=True),
        _date("date", "Date", "Date of the step (leave blank if not known)."),
        _text("step", "Step", "What happened, in a short sentence.", required=True, width=50),
        _text("reference", "Reference", "The depositary notification (C.N.) or document number.", width=18),
        NOTES,
        SOURCE,
        UNCONFIRMED,
    ),
    required=False,
    unique=(("state", "step"),),
)

DECISIONS = Sheet(
    "Decisions",
    "Decisions of the meetings, quoted word for word from their reports, for the briefing.",
    (
        _text(
            "meeting",
            "Meeting",
            "The meeting's short name, as on the Meetings sheet, e.g. 22MSP.",
            required=True,
            width=11,
        ),
        _text("subject", "Subject", "What the decision is about, e.g. Suspension.", required=True, width=18),
        _text(
            "text",
            "Text",
            "The decision's words, quoted exactly from the meeting's report.",
            required=True,
            width=60,
        ),
        _text("reference", "Reference", "The report's document symbol and paragraph, if known.", width=18),
        SOURCE,
    ),
    required=False,
    unique=(("meeting", "text"),),
)

SOURCES = Sheet(
    SOURCES_SHEET,
    "One row per source document: what the Source columns of the other sheets cite by its key, "
    "and what the reports' footnotes and Sources section print.",
    (
        _text(
            "key",
            "Key",
            "A short unique name for the document, e.g. hrw-2025-12-01-lm2025: the Source columns cite it.",
            required=True,
            is_key=True,
            width=30,
        ),
        _text(
            "publisher",
            "Publisher",
            "Who published it: the depositary, a meeting, a government, a research body or NGO, a newspaper.",
            required=True,
            width=30,
        ),
        _text("title", "Title", "The document's title, as it gives it.", required=True, width=50),
        _text(
            "published",
            "Published",
            "The day it was published, typed as 2025-12-01; only the month (2025-12) or the year "
            "(2025) when the day is not known; blank when the date is not known. A report as at "
            "an earlier day cites only what was published by then.",
            width=13,
            dates_as_text=True,
        ),
        _text("address", "Address", "Its web address (https://...), if it has one.", width=40),
        Column(
            "kind",
            "Kind",
            ColumnType.CHOICE,
            "primary: the depositary, the treaty's meetings, a government's own statement, the "
            "Monitor report itself; secondary: research and NGO summaries; press: news reports.",
            required=True,
            choices=SOURCE_KINDS,
            width=11,
        ),
        _text("language", "Language", "The language it is written in, e.g. en, fr, es.", width=10),
        NOTES,
    ),
    required=False,
    unique=(("key",),),
)

EDITIONS = Sheet(
    EDITIONS_SHEET,
    "The Landmine Monitor editions the Casualties sheet cites, with the day each was published: a "
    "report as at an earlier day uses only the editions published by then.",
    (
        _text(
            "edition",
            "Edition",
            "The edition, e.g. Landmine Monitor 2025, named as on the Casualties sheet.",
            required=True,
            is_key=True,
            width=24,
        ),
        _date("published", "Published", "The day the edition was published (launched).", required=True),
        NOTES,
        SOURCE,
    ),
    required=False,
    unique=(("edition",),),
)

AGENDA = Sheet(
    "Agenda",
    "Optional: the items a meeting will consider (for example the Article 5 extension requests), "
    "shown in the briefing under the meeting.",
    (
        _text(
            "meeting",
            "Meeting",
            "The meeting's short name, as on the Meetings sheet, e.g. 23MSP.",
            required=True,
            width=11,
        ),
        _text(
            "item",
            "Item",
            "The item as the meeting's agenda or its documents word it, e.g. a state's request to "
            "extend its Article 5 deadline.",
            required=True,
            width=60,
        ),
        _text("reference", "Reference", "The agenda's or the request's document symbol, if known.", width=18),
        SOURCE,
    ),
    required=False,
    unique=(("meeting", "item"),),
)

SETTINGS = Sheet(
    "Settings",
    "Optional settings for the reports, one per row.",
    (
        Column(
            "setting",
            "Setting",
            ColumnType.CHOICE,
            "Pick a setting from the list.",
            required=True,
            choices=SETTING_KEYS,
            is_key=True,
            width=18,
        ),
        _text(
            "value",
            "Value",
            "Its value, e.g. your organisation's name; for Data as at, the day the workbook is "
            "current to, as a date, for example 27 November 2026 (else today is assumed).",
            width=60,
            dates_as_text=True,  # for Data as at: Excel makes a typed 2026-11-27 a date cell
        ),
    ),
    required=False,
    unique=(("setting",),),
)

SHEETS: tuple[Sheet, ...] = (
    STATES,
    WITHDRAWALS,
    SUSPENSIONS,
    OBJECTIONS,
    CASUALTIES,
    MEETINGS,
    TIMELINE,
    DECISIONS,
    SOURCES,
    EDITIONS,
    AGENDA,
    SETTINGS,
)


def normalise_header(text: object) -> str:
    """Header matching ignores case and surrounding spaces (and runs of inner spaces)."""
    return " ".join(str(text).split()).casefold() if text is not None else ""


def by_name(sheets: Iterable[Sheet]) -> dict[str, Sheet]:
    """The declared sheets by normalised name: how the reader and the registry find a sheet."""
    return {normalise_header(sheet.name): sheet for sheet in sheets}


@hookimpl(tryfirst=True)
def register_sheets() -> list[Sheet]:
    """The built-in sheets, registered like any plugin's; called first, so that a plugin's sheet
    named like a built-in adds its columns to the built-in one."""
    return list(SHEETS)
