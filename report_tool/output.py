"""Writing files safely: a temporary file beside the target, renamed into place when complete.

A crash, Ctrl-C or a full disk leaves any existing file untouched and no partial file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from report_tool.errors import FileExists, OutputError

#: Names Windows keeps for devices, with or without an extension ("CON.docx" is the console).
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
)
MAX_PART = 60


def safe_name_part(text: str, fallback: str = "report") -> str:
    """Text from the workbook (a meeting's Short name) as part of a file name: no folder
    separators, no '..', no characters Windows forbids, no device name, not too long.

    An allow-list (letters, digits, '-', '_', '.'; anything else becomes '-') rather than
    pathvalidate's list of what each system forbids: a name then means the same everywhere,
    and no dependency is needed for a part this short."""
    text = unicodedata.normalize("NFKC", text)
    cleaned = "".join(c if c.isalnum() or c in "-_." else "-" for c in text)
    cleaned = re.sub(r"[-.]{2,}", "-", cleaned).strip("-._ ")[:MAX_PART].strip("-._ ")
    if not cleaned:
        return fallback
    if cleaned.split(".")[0].upper() in WINDOWS_RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned


def inside(folder: Path, name: str) -> Path:
    """folder/name, refused unless it resolves to a file directly inside `folder`."""
    target = Path(folder) / name
    if Path(name).name != name or target.resolve().parent != Path(folder).resolve():
        raise OutputError(f"{name!r} is not a plain file name; refusing to write outside {folder}")
    return target


@contextlib.contextmanager
def atomic_output(target: Path, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary path to write to; on success it replaces `target` in one step. Without
    `overwrite`, an existing `target` is FileExists, before and after the writing."""
    target = Path(target)
    refuse_existing(target, overwrite)
    if target.is_dir():
        raise OutputError(f"{target} is a folder; give a file name")
    folder = target.parent
    made = [f for f in (folder, *folder.parents) if not f.exists()]  # innermost first
    placed = False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=folder)
        os.close(handle)
    except PermissionError as exc:
        raise OutputError(f"cannot write in {folder}: the folder is read-only") from exc
    except OSError as exc:
        raise OutputError(f"cannot write in {folder}: {exc.strerror or exc}") from exc
    temporary = Path(name)
    try:
        yield temporary
        temporary.chmod(0o666 & ~_umask())  # mkstemp's 0600 would hide the file from colleagues
        if overwrite:
            os.replace(temporary, target)
        else:
            _place_new(temporary, target)
        placed = True
    except PermissionError as exc:
        raise OutputError(
            f"cannot write {target}: it is open in Word or Excel, or the folder is read-only; "
            "close it and try again"
        ) from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise OutputError(
                f"cannot write {target}: the disk is full; free some space and try again"
            ) from exc
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
        for made_here in made if not placed else ():  # a failed run leaves no empty folder behind
            with contextlib.suppress(OSError):
                made_here.rmdir()


def refuse_existing(target: Path, overwrite: bool) -> None:
    """FileExists for an existing `target`, unless replacing it was asked for."""
    if not overwrite and target.exists():
        raise FileExists(target)


def _place_new(temporary: Path, target: Path) -> None:
    """Give the finished file its name only if no file has it by now: a hard link fails when
    the name exists, so of two runs writing the same name one wins and the other replaces nothing."""
    try:
        os.link(temporary, target)
    except FileExistsError as exc:
        raise FileExists(target) from exc
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        # a file system without hard links (FAT, some network shares): rename, which Windows
        # refuses onto an existing name and POSIX does not, hence the last look first
        if target.exists():
            raise FileExists(target) from exc
        os.rename(temporary, target)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def close_xlsx(book: Any) -> None:
    """XlsxWriter wraps the OSError of a failed save; unwrap it for the safe-writing layer."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        book.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args else None
        raise cause if isinstance(cause, OSError) else OSError(str(exc)) from exc
