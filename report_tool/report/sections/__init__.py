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
    suspensions,
    withdrawals,
    world_map,
)

#: In report order; plugins place theirs between (a stockpiles section at 70 comes before the annex).
BUILTIN_SECTIONS: tuple[tuple[str, int], ...] = (
    ("cover", 10),
    ("key_figures", 20),
    ("map", 25),
    ("changes", 30),
    ("withdrawals", 40),
    ("suspensions", 50),
    ("casualties", 60),
    ("annex", 80),
    ("since", 85),
    ("sources", 90),
)
MODULES = {
    "cover": cover,
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
    return [SectionSpec(key, MODULES[key].build, order) for key, order in BUILTIN_SECTIONS]
