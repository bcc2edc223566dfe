"""UN alphabetical order: names sorted by the Unicode Collation Algorithm.

pyuca is pure Python and ships the Unicode default collation table (DUCET), so it installs
everywhere without a compiler or ICU headers (PyICU needs both); for English names the default
table is the order the UN lists states in: Côte d’Ivoire under C, Türkiye before Turkmenistan.
Loading that table takes a tenth of a second or more, so the weights of the characters names are
written in (Latin letters, their accents, digits, spaces and punctuation: data/uca_weights.tsv,
taken from pyuca's table) are shipped, and a key is put together from them as pyuca would; pyuca
is loaded only for a name with a character outside them (`python -m report_tool.domain.collation
> report_tool/data/uca_weights.tsv` after a change of pyuca; a test compares the two).
"""

from __future__ import annotations

import importlib.resources
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import chain
from typing import Any, TypeVar

T = TypeVar("T")

WEIGHTS = "data/uca_weights.tsv"

#: The characters whose weights are shipped, before decomposition: printable ASCII, Latin-1 and
#: Latin Extended-A and -B, the combining accents and the general punctuation (’ “ ” – — …).
SHIPPED_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x2010, 0x2027))

#: A character's weights, level by level, zeros left out: (primaries, secondaries, tertiaries).
Levels = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]


@lru_cache(maxsize=1)
def _collator() -> Any:
    from pyuca import Collator

    return Collator()


@lru_cache(maxsize=1)
def _shipped_weights() -> dict[str, Levels]:
    text = importlib.resources.files("report_tool").joinpath(WEIGHTS).read_text("ascii")
    weights = {}
    for line in text.splitlines():
        code, *elements = line.split()
        ces = [tuple(int(w, 16) for w in element.split(".")) for element in elements]
        weights[chr(int(code, 16))] = (
            tuple(ce[0] for ce in ces if ce[0]),
            tuple(ce[1] for ce in ces if ce[1]),
            tuple(ce[2] for ce in ces if ce[2]),
        )
    return weights


def _computed_key(name: str) -> tuple[int, ...]:
    return tuple(_collator().sort_key(name))


@lru_cache(maxsize=4096)
def un_key(name: str) -> tuple[int, ...]:
    """The sort key of a name in UN alphabetical order: pyuca's, from the shipped weights where
    every character of the name has them."""
    weights = _shipped_weights()
    try:
        levels = [weights[character] for character in unicodedata.normalize("NFD", name)]
    except KeyError:
        return _computed_key(name)
    # as pyuca's sort_key_from_collation_elements: each level's weights, each level ended by a 0
    return (
        *chain.from_iterable(p for p, _, _ in levels),
        0,
        *chain.from_iterable(s for _, s, _ in levels),
        0,
        *chain.from_iterable(t for _, _, t in levels),
        0,
    )


def un_sorted(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """`items` in UN alphabetical order of their names (`key` gives an item's name)."""
    name = key or str
    return sorted(items, key=lambda item: un_key(name(item)))


def _shippable() -> Iterator[tuple[str, list[list[int]]]]:
    """Each character of SHIPPED_RANGES, decomposed, that pyuca gives weights of its own (no
    implicit weight), less those that continue a contraction of shipped characters (the middle
    dot of Catalan's "l·"): a name's key is then its characters' weights one after the other, as
    pyuca makes it, and a name with a character left out is given to pyuca."""
    table = _collator().table
    decomposed = {
        part
        for first, last in SHIPPED_RANGES
        for code in range(first, last + 1)
        for part in unicodedata.normalize("NFD", chr(code))
    }
    shipped = {c for c in decomposed if (node := table.root.children.get(ord(c))) is not None and node.value}

    def continuations(node: Any) -> set[str]:  # the later characters of longer entries below node
        found: set[str] = set()
        for code, child in (node.children or {}).items():
            if chr(code) in shipped:
                found |= ({chr(code)} if child.value else set()) | continuations(child)
        return found

    while conflicts := set().union(*(continuations(table.root.children[ord(c)]) for c in shipped)):
        shipped -= conflicts
    for character in sorted(shipped):
        yield character, table.root.children[ord(character)].value


def weights_table() -> str:
    """data/uca_weights.tsv: a character's code and its collation elements, one character a line."""
    return "".join(
        f"{ord(c):04X} " + " ".join(".".join(f"{w:04X}" for w in ce) for ce in elements) + "\n"
        for c, elements in _shippable()
    )


if __name__ == "__main__":
    print(weights_table(), end="")
