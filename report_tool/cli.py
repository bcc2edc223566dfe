"""The command line: parse, call the library, print, exit. Nothing here that a library call lacks."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from report_tool import __version__

EXIT_CODES = """\b
Exit codes:
  0  success (validate: no errors; warnings are allowed)
  1  the workbook has errors
  2  usage error, or a file that cannot be read at all"""


class DateParam(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date; use YYYY-MM-DD, for example 2025-12-31", param, ctx)


def as_of_option(function: Any) -> Any:
    return click.option(
        "--as-of",
        type=DateParam(),
        default=None,
        help="Check status as at this date (YYYY-MM-DD). Default: today.",
    )(function)


def fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"report-tool: {message}", err=True)
    sys.exit(code)


@click.group(epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="report-tool")
def cli() -> None:
    """Validate the Mine Ban Convention workbook and write meeting reports.

    \b
    Start with a new workbook:   report-tool init apmbc.xlsx
    Check it:                    report-tool validate apmbc.xlsx
    """


@cli.command(epilog=EXIT_CODES)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it already exists.")
def init(path: Path, force: bool) -> None:
    """Write a new, empty workbook at PATH, ready to fill in in Excel.

    Every sheet has a frozen, filterable header row with a note on each header, dropdowns for
    lists and states, and checks on numbers, years and dates.

    \b
    Example:
      report-tool init workbooks/new.xlsx
    """
    from report_tool.output import OutputError
    from report_tool.workbook_init import write_workbook

    if path.suffix.lower() != ".xlsx":
        fail(f"{path}: the workbook must end in .xlsx")
    try:
        write_workbook(path, force=force)
    except OutputError as exc:
        fail(str(exc))
    click.echo(f"Wrote {path}")


@cli.command(epilog=EXIT_CODES)
@click.argument("workbook", type=click.Path(path_type=Path))
@as_of_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for programs.",
)
@click.option("--color/--no-color", default=None, help="Colour the text output (default: when a terminal).")
def validate(workbook: Path, as_of: dt.date | None, output_format: str, color: bool | None) -> None:
    """Check WORKBOOK and list every problem at its cell.

    Errors must be fixed before reports can be generated; warnings are shown but do not block.

    \b
    Examples:
      report-tool validate workbooks/apmbc.xlsx
      report-tool validate workbooks/apmbc.xlsx --as-of 2025-12-31 --format json
    """
    from report_tool.reader import WorkbookUnreadable
    from report_tool.validate import validate as run_validation

    try:
        report = run_validation(workbook, as_of).report
    except WorkbookUnreadable as exc:
        fail(str(exc))
    if output_format == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        from report_tool.issues import format_text

        if color is None:
            color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        for line in format_text(report, color=color and "NO_COLOR" not in os.environ):
            click.echo(line, color=True)
    sys.exit(0 if report.valid else 1)


def main() -> None:
    cli(prog_name="report-tool")
