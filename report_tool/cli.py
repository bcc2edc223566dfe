"""The command line: parse, call the library, print, exit. Nothing here that a library call lacks."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from report_tool import __version__
from report_tool.errors import ReportToolError
from report_tool.report.render.formats import RENDERERS

if TYPE_CHECKING:
    from report_tool.plugins.registry import Registry

#: What each exit code means; a command's help lists only the codes it can return.
EXIT_MEANINGS = {
    0: "success",
    1: "the workbook has errors",
    2: "a wrong option, an unreadable file or an unwritable output",
    3: "an internal error: please report it (--debug shows the details)",
}


def exit_codes(**meanings: str) -> str:
    """The help's exit-code block, for the codes given (code_0=..., code_1=...); '' keeps the
    general meaning."""
    lines = ["\b", "Exit codes:"]
    for name, meaning in meanings.items():
        code = int(name.removeprefix("code_"))
        lines.append(f"  {code}  {meaning or EXIT_MEANINGS[code]}")
    return "\n".join(lines)


EXIT_CODES = exit_codes(
    code_0="success (validate: no errors; warnings are allowed)",
    code_1="the workbook has errors, or no states (generate: nothing was written)",
    code_2="",
    code_3="",
)


class Positive(click.ParamType):
    """A whole number, 1 or more, said in words (Click's IntRange says "x>=1")."""

    name = "N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            number = 0
        if number < 1:
            self.fail(f"{value!r} is not a whole number of 1 or more", param, ctx)
        return number


class DateParam(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        from report_tool.workbook.text_dates import parse_day, refusal

        day = parse_day(str(value))
        if day is None:
            message = refusal(str(value))[0]
            self.fail(f"{message}; use YYYY-MM-DD, for example 2025-12-31", param, ctx)
        return day


def max_size_option(function: Any) -> Any:
    return click.option(
        "--max-size",
        type=Positive(),
        default=512,
        metavar="MB",
        help="Refuse a workbook that would expand to more than this many MB when unzipped, which "
        "protects against zip bombs. Default: 512.",
    )(function)


def as_of_option(help_text: str) -> Any:
    def refuse(ctx: click.Context, param: click.Parameter, value: dt.date | None) -> dt.date | None:
        """A day before the Convention is refused while the options are read, before any work."""
        if value is not None:
            from report_tool.domain.status import refuse_too_early

            refuse_too_early(value)
        return value

    return click.option("--as-of", type=DateParam(), default=None, callback=refuse, help=help_text)


def report_format_option(function: Any) -> Any:
    """--format text|json|csv, as validate and diff print their findings."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json", "csv"]),
        default="text",
        help="text for people, json for programs, csv for sorting and filtering in Excel. Default: text.",
    )(function)


#: The option that fixes a library error, by the library parameter the error names: named first
#: ("--as-of: ..."), or told after the message as what to do.
OPTION_FIRST = {"as_of": "--as-of", "meeting": "--meeting"}
REMEDY = {
    "overwrite": "; use --overwrite to replace it",
    "max_uncompressed": " (raise it with --max-size if it is genuine)",
}


def user_message(exc: ReportToolError) -> str:
    """The library's one line, with the option that fixes it where one does."""
    if exc.parameter in OPTION_FIRST:
        return f"{OPTION_FIRST[exc.parameter]}: {exc}"
    return f"{exc}{REMEDY.get(exc.parameter or '', '')}"


def fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"report-tool: {message}", err=True)
    sys.exit(code)


class _Group(click.Group):
    """The one place errors end: a ReportToolError is its one line and exit code, an unexpected
    exception one line (exit 3), Ctrl-C a clean stop."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            # the reader went away (`report-tool validate ... | head -1`): end quietly, as `yes | head`
            # does; stdout goes to /dev/null so that Python's own flush at exit does not complain
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)  # 128 + SIGPIPE, what a shell reports for a program ended by a closed pipe
        except ReportToolError as exc:
            fail(user_message(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted; no file was left half-written", 130)
        except Exception as exc:
            if ctx.params.get("debug") or os.environ.get("REPORT_TOOL_DEBUG"):
                raise
            fail(
                f"internal error ({type(exc).__name__}: {str(exc)[:200]}); please report it, "
                "with the output of the same command run with --debug",
                3,
            )


@click.group(cls=_Group, epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="report-tool")
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
@click.option(
    "--plugins-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="REPORT_TOOL_PLUGINS_DIR",
    help="Also load every *.py in this folder as a plugin (checks, sheets, sections).",
)
def cli(debug: bool, plugins_dir: Path | None) -> None:
    """Check the Mine Ban Convention workbook and write the meeting reports.

    \b
    Start a workbook:   report-tool init apmbc.xlsx
    Check it:           report-tool validate apmbc.xlsx
    Mark it in a copy:  report-tool validate apmbc.xlsx --annotate checked.xlsx
    See what changed:   report-tool diff apmbc-previous.xlsx apmbc.xlsx
    Write the reports:  report-tool generate apmbc.xlsx --meeting 23MSP
    """


def _registry() -> Registry:
    """The plugins, loaded once per run at the entry point (a caller may pass its own as `obj`)."""
    root = click.get_current_context().find_root()
    if root.obj is None:
        from report_tool.plugins.loading import load

        root.obj = load(root.params.get("plugins_dir"))
    return root.obj


@cli.command(
    short_help="Write a new, empty workbook to fill in.",
    epilog=exit_codes(code_0="", code_2="", code_3=""),
)
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
    write_workbook(path, force=overwrite or force, registry=_registry())
    click.echo(f"Wrote {path}")


@cli.command(
    short_help="Check a workbook and list every problem.",
    epilog=exit_codes(code_0="no errors (warnings are allowed)", code_1="", code_2="", code_3=""),
)
@click.argument("workbook", type=click.Path(path_type=Path))
@as_of_option(
    "The day the workbook is current to (YYYY-MM-DD), for this run: Status and dates are "
    "checked against it. Default: Settings 'Data as at', else today."
)
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
@click.option("--color/--no-color", default=None, help="Colour the text output. Default: on a terminal only.")
def validate(
    workbook: Path,
    as_of: dt.date | None,
    max_size: int,
    output_format: str,
    output_file: Path | None,
    annotate_to: Path | None,
    overwrite: bool,
    max_issues: int | None,
    color: bool | None,
) -> None:
    """Check WORKBOOK and list every problem at its cell.

    Errors must be fixed before reports can be generated; warnings are shown but do not block.

    \b
    Examples:
      report-tool validate apmbc.xlsx
      report-tool validate apmbc.xlsx --annotate checked.xlsx
      report-tool validate apmbc.xlsx --format csv -o problems.csv
      report-tool validate apmbc.xlsx --as-of 2025-12-31 --format json
    """
    from report_tool.validation.validate import validate as run_validation

    if annotate_to is not None:
        from report_tool.xlsxedit.package import check_copy_name

        check_copy_name(workbook, annotate_to, overwrite)  # before the work, not after it
    report = run_validation(workbook, as_of, max_size * 2**20, registry=_registry()).report
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
        click.echo(_json(report.to_dict(limit=max_issues)))
    elif output_format == "csv":
        from report_tool.validation.issues import format_csv

        click.echo(format_csv(report, limit=max_issues), nl=False)
    else:
        from report_tool.validation.issues import format_text

        for line in format_text(report, color=_use_color(color), limit=max_issues):
            click.echo(line, color=True)
    sys.exit(0 if report.valid else 1)


@cli.command(
    short_help="Write the meeting briefing and summary.",
    epilog=exit_codes(
        code_0="", code_1="the workbook has errors, or no states (nothing was written)", code_2="", code_3=""
    ),
)
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option(
    "--meeting",
    metavar="SHORT-NAME",
    help="The meeting the briefing is for, for example 23MSP. Default: the next meeting after the "
    "as-at date (an undated one listed after the last held counts), else the latest.",
)
@as_of_option(
    "Report status as at this date (YYYY-MM-DD), from the dates in the workbook; facts dated "
    "later are left out. After the workbook's data date, a projection. Default: the data date "
    "(Settings 'Data as at', else today)."
)
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
      report-tool generate apmbc.xlsx --as-of 2025-12-31 -o out --overwrite
    """
    from report_tool.errors import GenerationRefused
    from report_tool.report.generate import generate as run_generate
    from report_tool.report.render.formats import DEFAULT_FORMATS
    from report_tool.validation.issues import ValidationReport, format_text

    def progress(message: str) -> None:
        click.echo(message, err=True)

    def show(report: ValidationReport) -> None:
        for line in format_text(report, color=_use_color(None, sys.stderr)):
            click.echo(line, err=True, color=True)

    try:
        generated = run_generate(
            workbook,
            as_of=as_of,
            meeting=meeting,
            output_dir=output_dir,
            formats=formats or DEFAULT_FORMATS,
            template=template,
            overwrite=overwrite,
            progress=progress,
            max_uncompressed=max_size * 2**20,
            registry=_registry(),
            since=since,
            show=show,
            with_map=not no_map,
            known_at=known_at,
        )
    except GenerationRefused as refused:
        for line in format_text(refused.report, color=_use_color(None)):
            click.echo(line, color=True)
        fail(f"{workbook}: not generated: fix the errors above first; nothing was written", 1)
    click.echo(generated.summary())
    if open_after and generated.paths:
        from report_tool.desktop import open_in_default_application
        from report_tool.errors import CannotOpen

        try:
            open_in_default_application(generated.paths[0])
        except CannotOpen as exc:
            click.echo(f"report-tool: {exc}", err=True)


DIFF_EXIT_CODES = """\b
Exit codes (as diff has them):
  0  no differences
  1  differences
  2  trouble: a file that cannot be read at all, or a usage error
  3  an internal error (please report it; --debug shows the details)"""


@cli.command("diff", short_help="Show what changed between two versions.", epilog=DIFF_EXIT_CODES)
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@as_of_option(
    "Validate both and work out status as at this date (YYYY-MM-DD). Default: each file's own "
    "data date (Settings 'Data as at'), else today."
)
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
def diff_command(
    old: Path,
    new: Path,
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
    found = diff_workbooks(old, new, as_of, max_size * 2**20, registry=_registry())
    if annotate_to is not None:
        from report_tool.diff.annotate import annotate_diff

        annotated = annotate_diff(found, annotate_to, overwrite=overwrite)
        click.echo(f"Wrote the annotated copy {annotate_to}", err=True)
        for notice in annotated.notices:
            click.echo(f"  {notice}", err=True)
    if output_format == "json":
        click.echo(_json(found.to_dict()))
    elif output_format == "csv":
        click.echo(format_csv(found), nl=False)
    else:
        for line in format_text(found):
            click.echo(line)
    if output_format != "text" and (note := validation_line(found)):
        click.echo(note, err=True)
    sys.exit(1 if found.differs else 0)


@cli.command(
    short_help="List the issue codes, the plugins' included.",
    epilog=exit_codes(code_0="", code_2="a plugin cannot be loaded", code_3=""),
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people, json for programs. Default: text.",
)
def codes(output_format: str) -> None:
    """List every issue code validate may report: its severity, group and meaning, the loaded
    plugins' codes included (docs/issue-codes.md lists the built-in ones).

    \b
    Example:
      report-tool codes --format json
    """
    from report_tool.validation.catalogue import describe, text_lines

    types = list(_registry().issue_types().values())
    if output_format == "json":
        data = {"tool": "report-tool", "version": __version__, "codes": describe(types)}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for line in text_lines(types):
            click.echo(line)


@cli.command(
    short_help="List the plugins loaded, as JSON.",
    epilog=exit_codes(code_0="", code_2="a plugin cannot be loaded", code_3=""),
)
def plugins() -> None:
    """List the plugins loaded (built-in ones included), as JSON: name, hooks, version.

    Installed plugins are found through the entry-point group 'report_tool'; one-off plugin files
    through --plugins-dir. REPORT_TOOL_PLUGINS=name,name loads only those (empty: none).

    \b
    Example:
      report-tool --plugins-dir my-checks plugins
    """
    click.echo(json.dumps(_registry().describe(), indent=2))


def _json(data: Any) -> str:
    """JSON for stdout: every character as itself where the stream holds it, else as \\u escapes,
    so that a program reading it gets every name intact whatever the console's code page."""
    return json.dumps(data, indent=2, ensure_ascii=not _holds_unicode(sys.stdout))


def _use_color(flag: bool | None, stream: Any = None) -> bool:
    if "NO_COLOR" in os.environ:
        return False
    return (stream or sys.stdout).isatty() if flag is None else flag


def main() -> None:
    _write_what_the_streams_can_hold()
    _stop_cleanly_on_sigterm()
    cli(prog_name="report-tool")


def _write_what_the_streams_can_hold() -> None:
    """A Windows redirect is written in cp1252 and a console often in cp850: a character they
    cannot hold ("Kovačič", the "–" of every message) is replaced there, never a crash mid-output."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not _holds_unicode(stream):
            stream.reconfigure(errors="replace")


def _holds_unicode(stream: Any) -> bool:
    """The stream's encoding can write every character (UTF-8, UTF-16, ...)."""
    return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name.startswith("utf")


def _stop_cleanly_on_sigterm() -> None:
    """SIGTERM (a closed terminal, a service manager, `kill`) ends the run as Ctrl-C does, so that
    the temporary file being written is removed instead of left beside the reports."""
    import signal

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, interrupt)
