"""Build workbooks/apmbc.xlsx from the sourced CSVs in workbooks/sources/.

Every row keeps its sources; what the data marks unconfirmed is said at the start of Notes.
Status is set as at the build date (default today), from the withdrawal dates, and Settings
`Data as at` records that day: the day the workbook is current to.

    python workbooks/build_example.py [--as-of YYYY-MM-DD] [--output PATH]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path
from typing import Any

from report_tool.workbook_init import write_workbook

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
CONVENTION = (
    "Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of "
    "Anti-Personnel Mines and on their Destruction"
)


def read(name: str) -> list[dict[str, str]]:
    with (SOURCES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def sources(row: dict[str, str]) -> str:
    urls = [row.get(k, "") for k in ("source_url", "source_url_2", "source_url_3")]
    return " ; ".join(u for u in urls if u)


def notes(row: dict[str, str], *extra: str) -> str:
    parts = []
    if row.get("confirmed") == "no":
        parts.append(f"UNCONFIRMED: {row.get('unconfirmed_fields') or 'see sources'}.")
    parts.extend(p for p in (*extra, row.get("notes", "")) if p)
    return " ".join(parts)


def states(as_of: dt.date, effective: dict[str, dt.date]) -> list[dict[str, Any]]:
    rows = []
    for row in read("states.csv"):
        status = {"Not signed": "Not party"}.get(row["status"], row["status"])
        left = effective.get(row["state"])
        if left is not None:
            status = "Withdrawn" if left <= as_of else "State Party"
        rows.append(
            {
                "state": row["state"],
                "iso3": row["iso3"],
                "region": row["region"],
                "status": status,
                "signed": day(row["signature_date"]),
                "instrument": row["instrument_type"].capitalize() or None,
                "deposited": day(row["instrument_date"]),
                "entry_into_force": day(row["entry_into_force_date"]),
                "notes": notes(row),
                "source": sources(row),
            }
        )
    return rows


def withdrawals() -> list[dict[str, Any]]:
    return [
        {
            "state": row["state"],
            "announced": day(row["announced_date"]),
            "notified": day(row["notification_date"]),
            "effective": day(row["effective_date"]),
            "reference": row["depositary_notification_ref"],
            "notes": notes(row),
            "source": sources(row),
        }
        for row in read("withdrawals.csv")
    ]


def suspensions() -> list[dict[str, Any]]:
    """One row per notified suspension; the national steps around it are its timeline in Notes."""
    steps = read("suspensions.csv")
    rows = []
    for notification in (s for s in steps if s["action"].startswith("Notification")):
        state = notification["state"]
        timeline = [s for s in steps if s["state"] == state]
        adopted = [s for s in timeline if "adopts" in s["action"]]
        described = "; ".join(
            f"{s['announced_date'] or s['notification_date'] or 'date not found'}: {s['action']}"
            + (f" ({s['note']})" if s["note"] else "")
            for s in timeline
        )
        urls = []
        for step in timeline:
            urls.extend(u for u in (step["source_url"], step["source_url_2"]) if u and u not in urls)
        rows.append(
            {
                "state": state,
                "announced": day(adopted[0]["announced_date"]) if adopted else None,
                "notified": day(notification["notification_date"]),
                "reference": "",
                "notes": f"No C.N. reference found. Timeline: {described}",
                "source": " ; ".join(urls),
            }
        )
    return rows


def objections() -> list[dict[str, Any]]:
    return [
        {
            "objecting_state": row["objecting_state"],
            "objection_to": row["target_state"],
            "action": "Suspension",
            "date": day(row["date"]),
            "reference": row["reference"],
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
                "notes": notes(row, f"Figure {row['figure_status']}."),
                "source": sources(row),
            }
        )
    for row in read("casualties_by_country_2024.csv"):
        rows.append(
            {
                "year": 2024,
                "country": row["country"],
                "total": int(row["casualties_2024"]),
                "edition": row["report"],
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
                "country": row["country"],
                "president": president,
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
    effective = {r["state"]: day(r["effective_date"]) for r in read("withdrawals.csv") if r["effective_date"]}
    rows = {
        "States": states(as_of, effective),
        "Withdrawals": withdrawals(),
        "Suspensions": suspensions(),
        "Objections": objections(),
        "Casualties": casualties(),
        "Meetings": meetings(),
        "Settings": settings(as_of),
    }
    return write_workbook(output, rows, force=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--output", type=Path, default=HERE / "apmbc.xlsx")
    args = parser.parse_args()
    print(f"Wrote {build(args.output, args.as_of)} (status as at {args.as_of.isoformat()})")


if __name__ == "__main__":
    main()
