"""Every error the tool raises on purpose, in one hierarchy: a user's problem carries its exit code
and, where an option of the caller's fixes it, the library parameter that does (`parameter`); the
CLI catches them in one place and names the option. Library messages say what is wrong, never
which option to use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from report_tool.validation.issues import ValidationReport


class ReportToolError(Exception):
    """A problem to report in one line (the message) and end with `exit_code`; never a bug."""

    exit_code = 2
    #: The library parameter whose value the problem is about ("as_of", "meeting", "overwrite",
    #: "max_uncompressed"), so that a caller can say which of its options fixes it; None if none.
    parameter: str | None = None


class UsageError(ReportToolError):
    """A file, folder or option the tool cannot use (exit 2)."""


class PluginLoadError(UsageError):
    """A plugin could not be loaded or declares a hook that does not exist; the message names it."""


class PluginError(ReportToolError):
    """A plugin failed while building a report: nothing was written; the message names it (exit 3)."""

    exit_code = 3


class WorkbookUnreadable(UsageError):
    """The file cannot be read as a workbook at all (exit code 2)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class WorkbookTooLarge(WorkbookUnreadable):
    """The workbook would expand to more than the limit when unzipped (a zip bomb, or a genuinely
    large workbook for which the limit is raised)."""

    parameter = "max_uncompressed"


class OutputError(UsageError):
    """The output cannot be written; the message is one line for the user."""


class FileExists(OutputError):
    """The file to write exists and replacing it was not asked for: nothing is replaced."""

    parameter = "overwrite"

    def __init__(self, target: Path) -> None:
        super().__init__(f"{target} already exists")
        self.target = target


class TemplateError(UsageError):
    """The Word template cannot be used; the message is one line for the user."""


class PdfError(UsageError):
    """LibreOffice is missing or could not convert the briefing; the message is one line (exit 2)."""


class DateTooEarly(UsageError, ValueError):
    """A report as at a day before the Convention existed describes nothing (exit 2); the message
    is made by status.refuse_too_early, which knows the Convention's dates."""

    parameter = "as_of"

    def __init__(self, day: dt.date, message: str) -> None:
        super().__init__(message)
        self.day = day


class UnknownMeeting(UsageError, LookupError):
    """No meeting of that short name on the Meetings sheet (exit 2)."""

    parameter = "meeting"

    def __init__(self, name: str, known: Sequence[str]) -> None:
        super().__init__(f"no meeting {name!r} on the Meetings sheet; known: {', '.join(known) or 'none'}")
        self.name = name
        self.known = list(known)


class KnownAtRefused(UsageError):
    """A known-at date before the as-at date, or after the data date (exit 2)."""


class SinceRefused(UsageError):
    """The earlier version given for the annex lacks a sheet: its rows would seem removed (exit 2)."""


class NothingToReport(ReportToolError):
    """The workbook has no states (it was just made by `init`): nothing is written (exit 1)."""

    exit_code = 1


class GenerationRefused(ReportToolError):
    """The workbook has errors: nothing is written (exit 1)."""

    exit_code = 1

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(f"{len(report.errors)} errors")
        self.report = report


class CannotOpen(ReportToolError):
    """The system has no way to open a written report; the message is one line for the user."""


class MapUnavailable(ImportError):
    """matplotlib is not installed: the report is written without its map."""


class UndeclaredColumn(LookupError):
    """A bug, not a user's problem: code asked a row for a column its sheet does not declare (a
    misspelt key), which would otherwise read as blank and keep a check from ever firing."""

    def __init__(self, sheet: str, key: str, declared: Sequence[str]) -> None:
        super().__init__(f"the {sheet} sheet declares no column {key!r}; its columns: {', '.join(declared)}")
        self.sheet = sheet
        self.key = key
