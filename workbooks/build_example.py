"""Build workbooks/apmbc.xlsx from the sourced CSVs in workbooks/sources/.

Every row cites its sources by key, best first (each CSV's `source_keys`, which put the better
sources of source_upgrades.csv first); the Sources sheet lists every document cited (sources.csv:
publisher, title, date of publication, address, kind, language) and the Editions sheet the
Landmine Monitor editions with the day each came out (editions.csv). What the data marks
unconfirmed is named in the row's Unconfirmed column, in the sheet's header words, and Notes say
why. States take their UN names (M49 English names, report_tool/data/un_names.csv) on every
sheet. Status is set as at the build date (default today), from the withdrawal dates, and
Settings `Data as at` records that day: the day the workbook is current to.

    python workbooks/build_example.py [--as-of YYYY-MM-DD] [--output PATH]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path
from typing import Any

from report_tool.domain.model import unconfirmed_entries
from report_tool.workbook.blank import write_workbook

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
UN_NAMES = HERE.parent / "report_tool" / "data" / "un_names.csv"

#: The sources' field names (in `unconfirmed_fields`) as the workbook's header words.
HEADERS = {
    "signature_date": "Signed",
    "instrument_date": "Deposited",
    "instrument_type": "Instrument",
    "entry_into_force_date": "Entry into force",
    "status": "Status",
    "effective_date": "Effective",
    "notification_date": "Notified",
    "unknown_status": "Unknown",
    "child_casualties": "Children",
    "child_pct": "Children %",
    "killed": "Killed",
    "total": "Total",
    "casualties_2024": "Total",
    "report attribution": "Edition",
    "start_date": "Starts",
    "end_date": "Ends",
}
CONVENTION = (
    "Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of "
    "Anti-Personnel Mines and on their Destruction"
)


def read(name: str) -> list[dict[str, str]]:
    with (SOURCES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _un_names() -> dict[str, str]:
    with UN_NAMES.open(encoding="utf-8", newline="") as handle:
        return {row["workbook_name"]: row["name_en"] for row in csv.DictReader(handle)}


UN = _un_names()


def un(name: str) -> str:
    """A state's UN name (M49 English), whatever name the sources use."""
    return UN.get(name, name)


def day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def sources(row: dict[str, str]) -> str:
    """The row's Source cell: its source keys, best first; its addresses where it has no keys."""
    keys = [k.strip() for k in (row.get("source_keys") or row.get("source_key") or "").split(";")]
    if any(keys):
        return "; ".join(dict.fromkeys(k for k in keys if k))
    urls = [row.get(k, "") for k in ("source_url", "source_url_2", "source_url_3")]
    return "; ".join(u for u in urls if u)


def source_documents(cited: set[str]) -> list[dict[str, Any]]:
    """The Sources sheet: each document the other sheets cite, as sources.csv describes it."""
    return [
        {
            "key": row["key"],
            # a publisher "Unknown (...); SOURCES.md calls it ...": the remark is for the notes
            "publisher": row["publisher"].split("; SOURCES.md")[0],
            "title": row["title"],
            "published": row["published"],
            "address": row["url"],
            "kind": row["kind"],
            "language": row["language"],
            "notes": row["notes"],
        }
        for row in read("sources.csv")
        if row["key"] in cited
    ]


def editions() -> list[dict[str, Any]]:
    return [
        {
            "edition": row["edition"],
            "published": day(row["published"]),
            "notes": row["notes"],
            "source": sources(row),
        }
        for row in read("editions.csv")
    ]


def _fields(row: dict[str, str]) -> list[tuple[str, str]]:
    """(header words, why) for each value `unconfirmed_fields` names, in the sheet's own words."""
    found = []
    entries = unconfirmed_entries(row.get("unconfirmed_fields", ""))
    for part in (f"{words} ({why})" if why else words for words, why in entries):
        for field in sorted(HEADERS, key=len, reverse=True):
            if part.startswith(field):
                found.append((HEADERS[field], part[len(field) :].strip(" ()")))
                break
    return found


def unconfirmed(row: dict[str, str]) -> str:
    """The Unconfirmed cell: the header words of the values the sources do not confirm, each with
    the reason the research gives in brackets ('Effective (day derived: ...)')."""
    if row.get("confirmed") != "no":
        return ""
    said: dict[str, str] = {}
    for header, why in _fields(row):
        said.setdefault(header, why)
    return "; ".join(f"{header} ({why})" if why else header for header, why in said.items())


def notes(row: dict[str, str], *extra: str) -> str:
    parts = []
    if row.get("confirmed") == "no":
        said = [f"{header}: {why}" if why else header for header, why in _fields(row)]
        parts.append(f"Not confirmed: {'; '.join(said) or row.get('unconfirmed_fields') or 'see sources'}.")
    parts.extend(p for p in (*extra, row.get("notes", "")) if p)
    return " ".join(parts)


def states(as_of: dt.date, effective: dict[str, dt.date]) -> list[dict[str, Any]]:
    rows = []
    for row in read("states.csv"):
        status = {"Not signed": "Not party"}.get(row["status"], row["status"])
        left = effective.get(un(row["state"]))
        if left is not None:
            status = "Withdrawn" if left <= as_of else "State Party"
        rows.append(
            {
                "state": un(row["state"]),
                "iso3": row["iso3"],
                "region": row["region"],
                "status": status,
                "signed": day(row["signature_date"]),
                "instrument": row["instrument_type"].capitalize() or None,
                "deposited": day(row["instrument_date"]),
                "entry_into_force": day(row["entry_into_force_date"]),
                "unconfirmed": unconfirmed(row),
                "notes": notes(row),
                "source": sources(row),
            }
        )
    return rows


def withdrawals() -> list[dict[str, Any]]:
    return [
        {
            "state": un(row["state"]),
            "announced": day(row["announced_date"]),
            "notified": day(row["notification_date"]),
            "effective": day(row["effective_date"]),
            "reference": row["depositary_notification_ref"],
            "unconfirmed": unconfirmed(row),
            "notes": notes(row),
            "source": sources(row),
        }
        for row in read("withdrawals.csv")
    ]


def suspensions() -> list[dict[str, Any]]:
    """One row per notified suspension; its steps are on the Timeline sheet."""
    steps = read("suspensions.csv")
    rows = []
    for notification in (s for s in steps if s["action"].startswith("Notification")):
        state = notification["state"]
        adopted = [s for s in steps if s["state"] == state and "adopts" in s["action"]]
        rows.append(
            {
                "state": un(state),
                "announced": day(adopted[0]["announced_date"]) if adopted else None,
                "notified": day(notification["notification_date"]),
                "reference": "",
                "unconfirmed": unconfirmed(notification),
                "notes": f"No C.N. reference found. {notification['note']}",
                "source": sources(notification),
            }
        )
    return rows


#: The steps of suspensions.csv as the timeline words them (the sources' own words are in Notes).
STEPS = {
    "Presidential decree": "Presidential decree puts into effect the National Security and Defence "
    "Council's decision to withdraw from the Convention (not a notification to the depositary)",
    "Verkhovna Rada adopts": "Verkhovna Rada adopts a law suspending the Convention for Ukraine",
    "President signs": "The President signs the law (date not found in the sources)",
    "Notification": "Ukraine notifies the UN Secretary-General, as depositary, of the 'suspension' "
    "of the Convention's operation",
    "Depositary informs": "The depositary informs the States Parties",
    "22MSP final report": "The Twenty-Second Meeting of the States Parties adopts its final report "
    "by consensus: the Convention does not allow suspension, and Ukraine remains bound",
}


def timeline() -> list[dict[str, Any]]:
    rows = []
    for row in read("suspensions.csv"):
        step = next(
            (words for start, words in STEPS.items() if row["action"].startswith(start)), row["action"]
        )
        rows.append(
            {
                "state": un(row["state"]),
                "date": day(row["notification_date"] or row["announced_date"]),
                "step": step,
                "reference": "",
                "unconfirmed": unconfirmed(row),
                "notes": f"{row['action']}. {row['note']}",
                "source": sources(row),
            }
        )
    return rows


def decisions() -> list[dict[str, Any]]:
    """The 22MSP decision on suspension, quoted from terms.csv, cited as suspensions.csv cites it."""
    terms = {row["key"]: row for row in read("terms.csv")}
    final = next(r for r in read("suspensions.csv") if r["action"].startswith("22MSP final report"))
    return [
        {
            "meeting": "22MSP",
            "subject": "Suspension",
            "text": terms["decision_22msp_suspension"]["en"],
            "reference": "",
            "source": sources(final),
        }
    ]


def objections() -> list[dict[str, Any]]:
    return [
        {
            "objecting_state": un(row["objecting_state"]),
            "objection_to": un(row["target_state"]),
            "action": "Suspension",
            "date": day(row["date"]),
            "reference": row["reference"],
            "unconfirmed": unconfirmed(row),
            "notes": notes(row, f"Objection to: {row['target_action']}."),
            "source": sources(row),
        }
        for row in read("objections.csv")
    ]


def casualties() -> list[dict[str, Any]]:
    rows = []
    for row in read("casualties_global.csv"):
        if not row["report"]:  # no Landmine Monitor edition known: cannot be placed (see README)
            continue
        rows.append(
            {
                "year": int(row["year"]),
                "country": "Global",
                "total": int(row["total"]),
                **{
                    k: int(row[c]) if row[c] else None
                    for k, c in (
                        ("killed", "killed"),
                        ("injured", "injured"),
                        ("unknown", "unknown_status"),
                        ("children", "child_casualties"),
                    )
                },
                "civilians_pct": float(row["civilian_pct"]) if row["civilian_pct"] else None,
                "children_pct": float(row["child_pct"]) if row["child_pct"] else None,
                "children_pct_basis": row["child_pct_basis"],
                "edition": row["report"],
                "unconfirmed": unconfirmed(row),
                "notes": notes(row, f"Figure {row['figure_status']}."),
                "source": sources(row),
            }
        )
    for row in read("casualties_by_country_2024.csv"):
        rows.append(
            {
                "year": 2024,
                "country": un(row["country"]),
                "total": int(row["casualties_2024"]),
                "edition": row["report"],
                "unconfirmed": unconfirmed(row),
                "notes": notes(row, f"Rank {row['rank']} in 2024."),
                "source": sources(row),
            }
        )
    return rows


def meetings() -> list[dict[str, Any]]:
    rows = []
    for row in read("meetings.csv"):
        president = row["president"]
        if president and row["president_state"]:
            president = f"{president} ({row['president_state']})"
        elif row["president_state"]:
            president = f"Presiding state: {row['president_state']}"
        rows.append(
            {
                "meeting": row["name"],
                "short_name": row["short"],
                "type": row["type"],
                "starts": day(row["start_date"]),
                "ends": day(row["end_date"]),
                "city": row["city"],
                "country": un(row["country"]),
                "president": president,
                "unconfirmed": unconfirmed(row),
                "notes": notes(row),
                "source": sources(row),
            }
        )
    return rows


def settings(as_of: dt.date) -> list[dict[str, Any]]:
    return [
        {"setting": "Convention", "value": CONVENTION},
        {"setting": "Report title", "value": "Anti-Personnel Mine Ban Convention: status briefing"},
        {"setting": "Data as at", "value": as_of.isoformat()},  # the day it is built: what it is current to
    ]


def build(output: Path, as_of: dt.date) -> Path:
    return write_workbook(output, sheets(as_of), force=True)


def sheets(as_of: dt.date) -> dict[str, list[dict[str, Any]]]:
    """Every sheet's rows (the benchmark's workbooks are these with other casualty rows)."""
    effective = {
        un(r["state"]): day(r["effective_date"]) for r in read("withdrawals.csv") if r["effective_date"]
    }
    rows = {
        "States": states(as_of, effective),
        "Withdrawals": withdrawals(),
        "Suspensions": suspensions(),
        "Objections": objections(),
        "Casualties": casualties(),
        "Meetings": meetings(),
        "Timeline": timeline(),
        "Decisions": decisions(),
        "Editions": editions(),
        "Settings": settings(as_of),
    }
    cited = {
        key for sheet in rows.values() for row in sheet for key in str(row.get("source", "")).split("; ")
    }
    rows["Sources"] = source_documents(cited)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--output", type=Path, default=HERE / "apmbc.xlsx")
    args = parser.parse_args()
    print(f"Wrote {build(args.output, args.as_of)} (status as at {args.as_of.isoformat()})")


if __name__ == "__main__":
    main()
