"""Web addresses as working links: one relationship per address and part, numbered as
python-docx numbers them, but found in a dict: python-docx's relate_to compares the address with
every relationship of the part, and the footnotes and the Sources section hold some 500 links."""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT


class Hyperlinks:
    """A part's external links by address (every link of the part is made through it)."""

    def __init__(self, part: Any) -> None:
        self.part = part
        self._rels = part.rels
        self._by_address: dict[str, str] = {
            rel.target_ref: rel.rId
            for rel in self._rels.values()
            if rel.is_external and rel.reltype == RT.HYPERLINK
        }
        self._free = 1  # every rId number below it is taken

    def rid(self, address: str) -> str:
        """The rId of the link to `address`, added on first use with the lowest free number."""
        found = self._by_address.get(address)
        if found is None:
            while f"rId{self._free}" in self._rels:
                self._free += 1
            found = f"rId{self._free}"
            self._rels.add_relationship(RT.HYPERLINK, address, found, is_external=True)
            self._by_address[address] = found
        return found
