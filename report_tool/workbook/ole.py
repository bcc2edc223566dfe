"""The stream names of an OLE compound file (an .xls, or an encrypted .xlsx), read from its header
and directory only: a 2 GB file named .xlsx must not be read whole to learn which it is.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
END_OF_CHAIN = 0xFFFFFFFE
MAX_DIRECTORY_SECTORS = 256  # thousands of entries; Office's files have a dozen


def stream_names(path: Path) -> set[str]:
    """The names in the compound file's directory; empty when it cannot be followed."""
    try:
        with path.open("rb") as handle:
            return _names(handle)
    except (OSError, struct.error, ValueError, IndexError):
        return set()


def _names(handle: BinaryIO) -> set[str]:
    header = handle.read(512)
    if not header.startswith(MAGIC):
        return set()
    shift = struct.unpack_from("<H", header, 0x1E)[0]
    if shift not in (9, 12):
        return set()
    size = 1 << shift
    per_sector = size // 4
    first_directory = struct.unpack_from("<I", header, 0x30)[0]
    first_difat, difat_count = struct.unpack_from("<II", header, 0x44)
    fat_sectors = list(struct.unpack_from("<109I", header, 0x4C))

    def sector(sid: int) -> bytes:
        handle.seek((sid + 1) * size)
        data = handle.read(size)
        if len(data) != size:
            raise ValueError("truncated")
        return data

    def next_sector(sid: int) -> int:
        index, offset = divmod(sid, per_sector)
        while index >= len(fat_sectors) and fat_sectors_more():
            pass
        return int(struct.unpack_from("<I", sector(fat_sectors[index]), offset * 4)[0])

    difat = {"next": first_difat, "left": difat_count}

    def fat_sectors_more() -> bool:
        """The FAT sectors listed beyond the header's 109, one DIFAT sector at a time."""
        if difat["left"] <= 0 or difat["next"] >= END_OF_CHAIN:
            return False
        entries = struct.unpack(f"<{per_sector}I", sector(difat["next"]))
        fat_sectors.extend(entries[:-1])
        difat["next"], difat["left"] = entries[-1], difat["left"] - 1
        return True

    names: set[str] = set()
    sid = first_directory
    for _ in range(MAX_DIRECTORY_SECTORS):
        if sid >= END_OF_CHAIN:
            break
        data = sector(sid)
        for start in range(0, size, 128):
            length = struct.unpack_from("<H", data, start + 64)[0]
            if 2 <= length <= 64:
                names.add(data[start : start + length - 2].decode("utf-16-le", "replace"))
        sid = next_sector(sid)
    return names
