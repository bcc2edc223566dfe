"""The report formats, in one table keyed by format: what each file is called, whose sections it
shows and how it is written. generate(), the CLI's --format and the summary line all read it;
a renderer's module is imported only when its format is written (--help loads none of them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from report_tool.report.sections.blocks import Section
    from report_tool.report.sections.context import ReportContext

Write = Callable[["Sequence[Section]", "ReportContext", "Path | None", Path], None]


class Renderer(NamedTuple):
    """One report format (a NamedTuple: --help reads this table, and needs no dataclasses)."""

    format: str  # the file's extension, and the value of --format
    kind: str  # in the file's name: 23MSP-briefing-2026-11-26.docx
    written_as: str  # in the summary line: "Wrote the briefing ..."
    sections_of: str  # the format whose sections it shows (a PDF is the briefing converted)
    default: bool  # written when no format is asked for
    write: Write  # (sections, context, template or None, path)
    ready: Callable[[], object] | None = None  # asked before any work (is LibreOffice there?)


def _docx(sections: Sequence[Section], ctx: ReportContext, template: Path | None, path: Path) -> None:
    from report_tool.report.render.docx import render_docx

    render_docx(sections, ctx, template, path)


def _xlsx(sections: Sequence[Section], ctx: ReportContext, template: Path | None, path: Path) -> None:
    from report_tool.report.render.xlsx import render_xlsx

    render_xlsx(sections, ctx, path)  # the summary has no Word template


def _pdf(sections: Sequence[Section], ctx: ReportContext, template: Path | None, path: Path) -> None:
    from report_tool.report.render.pdf import render_pdf

    render_pdf(sections, ctx, template, path)


def _libreoffice() -> object:
    from report_tool.report.render.pdf import find_libreoffice

    return find_libreoffice()


RENDERERS: dict[str, Renderer] = {
    renderer.format: renderer
    for renderer in (
        Renderer("docx", "briefing", "the briefing", "docx", True, _docx),
        Renderer("xlsx", "summary", "the summary", "xlsx", True, _xlsx),
        # asked for by name only, as it needs LibreOffice
        Renderer("pdf", "briefing", "the briefing as PDF", "docx", False, _pdf, _libreoffice),
    )
}
#: What generate writes when no format is asked for.
DEFAULT_FORMATS = tuple(name for name, renderer in RENDERERS.items() if renderer.default)


def renderer(output_format: str) -> Renderer:
    try:
        return RENDERERS[output_format]
    except KeyError:
        raise ValueError(f"unknown format {output_format!r}; known: {', '.join(RENDERERS)}") from None
