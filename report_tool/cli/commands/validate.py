"""`report-tool validate`: check a workbook and list every problem at its cell, or mark them in a copy."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from report_tool.cli import SUMMARIES
from report_tool.cli.options import (
    Positive,
    data_date_option,
    exit_codes,
    global_options,
    max_size_option,
    old_as_of_option,
    report_date_option,
    report_format_option,
)
from report_tool.cli.shared import as_json, note_open_in_excel, registry, use_color


@click.command(
    "validate",
    short_help=SUMMARIES["validate"],
    epilog=exit_codes(code_0="no errors (warnings are allowed)", code_1="", code_2="", code_3=""),
)
@global_options(envvars=False)
@click.argument("workbook", type=click.Path(path_type=Path))
@data_date_option(
    "The day the workbook is current to (YYYY-MM-DD), instead of its Settings 'Data as at', for "
    "this run: Status and dates are checked against it. Default: Settings 'Data as at', else today."
)
@report_date_option(
    "The day a report would state status as at (YYYY-MM-DD), as generate's --report-date; said "
    "with the data date in the text output, it changes no check. Default: the data date."
)
@old_as_of_option("--data-date")
@max_size_option
@report_format_option
@click.option(
    "-o",
    "--output",
    "output_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the list to FILE instead of the screen (csv with a byte-order mark, so that Excel "
    "reads accented names correctly).",
)
@click.option(
    "--annotate",
    "annotate_to",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="COPY.xlsx",
    help="Also write a copy of the workbook with each problem coloured and noted at its cell, "
    "and an Issues sheet first. The workbook itself is never changed.",
)
@click.option(
    "--overwrite", is_flag=True, help="Replace the --annotate copy or the --output file if it exists."
)
@click.option("--max-issues", type=Positive(), help="List at most N issues (all are counted).")
def validate(
    workbook: Path,
    data_date: dt.date | None,
    report_date: dt.date | None,
    as_of: dt.date | None,
    max_size: int,
    output_format: str,
    output_file: Path | None,
    annotate_to: Path | None,
    overwrite: bool,
    max_issues: int | None,
) -> None:
    """Check WORKBOOK and list every problem at its cell.

    Errors must be fixed before reports can be generated; warnings are shown but do not block.

    \b
    Examples:
      report-tool validate apmbc.xlsx
      report-tool validate apmbc.xlsx --annotate checked.xlsx
      report-tool validate apmbc.xlsx --format csv -o problems.csv
      report-tool validate apmbc.xlsx --data-date 2025-12-31 --format json
    """
    from report_tool.validation.validate import validate as run_validation

    data_date = data_date or as_of
    note_open_in_excel(workbook)
    if annotate_to is not None:
        from report_tool.xlsxedit.package import check_copy_name

        check_copy_name(workbook, annotate_to, overwrite)  # before the work, not after it
    validation = run_validation(workbook, data_date, max_size * 2**20, registry=registry())
    report = validation.report
    if annotate_to is not None:
        from report_tool.xlsxedit.annotate import annotate

        annotated = annotate(workbook, annotate_to, report, overwrite=overwrite)
        click.echo(f"Wrote the annotated copy {annotate_to}", err=True)
        for notice in annotated.notices:
            click.echo(f"  {notice}", err=True)
    if output_file is not None:
        from report_tool.validation.validate import write_report

        write_report(report, output_file, output_format, limit=max_issues, overwrite=overwrite)
        click.echo(f"Wrote {output_file}: {report.summary()}", err=True)
    elif output_format == "json":
        click.echo(as_json(report.to_dict(limit=max_issues)))
    elif output_format == "csv":
        from report_tool.validation.issues import format_csv

        click.echo(format_csv(report, limit=max_issues), nl=False)
    else:
        from report_tool.validation.issues import format_text

        more = "--max-issues sets how many" if max_issues else ""
        lines = list(format_text(report, color=use_color(), limit=max_issues, more_hint=more))
        for line in lines[:-1]:
            click.echo(line, color=True)
        click.echo(dates_line(validation, data_date, report_date, "--as-of" if as_of else "--data-date"))
        click.echo(lines[-1], color=True)
    sys.exit(0 if report.valid else 1)


def dates_line(
    validation: Any, data_date: dt.date | None, report_date: dt.date | None, option: str = "--data-date"
) -> str:
    """Both dates of a run, and where each came from, as validate's text output says them."""
    from report_tool.domain.treaty_dates import format_date
    from report_tool.validation.validate import data_as_at, data_as_at_given

    checked = validation.report.as_of
    if data_date is not None:
        source = f"given with {option}"
    elif data_as_at(validation.workbook) is not None:
        source = "Settings 'Data as at'"
    elif data_as_at_given(validation.workbook):
        source = "today: Settings 'Data as at' is not a day it can read"
    else:
        source = "today: Settings has no 'Data as at'"
    report_day = report_date or checked
    if report_date is None:
        how = "the data date"
    elif report_date > checked:
        how = "given with --report-date; after the data date, a projection"
    else:
        how = "given with --report-date"
    return f"Data date {format_date(checked)} ({source}); report date {format_date(report_day)} ({how})"
