"""Citations as the reports print them: a short one in a footnote (publisher, title as a link,
date), a full one in the Sources section; and the choice of what a report may cite: only what
was published by the day it is known at."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from report_tool.domain.names import pycountry_table
from report_tool.domain.sources import SourceDocument
from report_tool.domain.treaty_dates import format_date

#: A footnote names at most this many documents; the rest are referred to the Sources section.
MAX_PER_NOTE = 3
UNDATED = "undated"
#: How the Sources section heads each kind, in order; addresses typed instead of keys come last.
KIND_HEADINGS = {
    "primary": "Primary sources: the depositary, the Convention's meetings, governments, the Monitor",
    "secondary": "Secondary sources: research and summaries",
    "press": "Press",
    "": "Other references",
}
NOT_RECORDED = " (publisher, title and date not recorded)"
TITLE_NOT_RECORDED = " (title not recorded)"
#: A bare page id recorded in place of a title ('Landmine Monitor country theme page, id 3339').
BARE_ID = re.compile(r"(?:,\s*id|\bpage)\s+\d+$")
#: What a description in brackets says of its own title, said once by TITLE_NOT_RECORDED instead.
UNREAD = re.compile(r"^(?:title|headline)\b.*\bnot\b", re.IGNORECASE)

#: Text, with the address it links to (or None).
Part = tuple[str, str | None]


def short_parts(document: SourceDocument) -> list[Part]:
    """'Human Rights Watch, “Landmine Monitor 2025 ...”, 1 December 2025': the title is the link.
    A title the Sources sheet gives as a description or a bare id is not quoted as if it were one."""
    if not document.listed:
        return [(document.key, document.address or None), (NOT_RECORDED, None)]
    date = document.published.shown if document.published else UNDATED
    described = description(document.title)
    title = f"\u201c{document.title}\u201d" if described is None else described
    return [
        (f"{publisher_shown(document.publisher)}, ", None),
        (title, document.address or None),
        (f", {date}", None),
    ]


def description(title: str) -> str | None:
    """What stands in for a title that was not recorded, said so: a description in brackets
    ('(Xinhua item on the Fifth Review Conference; title not read)', its remark on the title said
    once, its other clauses after it) or a bare page id; None for a title as the document gives it."""
    text = title.strip()
    if text.startswith("(") and text.endswith(")"):
        clauses = [c.strip() for c in text[1:-1].split(";")]
        said = [c for c in clauses if c and not UNREAD.match(c)] or ["untitled"]
        return ", ".join([said[0] + TITLE_NOT_RECORDED, *said[1:]])
    return text + TITLE_NOT_RECORDED if BARE_ID.search(text) else None


def publisher_shown(publisher: str) -> str:
    """'Unknown (copy hosted on docslib.org)' said plainly: the publisher was not recorded."""
    if publisher.casefold().startswith("unknown"):
        return f"Publisher not recorded{publisher[len('unknown') :]}"
    return publisher


def short_text(document: SourceDocument) -> str:
    return "".join(text for text, _ in short_parts(document))


def full_entry(document: SourceDocument) -> str:
    """The Sources section's line: the short citation, its language when not English, its address."""
    if not document.listed:
        return f"{document.key}{NOT_RECORDED}"
    address = f". {document.address}" if document.address else ""
    return f"{short_text(document)}{language_note(document.language)}{address}"


def language_note(code: str) -> str:
    """' (in Dutch)' after a citation of a document not in English; nothing for English."""
    return f" (in {language_name(code)})" if code not in ("", "en") else ""


def language_name(code: str) -> str:
    """'nl' -> 'Dutch' (ISO 639, from pycountry); a code it does not know, as typed."""
    if code.casefold() == "mul":
        return "several languages"
    return _languages().get(code.lower(), code)


@cache
def _languages() -> dict[str, str]:
    """ISO 639's two- and three-letter codes (in lower case), each with its language's name."""
    table = pycountry_table("639-3", "languages", ("alpha_2", "alpha_3", "name"))
    return {entry[key]: entry["name"] for entry in table for key in ("alpha_3", "alpha_2") if key in entry}


def note_parts(text: str, documents: Sequence[SourceDocument]) -> list[Part]:
    """A footnote as printed: its text, then at most MAX_PER_NOTE citations, the rest referred on."""
    parts: list[Part] = [(f"{text} ", None)] if text else []
    shown = documents[:MAX_PER_NOTE]
    parts.append((f"Source{'s' if len(documents) > 1 else ''}: ", None))
    for index, document in enumerate(shown):
        if index:
            parts.append(("; ", None))
        parts.extend(short_parts(document))
    more = len(documents) - len(shown)
    tail = f"; {more} more under Sources." if more > 1 else "; one more under Sources." if more else "."
    parts.append((tail, None))
    return parts


@dataclass(frozen=True)
class Uncitable:
    """A fact the report states whose every source was published after the day it is known at."""

    about: str
    later: tuple[SourceDocument, ...]
    known_at: dt.date

    def __str__(self) -> str:
        first = min((d.published for d in self.later if d.published), key=lambda p: p.first, default=None)
        when = f" (the first dated {first.shown})" if first else ""
        return (
            f"{self.about}: stated without a citation; every source of it was published after "
            f"{format_date(self.known_at)}{when}"
        )


def listing_order(document: SourceDocument) -> tuple[int, str, str, str]:
    """Primary first, then secondary, press, bare addresses; within a kind by publisher and title."""
    return (document.kind_order, document.publisher.casefold(), document.title.casefold(), document.key)
