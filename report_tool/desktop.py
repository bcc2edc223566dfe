"""Opening a written report in the application the user's system opens it with (Word, for a .docx)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from report_tool.errors import CannotOpen


def open_in_default_application(path: Path) -> None:
    """Windows: the file's associated program; macOS: `open`; elsewhere: `xdg-open`. Returns at
    once: the application runs on its own."""
    command: list[str] = []
    try:
        if sys.platform == "win32":
            os.startfile(path)  # type: ignore[attr-defined]  # only on Windows
            return
        command = ["open" if sys.platform == "darwin" else "xdg-open", str(path)]
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except FileNotFoundError as exc:
        if command and exc.filename == command[0]:  # the opener, not the report, is missing
            raise CannotOpen(
                f"{path} is written, but nothing here opens such files ({command[0]} is not "
                "installed); open it yourself"
            ) from exc
        raise CannotOpen(f"cannot open {path}: {exc.strerror or exc}; open it yourself") from exc
    except OSError as exc:
        raise CannotOpen(f"cannot open {path}: {exc.strerror or exc}; open it yourself") from exc
