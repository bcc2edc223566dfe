"""The command line: parse, call the library, print, exit. Nothing here that a library call lacks."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.core import ParameterSource

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
    130: "interrupted (Ctrl-C); no file was left half-written",
    141: "the output was closed before it was all written (as `| head` does)",
}


def exit_codes(**meanings: str) -> str:
    """The help's exit-code block, for the codes given (code_0=..., code_1=...); '' keeps the
    general meaning."""
    lines = ["\b", "Exit codes:"]
    meanings = {**meanings, **{name: meaning for name, meaning in ALWAYS.items() if name not in meanings}}
    for name, meaning in meanings.items():
        code = int(name.removeprefix("code_"))
        lines.append(f"  {code:>3}  {meaning or EXIT_MEANINGS[code]}")
    return "\n".join(lines)


#: Every command can be interrupted or have its output closed early.
ALWAYS = {"code_130": "", "code_141": ""}

EXIT_CODES = exit_codes(
    code_0="success (validate: no errors; warnings are allowed)",
    code_1="the workbook has errors, or no states (generate: nothing was written)",
    code_2="",
    code_3="",
    **ALWAYS,
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


def _refuse_too_early(ctx: click.Context, param: click.Parameter, value: dt.date | None) -> dt.date | None:
    """A day before the Convention is refused while the options are read, before any work."""
    if value is not None:
        from report_tool.domain.status import DateTooEarly, refuse_too_early

        try:
            refuse_too_early(value)
        except DateTooEarly as exc:
            exc.parameter = param.name  # the option as typed: --report-date, --data-date, --as-of
            raise
    return value


def data_date_option(help_text: str) -> Any:
    """--data-date: the day the workbook is current to, overriding Settings 'Data as at'."""
    return click.option(
        "--data-date", type=DateParam(), default=None, callback=_refuse_too_early, help=help_text
    )


def report_date_option(help_text: str) -> Any:
    """--report-date: the day the report states status as at."""
    return click.option(
        "--report-date", type=DateParam(), default=None, callback=_refuse_too_early, help=help_text
    )


def old_as_of_option(now: str) -> Any:
    """The old --as-of, which meant a different date on each command: still read, with a note
    naming the option it now is."""

    def note(ctx: click.Context, param: click.Parameter, value: dt.date | None) -> dt.date | None:
        if value is not None:
            warn(f"--as-of is now {now} on {ctx.info_name} (--as-of still works, for now)")
        return _refuse_too_early(ctx, param, value)

    return click.option(
        "--as-of",
        type=DateParam(),
        default=None,
        callback=note,
        hidden=True,
        help=f"The old name of {now} on this command.",
    )


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
OPTION_FIRST = {
    "as_of": "--as-of",
    "data_date": "--data-date",
    "report_date": "--report-date",
    "meeting": "--meeting",
}
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
    warn(message)
    sys.exit(code)


def warn(message: str) -> None:
    """Every message of the tool's own, in one style: "report-tool: ..." on stderr."""
    click.echo(f"report-tool: {message}", err=True)


#: Where the global options are kept: ctx.meta is shared by the group's context and the command's.
DEBUG, PLUGINS_DIR, COLOR = "report_tool.debug", "report_tool.plugins_dir", "report_tool.color"


def _remember(key: str) -> Any:
    def store(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        given = ctx.get_parameter_source(param.name or "")
        if given in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT):  # else the group's stays
            ctx.meta[key] = value

    return store


def global_options(envvars: bool) -> Any:
    """--debug, --plugins-dir and --color/--no-color, read before the command and after it alike
    (`report-tool validate x.xlsx --debug`). The environment is read once, by the group."""

    def add(function: Any) -> Any:
        options = [
            click.option(
                "--debug",
                is_flag=True,
                expose_value=False,
                callback=_remember(DEBUG),
                help="Show the full traceback of an internal error or a failing plugin.",
            ),
            click.option(
                "--plugins-dir",
                type=click.Path(file_okay=False, path_type=Path),
                envvar="REPORT_TOOL_PLUGINS_DIR" if envvars else None,
                expose_value=False,
                callback=_remember(PLUGINS_DIR),
                help="Also load every *.py in this folder as a plugin (checks, sheets, sections).",
            ),
            click.option(
                "--color/--no-color",
                default=None,
                expose_value=False,
                callback=_remember(COLOR),
                help="Colour the text output, or not; either wins over NO_COLOR. Default: on a "
                "terminal only, unless NO_COLOR is set.",
            ),
        ]
        for option in reversed(options):
            function = option(function)
        return function

    return add


class _Group(click.Group):
    """The one place errors end: a ReportToolError is its one line and exit code, an unexpected
    exception one line (exit 3), Ctrl-C a clean stop, and Click's own usage errors the same one
    line ("report-tool: ..."), not Click's "Error: ..." block."""

    def main(  # type: ignore[override]  # Click's overloads only say what standalone_mode returns
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            returned = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            said = exc.format_message().strip()
            said += "" if said.endswith((".", "?")) else "."
            where = f" '{exc.ctx.command_path} --help' lists the options." if exc.ctx else ""
            fail(f"{said}{where}", exc.exit_code)
        except click.ClickException as exc:
            fail(exc.format_message(), exc.exit_code)
        except click.Abort:
            fail("interrupted; no file was left half-written", 130)
        sys.exit(returned if isinstance(returned, int) else 0)

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
            if _debugging(ctx) and exc.__cause__ is not None:  # a failing plugin: where it failed
                import traceback

                click.echo("".join(traceback.format_exception(exc)), err=True, nl=False)
            fail(user_message(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted; no file was left half-written", 130)
        except Exception as exc:
            if _debugging(ctx):
                raise
            fail(
                f"internal error ({type(exc).__name__}: {str(exc)[:200]}); please report it, "
                "with the output of the same command run with --debug",
                3,
            )


def _debugging(ctx: click.Context) -> bool:
    return bool(ctx.meta.get(DEBUG) or os.environ.get("REPORT_TOOL_DEBUG"))


@click.group(cls=_Group, epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="report-tool")
@global_options(envvars=True)
def cli() -> None:
    """Check the Mine Ban Convention workbook and write the meeting reports.

    \b
    Start a workbook:   report-tool init apmbc.xlsx
    Check it:           report-tool validate apmbc.xlsx
    Mark it in a copy:  report-tool validate apmbc.xlsx --annotate checked.xlsx
    See what changed:   report-tool diff apmbc-previous.xlsx apmbc.xlsx
    Write the reports:  report-tool generate apmbc.xlsx --meeting 23MSP

    Two dates: --data-date is the day the workbook is current to (default: its Settings 'Data
    as at'); --report-date, the day a report states status as at (default: the data date).
    --debug, --plugins-dir and --color/--no-color may come before or after the command.
    """


def _registry() -> Registry:
    """The plugins, loaded once per run at the entry point (a caller may pass its own as `obj`)."""
    ctx = click.get_current_context()
    root = ctx.find_root()
    if root.obj is None:
        from report_tool.plugins.loading import load

        root.obj = load(ctx.meta.get(PLUGINS_DIR))
    return root.obj


@cli.command(
    short_help="Write a new, empty workbook to fill in.",
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
    write_workbook(path, force=overwrite or force, registry=_registry())
    click.echo(f"Wrote {path}")


@cli.command(
    short_help="Check a workbook and list every problem.",
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
    _note_open_in_excel(workbook)
    if annotate_to is not None:
        from report_tool.xlsxedit.package import check_copy_name

        check_copy_name(workbook, annotate_to, overwrite)  # before the work, not after it
    validation = run_validation(workbook, data_date, max_size * 2**20, registry=_registry())
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
        click.echo(_json(report.to_dict(limit=max_issues)))
    elif output_format == "csv":
        from report_tool.validation.issues import format_csv

        click.echo(format_csv(report, limit=max_issues), nl=False)
    else:
        from report_tool.validation.issues import format_text

        more = "--max-issues sets how many" if max_issues else ""
        lines = list(format_text(report, color=_use_color(), limit=max_issues, more_hint=more))
        for line in lines[:-1]:
            click.echo(line, color=True)
        click.echo(_dates_line(validation, data_date, report_date))
        click.echo(lines[-1], color=True)
    sys.exit(0 if report.valid else 1)


@cli.command(
    short_help="Write the meeting briefing and summary.",
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
        for line in format_text(report, color=_use_color(sys.stderr)):
            click.echo(line, err=True, color=True)

    report_date = report_date or as_of
    _note_open_in_excel(workbook)
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
            registry=_registry(),
            since=since,
            show=show,
            with_map=not no_map,
            known_at=known_at,
        )
    except GenerationRefused as refused:
        for line in format_text(refused.report, color=_use_color()):
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


DIFF_EXIT_CODES = """\b
Exit codes (as diff has them):
    0  no differences
    1  differences
    2  trouble: a file that cannot be read at all, or a usage error
    3  an internal error (please report it; --debug shows the details)
  130  interrupted (Ctrl-C); no file was left half-written
  141  the output was closed before it was all written (as `| head` does)"""


@cli.command("diff", short_help="Show what changed between two versions.", epilog=DIFF_EXIT_CODES)
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
def diff_command(
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
        _note_open_in_excel(path)
    found = diff_workbooks(old, new, data_date or as_of, max_size * 2**20, registry=_registry())
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
@global_options(envvars=False)
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
    import json

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
@global_options(envvars=False)
def plugins() -> None:
    """List the plugins loaded (built-in ones included), as JSON: name, hooks, version.

    Installed plugins are found through the entry-point group 'report_tool'; one-off plugin files
    through --plugins-dir. REPORT_TOOL_PLUGINS=name,name loads only those (empty: none).

    \b
    Example:
      report-tool --plugins-dir my-checks plugins
    """
    import json  # as every module --help needs not: imported where used

    click.echo(json.dumps(_registry().describe(), indent=2))


def _json(data: Any) -> str:
    """JSON for stdout: every character as itself where the stream holds it, else as \\u escapes,
    so that a program reading it gets every name intact whatever the console's code page."""
    import json

    return json.dumps(data, indent=2, ensure_ascii=not _holds_unicode(sys.stdout))


def _use_color(stream: Any = None) -> bool:
    """--color or --no-color as given, wherever it was typed; else NO_COLOR; else a terminal."""
    flag = click.get_current_context().meta.get(COLOR)
    if flag is not None:
        return bool(flag)
    if os.environ.get("NO_COLOR"):
        return False
    return bool((stream or sys.stdout).isatty())


def _dates_line(validation: Any, data_date: dt.date | None, report_date: dt.date | None) -> str:
    """Both dates of a run, and where each came from, as validate's text output says them."""
    from report_tool.domain.treaty_dates import format_date
    from report_tool.validation.validate import data_as_at

    checked = validation.report.as_of
    if data_date is not None:
        source = "given with --data-date"
    elif data_as_at(validation.workbook) is not None:
        source = "Settings 'Data as at'"
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


def _note_open_in_excel(workbook: Path) -> None:
    """Excel's lock file beside the workbook: what is read is the file as last saved."""
    from report_tool.workbook.reader import excel_lock_file

    if (lock := excel_lock_file(workbook)) is not None:
        warn(
            f"{workbook.name} is open in Excel ({lock.name} beside it): changes not yet saved are "
            "not read; save it in Excel first to include them"
        )


def main() -> None:
    _write_what_the_streams_can_hold()
    _stop_cleanly_on_sigterm()
    cli(prog_name="report-tool")


#: Whether a character had to be written as "?" in this run, for the one line said at exit.
_REPLACED: list[bool] = []


def _replace_and_remember(error: UnicodeError) -> tuple[str, int]:
    """The "replace" error handler, remembering that it was needed."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    _REPLACED[:] = [True]
    return "?" * (error.end - error.start), error.end


def _say_what_was_replaced(encodings: str) -> None:
    """One line at exit when a character was written as "?", so that nobody takes "Kova?i?" for
    what the workbook holds."""
    if _REPLACED:
        try:
            sys.stderr.write(
                f"report-tool: characters that {encodings} cannot hold were written as '?'; the "
                "workbook is unchanged (set PYTHONIOENCODING=utf-8 to keep them)\n"
            )
            sys.stderr.flush()
        except (OSError, ValueError):
            pass  # the stream is closed (| head): nothing more can be said


def _write_what_the_streams_can_hold() -> None:
    """A Windows redirect is written in cp1252 and a console often in cp850: a character they
    cannot hold ("Kovačič", the "–" of every message) is replaced there, never a crash mid-output,
    and one line at exit says so."""
    import atexit

    narrow = [
        s for s in (sys.stdout, sys.stderr) if isinstance(s, io.TextIOWrapper) and not _holds_unicode(s)
    ]
    if not narrow:
        return
    codecs.register_error("report-tool-replace", _replace_and_remember)
    for stream in narrow:
        stream.reconfigure(errors="report-tool-replace")
    atexit.register(_say_what_was_replaced, " and ".join(dict.fromkeys(s.encoding for s in narrow)))


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
