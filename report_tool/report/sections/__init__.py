"""Report sections, each a small module producing renderer-neutral blocks from a ReportContext."""

from __future__ import annotations

from report_tool.plugins.hookspecs import hookimpl
from report_tool.plugins.registry import SectionSpec
from report_tool.report.sections import (
    annex,
    casualties,
    changes,
    cover,
    key_figures,
    since,
    sources,
    summary,
    suspensions,
    withdrawals,
    world_map,
)
from report_tool.report.sections.blocks import SUMMARY_SHEET

#: In report order, with the Excel summary's sheet of those that name one; plugins place theirs
#: between (a stockpiles section at 70 comes before the annex).
BUILTIN_SECTIONS: tuple[tuple[str, int, str | None], ...] = (
    ("cover", 10, SUMMARY_SHEET),
    ("summary", 15, SUMMARY_SHEET),
    ("key_figures", 20, SUMMARY_SHEET),
    ("map", 25, None),
    ("changes", 30, SUMMARY_SHEET),
    ("withdrawals", 40, None),
    ("suspensions", 50, "Suspension and objections"),
    ("casualties", 60, None),
    ("annex", 80, None),
    ("since", 85, "Changes since last version"),
    ("sources", 90, None),
)
MODULES = {
    "cover": cover,
    "summary": summary,
    "key_figures": key_figures,
    "map": world_map,
    "changes": changes,
    "withdrawals": withdrawals,
    "suspensions": suspensions,
    "casualties": casualties,
    "annex": annex,
    "since": since,
    "sources": sources,
}


@hookimpl
def register_sections() -> list[SectionSpec]:
    """The built-in sections, registered like any plugin's."""
    return [
        SectionSpec(key, MODULES[key].build, order, sheet=sheet) for key, order, sheet in BUILTIN_SECTIONS
    ]
