"""UN alphabetical order: state names sorted by the Unicode Collation Algorithm.

pyuca is pure Python and ships the Unicode default collation table (DUCET), so it installs
everywhere without a compiler or ICU headers (PyICU needs both); for English names the default
table is the order the UN lists states in: Côte d’Ivoire under C, Türkiye before Turkmenistan.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")


@lru_cache(maxsize=1)
def _collator() -> object:
    from pyuca import Collator

    return Collator()


@lru_cache(maxsize=4096)
def un_key(name: str) -> tuple[int, ...]:
    """The sort key of a name in UN alphabetical order."""
    return tuple(_collator().sort_key(unicodedata.normalize("NFC", name)))  # type: ignore[attr-defined]


def un_sorted(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """`items` in UN alphabetical order of their names (`key` gives an item's name)."""
    name = key or str
    return sorted(items, key=lambda item: un_key(name(item)))
