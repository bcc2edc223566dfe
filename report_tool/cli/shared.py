"""What the commands share beyond their options: the plugins of the run, JSON and colour as the
streams allow, and the note that a workbook is open in Excel."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from report_tool.cli.options import COLOR, PLUGINS_DIR, warn
from report_tool.cli.streams import holds_unicode

if TYPE_CHECKING:
    from report_tool.plugins.registry import Registry


def registry() -> Registry:
    """The plugins, loaded once per run at the entry point (a caller may pass its own as `obj`)."""
    ctx = click.get_current_context()
    root = ctx.find_root()
    if root.obj is None:
        from report_tool.plugins.loading import load

        folder = ctx.meta.get(PLUGINS_DIR)
        root.obj = load(Path(folder) if folder is not None else None)
    return root.obj


def as_json(data: Any) -> str:
    """JSON for stdout: every character as itself where the stream holds it, else as \\u escapes,
    so that a program reading it gets every name intact whatever the console's code page."""
    import json

    return json.dumps(data, indent=2, ensure_ascii=not holds_unicode(sys.stdout))


def use_color(stream: Any = None) -> bool:
    """--color or --no-color as given, wherever it was typed; else NO_COLOR; else a terminal."""
    flag = click.get_current_context().meta.get(COLOR)
    if flag is not None:
        return bool(flag)
    if os.environ.get("NO_COLOR"):
        return False
    return bool((stream or sys.stdout).isatty())


def note_open_in_excel(workbook: Path) -> None:
    """Excel's lock file beside the workbook: what is read is the file as last saved."""
    from report_tool.workbook.reader import excel_lock_file

    if (lock := excel_lock_file(workbook)) is not None:
        warn(
            f"{workbook.name} is open in Excel ({lock.name} beside it): changes not yet saved are "
            "not read; save it in Excel first to include them"
        )
