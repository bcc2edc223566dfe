"""Report sections, each a small module producing renderer-neutral blocks from a ReportContext."""

from __future__ import annotations

from report_tool.plugins.hookspecs import hookimpl
from report_tool.plugins.registry import SectionSpec


@hookimpl
def register_sections() -> list[SectionSpec]:
    """The built-in sections, registered like any plugin's. Their modules are imported when the
    sections are asked for (a report), not when the registry is built: validate has no use for
    them, and they were a fifth of its imports."""
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

    # In report order, with the Excel summary's sheet of those that name one; plugins place theirs
    # between (a stockpiles section at 70 comes before the annex).
    in_order = (
        ("cover", cover, 10, SUMMARY_SHEET),
        ("summary", summary, 15, SUMMARY_SHEET),
        ("key_figures", key_figures, 20, SUMMARY_SHEET),
        ("map", world_map, 25, None),
        ("changes", changes, 30, SUMMARY_SHEET),
        ("withdrawals", withdrawals, 40, None),
        ("suspensions", suspensions, 50, "Suspension and objections"),
        ("casualties", casualties, 60, None),
        ("annex", annex, 80, None),
        ("since", since, 85, "Changes since last version"),
        ("sources", sources, 90, None),
    )
    return [SectionSpec(key, module.build, order, sheet=sheet) for key, module, order, sheet in in_order]
