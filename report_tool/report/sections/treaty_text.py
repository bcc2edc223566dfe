"""The Convention's own words: the articles the briefing relies on (17, 19 and 20), quoted word for
word from the English text shipped with the package (report_tool/data/treaty_text.csv, each
paragraph with the copy it was read from), so that no section paraphrases the treaty."""

from __future__ import annotations

import csv
import importlib.resources
import io
from dataclasses import dataclass
from functools import cache

from report_tool.report.sections.blocks import Footnote, Paragraph

TEXT = "data/treaty_text.csv"


@dataclass(frozen=True)
class Article:
    number: int
    heading: str
    paragraphs: tuple[str, ...]  # in the treaty's order; one paragraph is not numbered
    sources: tuple[str, ...]  # the copies read, each once


@cache
def article(number: int) -> Article:
    """Raises KeyError for an article the package does not ship."""
    text = importlib.resources.files("report_tool").joinpath(TEXT).read_text("utf-8")
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["article"] == str(number)]
    if not rows:
        raise KeyError(f"Article {number} is not in {TEXT}")
    heading = next(r["text"] for r in rows if r["paragraph"] == "heading")
    paragraphs = tuple(r["text"] for r in rows if r["paragraph"] != "heading")
    return Article(number, heading, paragraphs, tuple(dict.fromkeys(r["source"] for r in rows)))


def quoted(number: int) -> list[Paragraph]:
    """The article as the briefing quotes it: its number and heading, then each paragraph as the
    treaty numbers it, the copies it was read from cited once."""
    found = article(number)
    numbered = len(found.paragraphs) > 1
    # the copies are the package's, not the workbook's Sources: the note cites them in its own words
    copies = "; ".join(found.sources)
    cite = Footnote(
        f"The Convention\u2019s English text, quoted word for word from {copies}.", sources_in_text=True
    )
    return [
        Paragraph(f"Article {number}: {found.heading}", "quote", footnotes=(cite,)),
        *(
            Paragraph(f"{i}. {text}" if numbered else text, "quote")
            for i, text in enumerate(found.paragraphs, start=1)
        ),
    ]
