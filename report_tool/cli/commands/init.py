"""`report-tool init`: write a new, empty workbook to fill in."""

from __future__ import annotations

from pathlib import Path

import click

from report_tool.cli import SUMMARIES
from report_tool.cli.options import exit_codes, fail, global_options
from report_tool.cli.shared import registry


@click.command(
    "init",
    short_help=SUMMARIES["init"],
    epilog=exit_codes(code_0="", code_2="", code_3=""),
)
@global_options(envvars=False)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace PATH if it already exists.")
@click.option("--force", "force", is_flag=True, hidden=True, help="The old name of --overwrite.")
def init(path: Path, overwrite: bool, force: bool) -> None:
    """Write a new, empty workbook at PATH, ready to fill in in Excel.

    Every sheet has a frozen, filterable header row with a note on each header, dropdowns for
    lists and states, and checks on numbers, years and dates.

    \b
    Example:
      report-tool init workbooks/new.xlsx
    """
    from report_tool.workbook.blank import write_workbook

    if path.suffix.lower() != ".xlsx":
        fail(f"{path}: the workbook must end in .xlsx")
    write_workbook(path, force=overwrite or force, registry=registry())
    click.echo(f"Wrote {path}")
