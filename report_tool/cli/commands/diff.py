"""`report-tool diff`: what changed between two versions of the workbook, in treaty terms first."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from report_tool.cli import SUMMARIES
from report_tool.cli.options import (
    data_date_option,
    global_options,
    max_size_option,
    old_as_of_option,
    report_format_option,
)
from report_tool.cli.shared import as_json, note_open_in_excel, registry

DIFF_EXIT_CODES = """\b
Exit codes (as diff has them):
    0  no differences
    1  differences
    2  trouble: a file that cannot be read at all, or a usage error
    3  an internal error (please report it; --debug shows the details)
  130  interrupted (Ctrl-C); no file was left half-written
  141  the output was closed before it was all written (as `| head` does)"""


@click.command("diff", short_help=SUMMARIES["diff"], epilog=DIFF_EXIT_CODES)
@global_options(envvars=False)
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@data_date_option(
    "The day both files are current to (YYYY-MM-DD), instead of their Settings 'Data as at': "
    "both are checked, and their status worked out, as at it. Default: each file's own Settings "
    "'Data as at', else today."
)
@old_as_of_option("--data-date")
@max_size_option
@report_format_option
@click.option(
    "--annotate",
    "annotate_to",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="COPY.xlsx",
    help="Also write a copy of NEW with each changed cell coloured and noted with what it was, "
    "added rows marked, and a Changes sheet first listing every change (removed rows too) with "
    "links. NEW itself is never changed.",
)
@click.option("--overwrite", is_flag=True, help="Replace the --annotate copy if it exists.")
def diff(
    old: Path,
    new: Path,
    data_date: dt.date | None,
    as_of: dt.date | None,
    max_size: int,
    output_format: str,
    annotate_to: Path | None,
    overwrite: bool,
) -> None:
    """Show what changed from OLD to NEW, two versions of the workbook, in treaty terms first.

    Rows are matched by each sheet's key (State; Country + Year + Edition; Short name; ...),
    columns by header, so moving a column or changing a header's case is no change. A date typed
    as text and a real date of the same day differ in form only, and are listed apart. Both files
    are only read; either may have validation errors.

    \b
    Examples:
      report-tool diff apmbc-2025-11.xlsx apmbc.xlsx
      report-tool diff apmbc-2025-11.xlsx apmbc.xlsx --format json
    """
    from report_tool.diff.compare import diff_workbooks
    from report_tool.diff.render import format_csv, format_text, validation_line

    if annotate_to is not None:
        from report_tool.xlsxedit.package import check_copy_name

        check_copy_name(new, annotate_to, overwrite)  # before the work, not after it
    for path in (old, new):
        note_open_in_excel(path)
    found = diff_workbooks(old, new, data_date or as_of, max_size * 2**20, registry=registry())
    if annotate_to is not None:
        from report_tool.diff.annotate import annotate_diff

        annotated = annotate_diff(found, annotate_to, overwrite=overwrite)
        click.echo(f"Wrote the annotated copy {annotate_to}", err=True)
        for notice in annotated.notices:
            click.echo(f"  {notice}", err=True)
    if output_format == "json":
        click.echo(as_json(found.to_dict()))
    elif output_format == "csv":
        click.echo(format_csv(found), nl=False)
    else:
        for line in format_text(found):
            click.echo(line)
    if output_format != "text" and (note := validation_line(found)):
        click.echo(note, err=True)
    sys.exit(1 if found.differs else 0)
