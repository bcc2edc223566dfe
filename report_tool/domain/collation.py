"""UN alphabetical order: state names sorted by the Unicode Collation Algorithm.

pyuca is pure Python and ships the Unicode default collation table (DUCET), so it installs
everywhere without a compiler or ICU headers (PyICU needs both); for English names the default
table is the order the UN lists states in: Côte d’Ivoire under C, Türkiye before Turkmenistan.
Loading that table takes a tenth of a second, so the keys of the UN's names (data/un_names.csv,
in English and as the workbook spells them) are computed once and shipped in data/un_keys.tsv
(`python -m report_tool.domain.collation > report_tool/data/un_keys.tsv` after a change there);
pyuca is loaded only for a name that is not in it.
"""

from __future__ import annotations

import csv
import importlib.resources
import io
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")


@lru_cache(maxsize=1)
def _collator() -> object:
    from pyuca import Collator

    return Collator()


KEYS = "data/un_keys.tsv"


@lru_cache(maxsize=1)
def _shipped_keys() -> dict[str, tuple[int, ...]]:
    text = importlib.resources.files("report_tool").joinpath(KEYS).read_text("utf-8")
    return {
        name: tuple(int(weight) for weight in weights.split())
        for name, weights in (line.split("\t") for line in text.splitlines())
    }


def _computed_key(name: str) -> tuple[int, ...]:
    return tuple(_collator().sort_key(name))  # type: ignore[attr-defined]


@lru_cache(maxsize=4096)
def un_key(name: str) -> tuple[int, ...]:
    """The sort key of a name in UN alphabetical order."""
    name = unicodedata.normalize("NFC", name)
    shipped = _shipped_keys().get(name)
    return shipped if shipped is not None else _computed_key(name)


def _un_names() -> list[str]:
    """The UN's names of states, in English and as the workbook spells them, in NFC."""
    text = importlib.resources.files("report_tool").joinpath("data/un_names.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO(text))
    names = (unicodedata.normalize("NFC", row[c]) for row in rows for c in ("name_en", "workbook_name"))
    return sorted({name for name in names if name})


def keys_table() -> str:
    """data/un_keys.tsv: each UN name and its sort key, one a line."""
    return "".join(f"{name}\t{' '.join(map(str, _computed_key(name)))}\n" for name in _un_names())


def un_sorted(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """`items` in UN alphabetical order of their names (`key` gives an item's name)."""
    name = key or str
    return sorted(items, key=lambda item: un_key(name(item)))


if __name__ == "__main__":
    print(keys_table(), end="")
