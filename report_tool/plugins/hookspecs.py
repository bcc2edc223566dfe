"""The plugin hooks. Built-in checks, sheets and sections are registered through them too."""

from __future__ import annotations

from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("report_tool")
hookimpl = pluggy.HookimplMarker("report_tool")


@hookspec
def register_sheets() -> list[Any]:
    """Sheets (api.Sheet) init writes and validation reads; one named like a built-in adds columns."""
    return []


@hookspec
def register_checks() -> list[Any]:
    """Check classes or instances (`codes`, and `run(context)` yielding Issues) to run in validation."""
    return []


@hookspec
def register_sections() -> list[Any]:
    """Report sections (api.SectionSpec: key, build(context) -> Section, order, formats)."""
    return []


@hookspec
def register_settings() -> list[str]:
    """Extra keys a plugin reads from the Settings sheet, so that they are offered in its dropdown."""
    return []


@hookspec
def register_issue_types() -> list[Any]:
    """The plugin's issue codes (api.IssueType: code, severity, group, description), listed
    with the built-ins; a code already declared is refused."""
    return []
