"""The catalogue of issue types: every code validation can report, with its severity and what it
means, kept in one place (as frictionless keeps its errors). docs/issue-codes.md is generated from
it (`make docs`), and a test fails when the two drift; plugins add theirs (register_issue_types).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from report_tool.validation.issues import Severity

READING = "Reading the workbook"
RULES = "Rules"


@dataclass(frozen=True)
class IssueType:
    """One kind of problem: its stable code, severity, the group it is listed under, and what it
    means; `title` defaults to the code in words, `hint` to none (each issue carries its own)."""

    code: str
    severity: Severity
    group: str
    description: str
    title: str = ""
    hint: str | None = None

    def __post_init__(self) -> None:
        if not self.title:
            object.__setattr__(self, "title", self.code.replace("-", " ").capitalize())


BUILTIN_ISSUE_TYPES: tuple[IssueType, ...] = (
    IssueType(
        "missing-sheet",
        Severity.ERROR,
        READING,
        'a required sheet is not in the workbook ("did you mean"); the checks of the data wait until '
        "it is there",
    ),
    IssueType(
        "misnamed-workbook",
        Severity.WARNING,
        READING,
        "the file is an .xlsx (or .xlsm) workbook under another name, such as .xls or .ods; it is "
        "read as what it is",
    ),
    IssueType(
        "sheet-not-read",
        Severity.WARNING,
        READING,
        "a sheet of a kind the tool has no use for (an Excel 4 macro sheet, a dialog sheet) was skipped",
    ),
    IssueType(
        "formulas-read-as-saved",
        Severity.WARNING,
        READING,
        "the formulas were read as the values Excel last saved, because a part of the file (its cell "
        "styles, say) is written in a way the formula reader does not know",
    ),
    IssueType(
        "missing-column",
        Severity.ERROR,
        READING,
        "a required column is not on its sheet (noted on the header row)",
    ),
    IssueType(
        "header-not-first-row",
        Severity.WARNING,
        READING,
        "the headers were found below row 1; the rows above are ignored",
    ),
    IssueType(
        "blank-header",
        Severity.WARNING,
        READING,
        "a column has values but no header (often a header merged across columns)",
    ),
    IssueType("duplicate-header", Severity.ERROR, READING, "the same header twice on a sheet"),
    IssueType(
        "unknown-column",
        Severity.WARNING,
        READING,
        'a column the tool does not know; kept, not checked ("did you mean")',
    ),
    IssueType("required-value-missing", Severity.ERROR, READING, "a required cell is empty"),
    IssueType(
        "stray-row",
        Severity.ERROR,
        READING,
        "a row holds values but none of the required ones (a stray value below the table); "
        "reported once, at its first value",
    ),
    IssueType(
        "merged-cells",
        Severity.ERROR,
        READING,
        "cells merged across rows below the headers: merged cells hold one value, the lower rows "
        "read as empty",
    ),
    IssueType(
        "formula-not-calculated",
        Severity.ERROR,
        READING,
        "a formula with no calculated value (saved by a program that does not calculate)",
    ),
    IssueType(
        "formula-error", Severity.ERROR, READING, "a cell shows an Excel error such as `#REF!` or `#DIV/0!`"
    ),
    IssueType(
        "wrong-type",
        Severity.ERROR,
        READING,
        "a value of the wrong kind: text in a date or number column, a date in a text column, TRUE/FALSE",
    ),
    IssueType(
        "invalid-date",
        Severity.ERROR,
        READING,
        "text that looks like a date but is not a real one (2025-02-30) or not in a form read (27/06/25)",
    ),
    IssueType(
        "ambiguous-date",
        Severity.ERROR,
        READING,
        "a date typed as numbers that could be two days (03/04/2026: 3 April or 4 March)",
    ),
    IssueType(
        "date-as-text",
        Severity.WARNING,
        READING,
        "a date typed as text in a form read without doubt (27 June 2025, 26/11/2026): accepted",
    ),
    IssueType(
        "iso-date-as-text",
        Severity.WARNING,
        READING,
        "a date typed as text in the unambiguous form 2025-06-27: accepted",
    ),
    IssueType("number-as-text", Severity.WARNING, READING, "a number stored as text ('6,279'): accepted"),
    IssueType("not-whole-number", Severity.ERROR, READING, "a count or year with a fraction"),
    IssueType("negative-count", Severity.ERROR, READING, "a count below zero"),
    IssueType(
        "out-of-range",
        Severity.ERROR,
        READING,
        "a percentage outside 0-100, a year outside 1997-2100, a date outside 1900-2199 (31/12/9999 "
        "as a placeholder), a number beyond Excel's 15 digits (1E+308)",
    ),
    IssueType(
        "percent-as-fraction",
        Severity.WARNING,
        READING,
        "a percentage below 1 that was probably meant as a fraction (0.9 for 90%)",
    ),
    IssueType(
        "not-allowed-value", Severity.ERROR, READING, 'a value not in the column\'s list ("did you mean")'
    ),
    IssueType(
        "allowed-value-spelled-differently",
        Severity.WARNING,
        READING,
        "a value of the column's list typed in other capitals or with other spacing ('state party'): "
        "read as the list has it",
    ),
    IssueType(
        "suspended-status",
        Severity.ERROR,
        READING,
        'Status "Suspended": the Convention has no suspension mechanism',
    ),
    IssueType("invalid-iso3", Severity.ERROR, READING, "not an ISO 3166-1 alpha-3 code"),
    IssueType(
        "untrimmed-text", Severity.WARNING, READING, "spaces or line breaks around a name or key: trimmed"
    ),
    IssueType(
        "control-characters", Severity.WARNING, READING, "invisible control characters in text: left out"
    ),
    IssueType(
        "unconfirmed-unknown-column",
        Severity.WARNING,
        RULES,
        "an Unconfirmed cell names a column that is not on its sheet; the value it meant is not marked",
    ),
    IssueType(
        "duplicate-key",
        Severity.ERROR,
        RULES,
        "a State, ISO3, Short name, Setting, or Country + Year + Edition twice",
    ),
    IssueType(
        "no-states",
        Severity.WARNING,
        RULES,
        "the States sheet has no states (a workbook just made by `init`); `generate` refuses it",
    ),
    IssueType(
        "state-name-mismatch",
        Severity.ERROR,
        RULES,
        "a name on the States sheet that is not one of the names of its ISO3 code (the UN's or "
        "ISO 3166's): a misspelt name or a wrong code; an error, so that no report prints a state "
        "under a misspelt name or colours another state's shape on the map",
    ),
    IssueType(
        "unknown-state",
        Severity.ERROR,
        RULES,
        'a state named on another sheet that is not on the States sheet ("did you mean", saying '
        "which spelling looks right where the States sheet's own looks wrong)",
    ),
    IssueType(
        "state-named-differently",
        Severity.WARNING,
        RULES,
        "a state named on another sheet by another of its names ('Bolivia' for 'Bolivia "
        "(Plurinational State of)'), matched through its ISO3 code; the reports use the States "
        "sheet's name. Also an area the Landmine Monitor lists apart from states, in a spelling it "
        "used before ('Nagorny-Karabakh')",
    ),
    IssueType(
        "state-common-name",
        Severity.WARNING,
        RULES,
        "a state on the States sheet under a common or former name ('Syria', 'Burma', 'Turkey', "
        "'UK') instead of its official one: the reports print the States sheet's names",
    ),
    IssueType(
        "area-on-states",
        Severity.ERROR,
        RULES,
        "an area the Landmine Monitor lists apart from states (Kosovo, Western Sahara) on the States "
        "sheet, where it would be counted among the states; its casualties go on Casualties",
    ),
    IssueType(
        "objection-without-action",
        Severity.ERROR,
        RULES,
        "an objection to a suspension or withdrawal that is not on its sheet",
    ),
    IssueType("self-objection", Severity.ERROR, RULES, "a state objecting to its own action"),
    IssueType(
        "signature-outside-window",
        Severity.ERROR,
        RULES,
        "signed outside 3 December 1997 to 28 February 1999 (Article 15)",
    ),
    IssueType(
        "accession-with-signature", Severity.ERROR, RULES, "an accession by a state with a signature date"
    ),
    IssueType(
        "ratification-without-signature",
        Severity.ERROR,
        RULES,
        "a ratification, acceptance or approval without a signature date",
    ),
    IssueType(
        "entry-into-force-mismatch",
        Severity.ERROR,
        RULES,
        "entry into force not as Article 17 sets it (the hint gives the date)",
    ),
    IssueType(
        "withdrawal-effective-mismatch",
        Severity.ERROR,
        RULES,
        "a withdrawal effective earlier than six months after notification (Article 20)",
    ),
    IssueType(
        "withdrawal-effective-late",
        Severity.ERROR,
        RULES,
        "later than six months after notification, without yes in Armed conflict (Art. 20(3))",
    ),
    IssueType(
        "withdrawal-by-non-party",
        Severity.ERROR,
        RULES,
        "a withdrawal notified by a state that was not a State Party then",
    ),
    IssueType(
        "status-mismatch", Severity.ERROR, RULES, "Status does not follow from the dates as at the data date"
    ),
    IssueType(
        "party-without-deposit",
        Severity.WARNING,
        RULES,
        "States Parties without a Deposited date (one issue listing the cells)",
    ),
    IssueType("signatory-without-date", Severity.WARNING, RULES, "a Signatory without a Signed date"),
    IssueType(
        "date-order",
        Severity.ERROR,
        RULES,
        "dates out of order (Signed <= Deposited < Entry into force; Announced <= Notified <= Effective)",
    ),
    IssueType(
        "objection-before-action",
        Severity.ERROR,
        RULES,
        "an objection dated before the action it objects to was notified",
    ),
    IssueType(
        "future-date",
        Severity.ERROR,
        RULES,
        "a signature, deposit, announcement, notification or objection after the data date",
    ),
    IssueType(
        "objection-undated",
        Severity.WARNING,
        RULES,
        "objections without a date (one issue listing the cells)",
    ),
    IssueType(
        "data-date-invalid",
        Severity.ERROR,
        RULES,
        "Settings `Data as at` is not a date, or is before 3 December 1997",
    ),
    IssueType("casualty-sum-mismatch", Severity.ERROR, RULES, "Total is not Killed + Injured + Unknown"),
    IssueType(
        "casualty-parts-exceed-total", Severity.ERROR, RULES, "the parts given add up to more than the Total"
    ),
    IssueType("civilians-exceed-total", Severity.ERROR, RULES, "more civilian casualties than casualties"),
    IssueType("children-exceed-total", Severity.ERROR, RULES, "more child casualties than casualties"),
    IssueType(
        "percentage-mismatch",
        Severity.WARNING,
        RULES,
        "a count and its percentage disagree by more than a point",
    ),
    IssueType(
        "tenfold-change",
        Severity.WARNING,
        RULES,
        "a year's total more than ten times the year before's, in the same edition",
    ),
    IssueType(
        "casualty-year-future", Severity.ERROR, RULES, "a casualty Year after the year of the data date"
    ),
    IssueType("meeting-dates-order", Severity.ERROR, RULES, "a meeting that ends before it starts"),
    IssueType(
        "unknown-source-key",
        Severity.ERROR,
        RULES,
        'a Source cell cites a key that is not on the Sources sheet ("did you mean")',
    ),
    IssueType(
        "source-address-not-listed",
        Severity.WARNING,
        RULES,
        "a Source cell gives a web address instead of a key: cited without publisher, title or "
        "date (the hint offers a Sources row, or names the key the address already has)",
    ),
    IssueType("source-not-cited", Severity.WARNING, RULES, "a Sources row that no row cites"),
    IssueType(
        "source-published-invalid",
        Severity.ERROR,
        RULES,
        "a Sources row's Published is not a day, a month (2025-12) or a year (2025)",
    ),
    IssueType(
        "edition-name",
        Severity.ERROR,
        RULES,
        "a casualty Edition not named 'Landmine Monitor YYYY' (LM2023: did you mean Landmine Monitor 2023)",
    ),
    IssueType(
        "unknown-edition",
        Severity.ERROR,
        RULES,
        "a casualty Edition that is not on the Editions sheet (when the workbook has one)",
    ),
    IssueType(
        "edition-not-published",
        Severity.ERROR,
        RULES,
        "a casualty Edition published after the data date (Landmine Monitor 2099)",
    ),
    IssueType(
        "edition-before-year",
        Severity.ERROR,
        RULES,
        "a casualty Year not before its Edition's year (2023 from Landmine Monitor 2020): an edition "
        "reports on earlier years",
    ),
    IssueType(
        "plugin-check-failed",
        Severity.ERROR,
        RULES,
        "a plugin's check raised an exception (the other checks ran)",
    ),
)


def catalogue(extra: Iterable[IssueType] = ()) -> dict[str, IssueType]:
    """Code -> issue type: the built-ins, then `extra` (the plugins'); a code is declared once."""
    found: dict[str, IssueType] = {}
    for issue_type in (*BUILTIN_ISSUE_TYPES, *extra):
        if issue_type.code in found:
            raise ValueError(f"the issue code {issue_type.code!r} is declared twice")
        found[issue_type.code] = issue_type
    return found


def describe(types: Iterable[IssueType]) -> list[dict[str, str]]:
    """Each issue type as data, for `report-tool codes --format json`."""
    return [
        {
            "code": t.code,
            "severity": str(t.severity),
            "group": t.group,
            "title": t.title,
            "description": t.description,
        }
        for t in types
    ]


def text_lines(types: Iterable[IssueType]) -> Iterator[str]:
    """Each group's codes with their severity and meaning, for people."""
    types = list(types)
    width = max((len(t.code) for t in types), default=0)
    for group in dict.fromkeys(t.group for t in types):
        yield group
        for t in (t for t in types if t.group == group):
            yield f"  {t.code:<{width}}  {t.severity:<7}  {t.description}"


def codes(group: str) -> tuple[str, ...]:
    return tuple(t.code for t in BUILTIN_ISSUE_TYPES if t.group == group)


INTRODUCTION = """\
# Issue codes

<!-- generated from report_tool/validation/catalogue.py by `make docs`: edit the catalogue, not this file -->

Every problem `report-tool validate` reports has one of these stable codes (the `code` field of
its JSON and CSV output, and the `[code]` at the end of each text line). Errors stop
`generate`; warnings are shown and reported but do not. An issue takes its severity from its code
here; a code no catalogue declares is refused. `report-tool codes` lists these and the loaded
plugins' codes (as JSON too, for programs).
"""

PLUGINS = """\
Plugins add codes of their own (hook `register_issue_types`); see their documentation (the
stockpiles example: `stockpile-destroyed-exceeds`, `stockpile-deadline-mismatch`,
`stockpile-deadline-passed`).
"""


def markdown(types: Iterable[IssueType] = BUILTIN_ISSUE_TYPES) -> str:
    """docs/issue-codes.md: a table per group, in catalogue order."""
    types = list(types)
    parts = [INTRODUCTION]
    for group in dict.fromkeys(t.group for t in types):
        rows = [f"| `{t.code}` | {t.severity} | {t.description} |" for t in types if t.group == group]
        parts.append(
            f"## {group}\n\n| code | severity | what it means |\n|---|---|---|\n" + "\n".join(rows) + "\n"
        )
    parts.append(PLUGINS)
    return "\n".join(parts)


if __name__ == "__main__":
    print(markdown(), end="")
