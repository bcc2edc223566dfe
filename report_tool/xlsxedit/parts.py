"""An .xlsx as a package of parts: a few parts changed or added, the whole written back in order.

Parts nobody changes are copied with the same name, bytes, order and compression, never inflated
into memory whole; the big parts annotation makes (sheets, notes, the Issues sheet) are streamed
into their zip entries as they are made; the relationship and content-type parts are edited with
lxml (they are small). This is the python-docx/python-pptx model: what the tool does not
understand it never touches.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

from report_tool.errors import WorkbookUnreadable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CONTENT_TYPES = "[Content_Types].xml"
MACRO_WORKBOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
#: A template's workbook part, and what its copy (a workbook, not a template) declares instead.
TEMPLATES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": WORKBOOK,
    "application/vnd.ms-excel.template.macroEnabled.main+xml": MACRO_WORKBOOK,
}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)
XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")
COPY_CHUNK = 1 << 20
LOCAL_HEADER_SIZE = 30  # a zip entry's fixed-size local header, before its name and extra field
UTF16_DECLARED = re.compile(rb'^<\?xml[^>]*encoding=["\']utf-16', re.IGNORECASE)


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, PARSER)


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def as_utf8(data: bytes) -> bytes:
    """A part in UTF-16 (valid, rare) as UTF-8, so that byte-level editing can find its tags."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or UTF16_DECLARED.match(data):
        text = data.decode("utf-16")
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
        return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text.encode("utf-8")
    return data


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str  # a part name inside the package (resolved), or the external target as written
    external: bool


def rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def relative_target(source_part: str, target_part: str) -> str:
    return posixpath.relpath(target_part, posixpath.dirname(source_part) or ".")


#: A part made as it is written: chunks of its bytes, produced (once) when the package is saved.
Chunks = Iterable[bytes | memoryview]
#: Parts up to this size are kept once read (relationships, content types, styles, notes).
CACHED_PART_SIZE = 1 << 20
#: Streamed chunks are gathered to about this size before they are compressed.
WRITE_BATCH = 1 << 18
#: Below this size a part is compressed at zlib's default level, above it at its fastest.
FAST_COMPRESSION_FROM = 4 << 20
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


class Package:
    """The parts of a zip package by name, in their original order, with edits kept apart.

    Parts are read from the workbook when asked for, not all at once: the copy holds only what
    annotation changes, and the big changed parts are written as they are made (`Chunks`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.infos: list[zipfile.ZipInfo] = []
        self.changed: dict[str, bytes | Chunks] = {}
        self.added: dict[str, bytes | Chunks] = {}
        self._cache: dict[str, bytes] = {}
        with self._reading():
            self._archive = zipfile.ZipFile(path)
            for info in self._archive.infolist():
                if info.flag_bits & 0x1:
                    self.close()
                    raise WorkbookUnreadable(
                        path, "the workbook's zip is password-protected; save a copy without a password"
                    )
                self.infos.append(info)
        self.parts = {info.filename: info for info in self.infos}

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._archive.close()

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except WorkbookUnreadable:
            raise
        except DAMAGED as exc:
            raise WorkbookUnreadable(
                self.path, "the file is damaged or incomplete (not a valid .xlsx)"
            ) from exc

    def __contains__(self, name: str) -> bool:
        return name in self.parts or name in self.added

    def read(self, name: str) -> bytes:
        """A part's bytes: as changed, else as stored (its checksum checked). A part being made as it
        is written cannot be read back (a caller's bug)."""
        data = self.changed.get(name, self.added.get(name))
        if data is None:
            if name in self._cache:
                return self._cache[name]
            with self._reading():
                data = self._archive.read(self.parts[name])
            if len(data) <= CACHED_PART_SIZE:
                self._cache[name] = data
        if not isinstance(data, bytes):
            raise TypeError(f"{name} is written as it is made and cannot be read back")
        return data

    def write_part(self, name: str, data: bytes | Chunks) -> None:
        """Replace an existing part, or add a new one (written after the original parts)."""
        if name in self.parts:
            self.changed[name] = data
        else:
            self.added[name] = data

    def new_name(self, pattern: str) -> str:
        """The first free part name of a pattern such as 'xl/comments{}.xml', counting from 1."""
        number = 1
        lowered = {name.lower() for name in (*self.parts, *self.added)}
        while pattern.format(number).lower() in lowered:
            number += 1
        return pattern.format(number)

    # -- relationships -------------------------------------------------------------------------

    def relationships(self, part: str) -> list[Relationship]:
        name = rels_name(part)
        if name not in self:
            return []
        found = []
        folder = posixpath.dirname(part)
        for rel in parse(self.read(name)).iter(f"{{{PACKAGE_REL}}}Relationship"):
            target, external = rel.get("Target", ""), rel.get("TargetMode") == "External"
            if not external:
                target = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target))
                )
            found.append(Relationship(rel.get("Id", ""), rel.get("Type", ""), target, external))
        return found

    def add_relationship(self, part: str, kind: str, target_part: str) -> str:
        """Relate `part` to `target_part` (kind: the last word of the type URI); the new rId."""
        name = rels_name(part)
        root = (
            parse(self.read(name))
            if name in self
            else parse(f'<Relationships xmlns="{PACKAGE_REL}"/>'.encode())
        )
        taken = {rel.get("Id") for rel in root}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        rel_id = f"rId{number}"
        etree.SubElement(
            root,
            f"{{{PACKAGE_REL}}}Relationship",
            Id=rel_id,
            Type=f"{REL}/{kind}",
            Target=relative_target(part, target_part),
        )
        self.write_part(name, serialise(root))
        return rel_id

    # -- content types ---------------------------------------------------------------------------

    def content_type(self, part: str) -> str | None:
        root = parse(self.read(CONTENT_TYPES))
        for override in root.iter(f"{{{CONTENT_TYPES_NS}}}Override"):
            if override.get("PartName", "").lstrip("/").lower() == part.lower():
                return override.get("ContentType")
        extension = part.rpartition(".")[2].lower()
        for default in root.iter(f"{{{CONTENT_TYPES_NS}}}Default"):
            if default.get("Extension", "").lower() == extension:
                return default.get("ContentType")
        return None

    def declare(self, overrides: dict[str, str]) -> None:
        """Give each new part (or an existing one) its content type."""
        root = parse(self.read(CONTENT_TYPES))
        for override in list(root.iter(f"{{{CONTENT_TYPES_NS}}}Override")):
            if override.get("PartName", "").lstrip("/") in overrides:
                root.remove(override)
        for part, content_type in overrides.items():
            etree.SubElement(
                root, f"{{{CONTENT_TYPES_NS}}}Override", PartName=f"/{part}", ContentType=content_type
            )
        self.write_part(CONTENT_TYPES, serialise(root))

    # -- writing ----------------------------------------------------------------------------------

    def save(self, target: Path) -> None:
        """Every original part in its place (changed ones with their new bytes), then the new ones.

        A part nobody changed is copied as it is stored, compressed bytes included, in chunks
        (its checksum checked on the way); a part made as it is written goes into its zip entry
        as it comes."""
        with zipfile.ZipFile(target, "w", allowZip64=True) as archive:
            assert self._archive.fp is not None
            for info in self.infos:
                if info.filename not in self.changed:
                    with self._reading():  # only the reading: a full disk is not a damaged workbook
                        _check_stored(self._archive, info)
                    _copy_stored(self._archive.fp, archive, info)
                    continue
                copied = zipfile.ZipInfo(info.filename, info.date_time)
                copied.external_attr, copied.create_system = info.external_attr, info.create_system
                _write_entry(archive, copied, self.changed[info.filename], info.compress_type)
            for name, data in self.added.items():
                _write_entry(
                    archive, zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
                )


def _write_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes | Chunks, method: int) -> None:
    """One entry, compressed as its size calls for: a streamed part's first chunks are gathered
    until it is known to be big (then it is compressed fast, as it comes) or until it ends."""
    if isinstance(data, bytes):
        archive.writestr(info, data, compress_type=method, compresslevel=_level(len(data)))
        return
    chunks = iter(data)
    start: list[bytes | memoryview] = []
    size = 0
    for chunk in chunks:
        start.append(chunk)
        size += len(chunk)
        if size >= FAST_COMPRESSION_FROM:
            break
    else:
        archive.writestr(info, b"".join(start), compress_type=method, compresslevel=_level(size))
        return
    info.compress_type = method
    info._compresslevel = _level(size)  # type: ignore[attr-defined]  # what writestr sets
    with archive.open(info, "w") as entry:
        for batch in _batches(itertools.chain(start, chunks)):
            entry.write(batch)


def _batches(chunks: Iterable[bytes | memoryview]) -> Iterator[bytes]:
    """Many small chunks as fewer larger ones: each write to a zip entry has its own cost."""
    gathered: list[bytes | memoryview] = []
    size = 0
    for chunk in chunks:
        gathered.append(chunk)
        size += len(chunk)
        if size >= WRITE_BATCH:
            yield b"".join(gathered)
            gathered, size = [], 0
    if gathered:
        yield b"".join(gathered)


def _level(size: int) -> int:
    """zlib's default for ordinary parts; its fastest for the tens of megabytes of a huge sheet."""
    return 6 if size < FAST_COMPRESSION_FROM else 1


def _check_stored(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Inflate a part in chunks and drop them: zipfile checks its checksum at the end."""
    with archive.open(info) as entry:
        while entry.read(COPY_CHUNK):
            pass


def _copy_stored(original: IO[bytes], archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Append one entry of `original` to `archive` without decompressing it, in chunks."""
    original.seek(info.header_offset)
    header = original.read(LOCAL_HEADER_SIZE)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    original.seek(info.header_offset + LOCAL_HEADER_SIZE + name_length + extra_length)
    copied = copy.copy(info)
    copied.flag_bits &= ~0x08  # sizes and checksum go in the local header: no data descriptor
    copied.extra = b""  # zip64 sizes are added back by FileHeader when needed
    assert archive.fp is not None
    copied.header_offset = archive.fp.tell()
    zip64 = info.file_size > zipfile.ZIP64_LIMIT or info.compress_size > zipfile.ZIP64_LIMIT
    archive.fp.write(copied.FileHeader(zip64))
    left = info.compress_size
    while left:
        raw = original.read(min(left, COPY_CHUNK))
        if not raw:
            raise EOFError(f"{info.filename} ends early")
        archive.fp.write(raw)
        left -= len(raw)
    archive.filelist.append(copied)
    archive.NameToInfo[copied.filename] = copied
    archive.start_dir = archive.fp.tell()
    setattr(archive, "_didModify", True)  # noqa: B010 (private): the central directory is written on close
