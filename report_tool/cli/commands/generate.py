"""`report-tool generate`: check a workbook, then write the meeting briefing and summary."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from report_tool.cli import SUMMARIES
from report_tool.cli.options import (
    DateParam,
    data_date_option,
    exit_codes,
    fail,
    global_options,
    max_size_option,
    old_as_of_option,
    report_date_option,
    warn,
)
from report_tool.cli.shared import note_open_in_excel, registry, use_color
from report_tool.report.render.formats import RENDERERS


@click.command(
    "generate",
    short_help=SUMMARIES["generate"],
    epilog=exit_codes(
        code_0="", code_1="the workbook has errors, or no states (nothing was written)", code_2="", code_3=""
    ),
)
@global_options(envvars=False)
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option(
    "--meeting",
    metavar="NAME",
    help="The meeting the briefing is for: its short name (23MSP) or its full name. Default: the "
    "next meeting after the report date (an undated one listed after the last held counts), else "
    "the latest. A meeting already over is reported as at its last day, unless --report-date "
    "gives another.",
)
@report_date_option(
    "The day the reports state status as at (YYYY-MM-DD), from the dates in the workbook; facts "
    "dated later are left out. After the data date, a projection. Default: the data date, or the "
    "last day of a --meeting already over."
)
@data_date_option(
    "The day the workbook is current to (YYYY-MM-DD), instead of its Settings 'Data as at': the "
    "workbook is checked as at it. Default: Settings 'Data as at', else today."
)
@old_as_of_option("--report-date")
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    metavar="FOLDER",
    help="The folder to write the reports into (made if needed). Default: reports.",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(list(RENDERERS)),
    multiple=True,
    help="Which report to write: docx (the briefing), xlsx (the summary) or pdf (the briefing "
    "converted by LibreOffice, which must be installed); give it again for another. Default: docx "
    "and xlsx.",
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A Word template with the briefing's styles. Default: the one that comes with the tool.",
)
@click.option("--overwrite", is_flag=True, help="Replace reports of the same name.")
@click.option(
    "--open",
    "open_after",
    is_flag=True,
    help="Open the briefing (or the summary) when written, in the program that opens such files.",
)
@max_size_option
@click.option(
    "--since",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="OLD.xlsx",
    help="An earlier version of the workbook: the reports gain an annex of the changes since it "
    "(as report-tool diff finds them).",
)
@click.option(
    "--no-map", is_flag=True, help="Leave the world map of the states' standing out of the reports."
)
@click.option(
    "--known-at",
    type=DateParam(),
    default=None,
    metavar="DATE",
    help="Cite what was published up to this day (YYYY-MM-DD), not only up to the as-at date: a "
    "past report with hindsight, which its cover says. Default: the as-at date.",
)
def generate(
    workbook: Path,
    meeting: str | None,
    report_date: dt.date | None,
    data_date: dt.date | None,
    as_of: dt.date | None,
    output_dir: Path,
    formats: tuple[str, ...],
    template: Path | None,
    overwrite: bool,
    open_after: bool,
    max_size: int,
    since: Path | None,
    no_map: bool,
    known_at: dt.date | None,
) -> None:
    """Check WORKBOOK, then write the meeting briefing (Word) and summary (Excel).

    Warnings are shown first. Nothing is written when the workbook has errors or no states. The
    reports are named after the meeting and the as-at date:

    \b
      reports/23MSP-briefing-2026-11-26.docx
      reports/23MSP-summary-2026-11-26.xlsx

    \b
    Examples:
      report-tool generate apmbc.xlsx --meeting 23MSP --open
      report-tool generate apmbc.xlsx --report-date 2025-12-31 -o out --overwrite
    """
    from report_tool.errors import GenerationRefused
    from report_tool.report.generate import generate as run_generate
    from report_tool.report.render.formats import DEFAULT_FORMATS
    from report_tool.validation.issues import ValidationReport, format_text

    def progress(message: str) -> None:
        click.echo(message, err=True)

    def show(report: ValidationReport) -> None:
        for line in format_text(report, color=use_color(sys.stderr)):
            click.echo(line, err=True, color=True)

    report_date = report_date or as_of
    note_open_in_excel(workbook)
    try:
        generated = run_generate(
            workbook,
            as_of=report_date,
            data_date=data_date,
            meeting=meeting,
            output_dir=output_dir,
            formats=formats or DEFAULT_FORMATS,
            template=template,
            overwrite=overwrite,
            progress=progress,
            max_uncompressed=max_size * 2**20,
            registry=registry(),
            since=since,
            show=show,
            with_map=not no_map,
            known_at=known_at,
        )
    except GenerationRefused as refused:
        for line in format_text(refused.report, color=use_color()):
            click.echo(line, color=True)
        fail(f"{workbook}: not generated: fix the errors above first; nothing was written", 1)
    click.echo(generated.summary())
    if open_after and generated.paths:
        from report_tool.desktop import open_in_default_application
        from report_tool.errors import CannotOpen

        try:
            open_in_default_application(generated.paths[0])
        except CannotOpen as exc:
            warn(str(exc))
