"""What every command shares, and what `report-tool --help` needs: the exit codes, the option
types and decorators, the global options and the one style of the tool's messages. Nothing here
imports pathlib or the library (the help must cost little more than Click itself)."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.core import ParameterSource

if TYPE_CHECKING:
    from report_tool.errors import ReportToolError


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
                type=click.Path(file_okay=False),  # a str: pathlib is not imported for --help
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
