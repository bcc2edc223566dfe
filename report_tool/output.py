"""Writing files safely: a temporary file beside the target, renamed into place when complete.

A crash, Ctrl-C or a full disk leaves any existing file untouched and no partial file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from report_tool.errors import UsageError


class OutputError(UsageError):
    """The output cannot be written; the message is one line for the user."""


@contextlib.contextmanager
def atomic_output(target: Path, overwrite: bool = False, flag: str = "--force") -> Iterator[Path]:
    """Yield a temporary path to write to; on success it replaces `target` in one step."""
    target = Path(target)
    if target.exists() and not overwrite:
        raise OutputError(f"{target} already exists; use {flag} to replace it")
    if target.is_dir():
        raise OutputError(f"{target} is a folder; give a file name")
    folder = target.parent
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
        os.replace(temporary, target)
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
