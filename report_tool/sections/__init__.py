"""Report sections, each a small module producing renderer-neutral blocks from a ReportContext."""

from __future__ import annotations

from collections.abc import Callable

from report_tool.sections import (
    annex,
    casualties,
    changes,
    cover,
    key_figures,
    sources,
    suspensions,
    withdrawals,
)
from report_tool.sections.blocks import Section
from report_tool.sections.context import ReportContext

SectionBuilder = Callable[[ReportContext], Section]

#: In report order.
BUILTIN_SECTIONS: tuple[SectionBuilder, ...] = (
    cover.build,
    key_figures.build,
    changes.build,
    withdrawals.build,
    suspensions.build,
    casualties.build,
    annex.build,
    sources.build,
)


def build_sections(ctx: ReportContext) -> list[Section]:
    return [build(ctx) for build in BUILTIN_SECTIONS]
