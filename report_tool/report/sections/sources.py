"""Sources: every document the footnotes cite, once each, grouped by kind (primary first); and the
choice of what a report may cite: only what was published by the day it is known at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from report_tool.domain.collation import un_key
from report_tool.domain.sources import Bibliography, SourceDocument
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
    TableColumn,
)
from report_tool.report.sections.citations import KIND_HEADINGS, Part, Uncitable, full_entry, listing_order
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.source_series import series_of, series_parts
from report_tool.report.sections.vocabulary import hindsight_note

KEY = "sources"
OPENING = (
    "The footnotes cite the documents each statement, table row and figure rests on; each is listed "
    "here once, primary sources first: the depositary, the Convention's meetings, governments' own "
    "statements and the Landmine Monitor itself, then research and summaries, then the press."
)
#: The Excel summary has no footnotes: its Sources sheet says what it lists in its own terms.
SUMMARY_OPENING = (
    "The documents the figures on the other sheets rest on, each listed once, primary sources first: "
    "the depositary, the Convention's meetings, governments' own statements and the Landmine Monitor "
    "itself, then research and summaries, then the press."
)


def build(ctx: ReportContext) -> Section:
    """A placeholder: `with_sources` fills it in once every other section is built."""
    return Section(KEY, "Sources", (Heading("Sources"),))


@dataclass(frozen=True)
class Cited:
    """The finished sections, and the facts stated without a citation because every source of
    theirs was published after the day the report is known at."""

    sections: list[Section]
    uncitable: list[Uncitable]


def with_sources(
    sections: Sequence[Section], ctx: ReportContext | None = None, output_format: str | None = None
) -> Cited:
    """The sections with their citations resolved (as at the day the report is known at), the
    Sources section made from what the others cite, and (in the briefing, whose pages are turned)
    the cover listing what follows it."""
    bibliography = ctx.model.bibliography if ctx is not None else Bibliography()
    known_at = ctx.known_at if ctx is not None else dt.date.max
    resolved, uncitable = resolve(sections, bibliography, known_at)
    finished = [from_sections(resolved, ctx, output_format) if s.key == KEY else s for s in resolved]
    if output_format not in (None, "docx"):
        return Cited(finished, uncitable)
    titles = tuple(s.title for s in finished if not s.cover)
    return Cited(
        [
            replace(s, blocks=(*s.blocks, Paragraph("In this briefing", "subtitle"), Bullets(titles)))
            if s.cover
            else s
            for s in finished
        ],
        uncitable,
    )


def resolve(
    sections: Sequence[Section], bibliography: Bibliography, known_at: dt.date
) -> tuple[list[Section], list[Uncitable]]:
    """The sections with every footnote's citations resolved to the documents published by
    `known_at`; and the facts left without any, because their sources all came out later."""
    uncitable: dict[str, Uncitable] = {}

    def one(note: Footnote) -> Footnote:
        if not note.sources:
            return note
        cited = bibliography.documents_cited(note.sources)
        known = tuple(d for d in cited if d.published_by(known_at))
        if cited and not known:
            about = note.about or note.text or "A statement"
            uncitable.setdefault(about, Uncitable(about, cited, known_at))
        return replace(note, documents=known, sources_in_text=False, resolved=True)

    def block(item: Block) -> Block:
        if isinstance(item, Paragraph | Chart):
            return replace(item, footnotes=tuple(one(n) for n in item.footnotes))
        if isinstance(item, Table):
            return replace(
                item,
                footnotes=tuple(one(n) for n in item.footnotes),
                row_footnotes=tuple(tuple(one(n) for n in notes) for notes in item.row_footnotes),
            )
        return item

    resolved = [replace(s, blocks=tuple(block(b) for b in s.blocks)) for s in sections]
    return resolved, list(uncitable.values())


def from_sections(
    sections: Sequence[Section], ctx: ReportContext | None = None, output_format: str | None = None
) -> Section:
    """Each document cited anywhere, once, under its kind; and the same list as a table for the
    summary's Sources sheet."""
    documents: dict[str, SourceDocument] = {}
    for section in sections:
        if section.key == KEY or section.cover:
            continue
        for note in _notes(section.blocks):
            for document in note.documents:
                documents.setdefault(document.key.casefold(), document)
    listed = sorted(documents.values(), key=listing_order)
    opening = SUMMARY_OPENING if output_format == "xlsx" else OPENING
    blocks: list[Block] = [Heading("Sources"), Paragraph(opening)]
    if ctx is not None and ctx.hindsight:
        blocks.append(Paragraph(hindsight_note(ctx.known_at), "note"))
    blocks.append(Paragraph(UNCONFIRMED_MEANING))
    if not listed:
        blocks.append(Paragraph("No sources are recorded.", "note"))
        return Section(KEY, "Sources", tuple(blocks))
    cited_for = _states_citing(ctx)
    for kind, heading in KIND_HEADINGS.items():
        of_kind = [d for d in listed if (d.kind if d.listed else "") == kind]
        if of_kind:
            blocks += [Heading(heading, 2), Bullets(_entries(of_kind, output_format, cited_for))]
    blocks.append(
        Table(
            "Sources",
            "The documents cited, primary sources first",
            (
                TableColumn("Kind", width=0.8),
                TableColumn("Publisher", width=2.0),
                TableColumn("Title", width=3.0),
                TableColumn("Published", width=1.0),
                TableColumn("Language", width=0.6),
                TableColumn("Address", width=3.0),
            ),
            tuple(
                (
                    d.kind or "address only",
                    d.publisher,
                    d.title,
                    d.published.shown if d.published else "undated",
                    d.language,
                    d.address,
                )
                for d in listed
            ),
            outputs=("xlsx",),
        )
    )
    return Section(KEY, "Sources", tuple(blocks))


def _entries(
    documents: Sequence[SourceDocument], output_format: str | None, cited_for: Mapping[str, Sequence[str]]
) -> tuple[str | tuple[Part, ...], ...]:
    """The Sources section's entries, in listing order: in the briefing, documents of one series in
    one entry, placed by its shared title (a series' '…' after the titles of its publisher); the
    summary's sheet lists each (and its table)."""
    if output_format == "xlsx":
        return tuple(full_entry(d) for d in documents)
    series = series_of(documents)
    grouped = {d.key for s in series for _, d in s.members}
    entries: list[tuple[tuple[int, str, str, str], str | tuple[Part, ...]]] = [
        (listing_order(d), full_entry(d)) for d in documents if d.key not in grouped
    ]
    for one in series:
        first = one.members[0][1]
        order = (first.kind_order, one.publisher.casefold(), one.title.casefold(), one.published)
        entries.append((order, tuple(series_parts(one, cited_for))))
    return tuple(entry for _, entry in sorted(entries, key=lambda e: e[0]))


def _states_citing(ctx: ReportContext | None) -> dict[str, tuple[str, ...]]:
    """Each document's key (folded), with the states whose rows cite it, in the annex's order."""
    if ctx is None:
        return {}
    found: dict[str, list[str]] = {}
    bibliography = ctx.model.bibliography
    for status in sorted(ctx.statuses, key=lambda s: un_key(s.state.name)):
        for document in bibliography.documents_cited((status.state.source,)):
            names = found.setdefault(document.key.casefold(), [])
            if status.state.name not in names:
                names.append(status.state.name)
    return {key: tuple(names) for key, names in found.items()}


def footnotes_of(block: Block) -> Iterable[Footnote]:
    """Every footnote a block carries, in reading order."""
    if isinstance(block, Paragraph | Chart):
        yield from block.footnotes
    elif isinstance(block, Table):
        yield from block.footnotes
        for notes in block.row_footnotes:
            yield from notes


def _notes(blocks: Iterable[Block]) -> Iterable[Footnote]:
    for block in blocks:
        if isinstance(block, Table) and "docx" not in block.outputs:
            continue
        yield from footnotes_of(block)
