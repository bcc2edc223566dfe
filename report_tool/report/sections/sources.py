"""Sources: what the footnotes cite, once each, grouped by the section that cites it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from report_tool.report.sections.blocks import (
    UNCONFIRMED_MEANING,
    Block,
    Bullets,
    Chart,
    Footnote,
    Heading,
    Paragraph,
    Section,
    Table,
)
from report_tool.report.sections.context import ReportContext

KEY = "sources"
OPENING = (
    "The footnotes cite the sources each statement, table row and figure rests on; they are listed "
    "here once each, by section. The workbook this briefing is built from names the sources of every row."
)


def build(ctx: ReportContext) -> Section:
    """A placeholder: `with_sources` fills it in once every other section is built."""
    return Section(KEY, "Sources", (Heading("Sources"),))


def with_sources(sections: Sequence[Section], output_format: str | None = None) -> list[Section]:
    """The sections with the Sources section made from what the others' footnotes cite, and (in
    the briefing, whose pages are turned) the cover listing what follows it."""
    finished = [from_sections(sections) if s.key == KEY else s for s in sections]
    if output_format not in (None, "docx"):
        return finished
    titles = tuple(s.title for s in finished if not s.cover)
    return [
        replace(s, blocks=(*s.blocks, Paragraph("In this briefing", "subtitle"), Bullets(titles)))
        if s.cover
        else s
        for s in finished
    ]


def from_sections(sections: Sequence[Section]) -> Section:
    blocks: list[Block] = [Heading("Sources"), Paragraph(OPENING), Paragraph(UNCONFIRMED_MEANING)]
    seen: set[str] = set()
    for section in sections:
        if section.key == KEY or section.cover:
            continue
        cited = [c for c in _citations(section.blocks) if c not in seen]
        seen.update(cited)
        if cited:
            blocks += [Heading(section.title, 2), Bullets(tuple(cited))]
    if len(blocks) == 3:
        blocks.append(Paragraph("No sources are recorded.", "note"))
    return Section(KEY, "Sources", tuple(blocks))


def footnotes_of(block: Block) -> Iterable[Footnote]:
    """Every footnote a block carries, in reading order."""
    if isinstance(block, Paragraph | Chart):
        yield from block.footnotes
    elif isinstance(block, Table):
        yield from block.footnotes
        for notes in block.row_footnotes:
            yield from notes


def _citations(blocks: Iterable[Block]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        if isinstance(block, Table) and "docx" not in block.outputs:
            continue
        for note in footnotes_of(block):
            found.extend(s for s in note.sources if s not in found)
    return found
