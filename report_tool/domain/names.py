"""State names: the one way names are compared (folding), the names each ISO3 code goes by, and
"did you mean" suggestions.

A state goes by several names ('Bolivia', 'Bolivia (Plurinational State of)'): the names of each
ISO3 code are the UN's (report_tool/data/un_names.csv, the UN Statistics Division's M49 English
names) and ISO 3166-1's (pycountry's common, short and official names). They decide whether a name
on States fits its code, and let a name on another sheet be matched through the code. This module
sits below the model, the checks and the diff, and imports nothing else of the package.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

#: How alike two names must be for "did you mean" (difflib's ratio).
CLOSE_ENOUGH = 0.6

#: Apostrophes that look alike: "Côte d’Ivoire" (the UN's) and "Côte d'Ivoire" (a keyboard's) are one name.
_SAME_CHARACTER = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def fold_name(name: str) -> str:
    """A name as compared: composed (NFC, so a decomposed "Türkiye" is the same name), without
    case, with one kind of apostrophe and single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).translate(_SAME_CHARACTER).casefold().split())


def pycountry_table(database: str, fallback: str, keys: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    """One of pycountry's ISO tables ('3166-1': countries, '3166-3': former countries, '639-3':
    languages), read directly: importing pycountry sets up every ISO database and costs 25 times
    as long."""
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("pycountry")
    if spec is not None and spec.origin is not None:
        data = Path(spec.origin).parent / "databases" / f"iso{database}.json"
        if data.is_file():
            return tuple(json.loads(data.read_bytes())[database])
    import pycountry

    table = getattr(pycountry, fallback)
    return tuple({k: getattr(c, k) for k in keys if getattr(c, k, None)} for c in table)


@cache
def _iso3166() -> tuple[dict[str, str], ...]:
    keys = ("alpha_3", "numeric", "common_name", "name", "official_name")
    return pycountry_table("3166-1", "countries", keys)


@cache
def _iso3166_3() -> tuple[dict[str, str], ...]:
    """Former country names (ISO 3166-3), each with the numeric code it had."""
    return pycountry_table("3166-3", "historic_countries", ("name", "numeric"))


@cache
def iso3_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-3 codes."""
    return frozenset(entry["alpha_3"] for entry in _iso3166())


@cache
def official_names() -> dict[str, tuple[str, ...]]:
    """ISO3 code -> the state's official names, the usual short one first: the UN's (M49 English,
    and the short form the NGO's workbook uses) and ISO 3166-1's short and official names."""
    import importlib.resources

    names: dict[str, list[str]] = {}
    text = importlib.resources.files("report_tool").joinpath("data/un_names.csv").read_text("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        names.setdefault(row["iso3"], []).extend((row["workbook_name"], row["name_en"]))
    for entry in _iso3166():
        found = names.setdefault(entry["alpha_3"], [])
        found.extend(entry[key] for key in ("name", "official_name") if entry.get(key))
    return {code: tuple(dict.fromkeys(found)) for code, found in names.items()}


@dataclass(frozen=True)
class CommonName:
    """A name staff use for a state that is not one of its official names, and what kind it is."""

    name: str
    code: str
    kind: str  # "a common name", "a former name", "an abbreviation", ...


@cache
def common_names() -> dict[str, CommonName]:
    """Folded name -> a common, former or short English name of one state ('Syria', 'Burma',
    'Turkey', 'UK'), from ISO 3166-1 (common names), ISO 3166-3 (former names, matched by numeric
    code) and report_tool/data/name_aliases.csv (sourced there); never an official name."""
    import importlib.resources

    found: list[CommonName] = []
    by_number = {entry["numeric"]: entry["alpha_3"] for entry in _iso3166()}
    for entry in _iso3166():
        if entry.get("common_name"):
            found.append(CommonName(entry["common_name"], entry["alpha_3"], "a common name"))
    for former in _iso3166_3():
        code = by_number.get(former.get("numeric", ""))
        if code is not None:  # a former name of a country that has a code today ('Burma, ...' is MMR)
            found.append(CommonName(former["name"].split(",")[0].strip(), code, "a former name"))
    text = importlib.resources.files("report_tool").joinpath("data/name_aliases.csv").read_text("utf-8")
    found.extend(CommonName(r["name"], r["iso3"], r["kind"]) for r in csv.DictReader(io.StringIO(text)))
    official = {fold_name(name) for names in official_names().values() for name in names}
    common: dict[str, CommonName] = {}
    for name in found:
        if fold_name(name.name) not in official:
            common.setdefault(fold_name(name.name), name)
    return common


def common_name(name: str) -> CommonName | None:
    """What kind of name `name` is, when it is a common or former name and not an official one."""
    return common_names().get(fold_name(name))


@cache
def names_of_codes() -> dict[str, tuple[str, ...]]:
    """ISO3 code -> the names the state goes by: its official names, the usual short one first,
    then its common and former ones."""
    names = {code: list(found) for code, found in official_names().items()}
    for common in common_names().values():
        names.setdefault(common.code, []).append(common.name)
    return {code: tuple(dict.fromkeys(found)) for code, found in names.items()}


@cache
def codes_by_name() -> dict[str, tuple[str, ...]]:
    """Folded name -> the ISO3 codes it is a name of (almost always one)."""
    found: dict[str, list[str]] = {}
    for code, names in names_of_codes().items():
        for name in names:
            codes = found.setdefault(fold_name(name), [])
            if code not in codes:
                codes.append(code)
    return {name: tuple(codes) for name, codes in found.items()}


def name_fits_code(name: str, code: str) -> bool:
    return code in codes_by_name().get(fold_name(name), ())


def usual_name(code: str) -> str:
    return names_of_codes().get(code, (code,))[0]


def closest(name: str, candidates: Iterable[str] | Mapping[str, str]) -> str | None:
    """The candidate most like `name`, compared folded; None if none is close.
    `candidates` may be given folded already, as {folded: candidate}."""
    by_folded = candidates if isinstance(candidates, Mapping) else {fold_name(c): c for c in candidates}
    found = difflib.get_close_matches(fold_name(name), list(by_folded), n=1, cutoff=CLOSE_ENOUGH)
    return by_folded[found[0]] if found else None


#: Words that turn a value into its opposite: a suggestion never adds or drops one ('Party' is
#: not offered 'Not party', however alike the letters).
NEGATIONS = frozenset({"not", "non", "no", "never", "without"})


def _negated(text: str) -> bool:
    return not NEGATIONS.isdisjoint(re.findall(r"[^\W\d_]+", text.casefold()))


def did_you_mean(text: str, candidates: Iterable[str]) -> str | None:
    """'did you mean ...?' for the candidate `text` was most likely meant to be (an allowed value,
    a header); None when none fits."""
    found = likely_meant(text, candidates)
    if found is None:
        return None
    capitals = " (check the capitals)" if found.casefold() == " ".join(text.split()).casefold() else ""
    return f"did you mean {found!r}?{capitals}"


def likely_meant(text: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to `text`, compared folded; a candidate that `text` starts (or that
    starts `text`) when none is close; never one that says the opposite of `text`; None when none fits."""
    negated = _negated(text)
    by_folded = {fold_name(c): c for c in candidates if _negated(c) == negated}
    folded = fold_name(text)
    if folded in by_folded:
        return by_folded[folded]
    found = closest(text, by_folded)
    if found is None:
        prefix = [c for f, c in by_folded.items() if f.startswith(folded) or folded.startswith(f)]
        return prefix[0] if len(folded) >= 4 and prefix else None
    return found


class Row(Protocol):
    """A States row as names need it: its values by column key."""

    def get(self, key: str) -> Any: ...


class Rows(Protocol):
    """The States sheet as names need it: its rows, and the cell of a row's value."""

    @property
    def records(self) -> Iterable[Any]: ...

    def cell(self, record: Any, key: str) -> str: ...


class StateNames:
    """The states on the States sheet, found by their name there or by any name of their ISO3 code."""

    def __init__(self, table: Rows | None) -> None:
        self.table = table
        self.by_name: dict[str, Row] = {}
        self.by_code: dict[str, Row] = {}
        self._candidates: dict[tuple[str, ...], tuple[dict[str, Row | None], dict[str, str]]] = {}
        for record in table.records if table is not None else ():
            name, code = record.get("state"), record.get("iso3")
            if name:
                self.by_name.setdefault(fold_name(name), record)
                if code:
                    self.by_code.setdefault(code, record)

    def row_for(self, name: str) -> Any:
        """The States row `name` refers to, as typed (folded) or through its ISO3 code; None if none."""
        folded = fold_name(name)
        found = self.by_name.get(folded)
        if found is None:
            for code in codes_by_name().get(folded, ()):
                if code in self.by_code:
                    return self.by_code[code]
        return found

    def candidates(self, also_allowed: tuple[str, ...]) -> tuple[dict[str, Row | None], dict[str, str]]:
        """Every name "did you mean" may offer, with the States row it stands for (None for an
        extra value such as 'Global'), and the same names folded; made once per column."""
        if also_allowed not in self._candidates:
            found: dict[str, Row | None] = {value: None for value in also_allowed}
            for record in self.by_name.values():
                code = record.get("iso3")
                for alias in names_of_codes().get(code, ()) if code else ():
                    found.setdefault(alias, record)
                found[record.get("state")] = record
            self._candidates[also_allowed] = found, {fold_name(c): c for c in found}
        return self._candidates[also_allowed]

    def canonical(self, name: str) -> str:
        """The name the reports print for the state `name` refers to: the States sheet's, or its
        official name where the States sheet has a common or former one ('UK', 'Burma');
        `name` itself if no state."""
        found = self.row_for(name) if name else None
        if found is None:
            return name
        state, code = found.get("state"), found.get("iso3")
        common = common_name(state)
        return usual_name(code) if common is not None and common.code == code else state

    def cell(self, record: Row) -> str:
        assert self.table is not None
        return self.table.cell(record, "state")
