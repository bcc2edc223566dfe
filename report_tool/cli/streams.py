"""The standard streams as a Windows console or redirect has them: a character the code page
cannot hold is written as "?" and said once at exit, never a crash; SIGTERM ends a run as
Ctrl-C does."""

from __future__ import annotations

import codecs
import io
import sys
from typing import Any

#: Whether a character had to be written as "?" in this run, for the one line said at exit.
_REPLACED: list[bool] = []


def _replace_and_remember(error: UnicodeError) -> tuple[str, int]:
    """The "replace" error handler, remembering that it was needed."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    _REPLACED[:] = [True]
    return "?" * (error.end - error.start), error.end


def _say_what_was_replaced(encodings: str) -> None:
    """One line at exit when a character was written as "?", so that nobody takes "Kova?i?" for
    what the workbook holds."""
    if _REPLACED:
        try:
            sys.stderr.write(
                f"report-tool: characters that {encodings} cannot hold were written as '?'; the "
                "workbook is unchanged (set PYTHONIOENCODING=utf-8 to keep them)\n"
            )
            sys.stderr.flush()
        except (OSError, ValueError):
            pass  # the stream is closed (| head): nothing more can be said


def write_what_the_streams_can_hold() -> None:
    """A Windows redirect is written in cp1252 and a console often in cp850: a character they
    cannot hold ("Kovačič", the "–" of every message) is replaced there, never a crash mid-output,
    and one line at exit says so."""
    import atexit

    narrow = [s for s in (sys.stdout, sys.stderr) if isinstance(s, io.TextIOWrapper) and not holds_unicode(s)]
    if not narrow:
        return
    codecs.register_error("report-tool-replace", _replace_and_remember)
    for stream in narrow:
        stream.reconfigure(errors="report-tool-replace")
    atexit.register(_say_what_was_replaced, " and ".join(dict.fromkeys(s.encoding for s in narrow)))


def holds_unicode(stream: Any) -> bool:
    """The stream's encoding can write every character (UTF-8, UTF-16, ...)."""
    return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name.startswith("utf")


def stop_cleanly_on_sigterm() -> None:
    """SIGTERM (a closed terminal, a service manager, `kill`) ends the run as Ctrl-C does, so that
    the temporary file being written is removed instead of left beside the reports."""
    import signal

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, interrupt)
