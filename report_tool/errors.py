"""The errors a user can cause, each carrying its exit code; the CLI catches them in one place."""

from __future__ import annotations

from pathlib import Path


class ReportToolError(Exception):
    """A problem to report in one line (the message) and end with `exit_code`; never a bug."""

    exit_code = 2


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
