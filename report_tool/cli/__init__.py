"""The command line: parse, call the library, print, exit. Nothing here that a library call lacks.

This module is the group: its global options, the one place errors end, and the table of
commands. Each command lives in report_tool.cli.commands and is imported only when it runs or
shows its help, so `report-tool --help` costs little more than importing Click.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from importlib import import_module
from typing import Any

import click
from click import formatting

from report_tool import __version__
from report_tool.cli.options import DEBUG, EXIT_CODES, fail, global_options, user_message

#: Every command, and the one line the group's help lists it by (its short help too); the command
#: `name` is the object of that name in report_tool.cli.commands.name.
SUMMARIES = {
    "codes": "List the issue codes, the plugins' included.",
    "diff": "Show what changed between two versions.",
    "generate": "Write the meeting briefing and summary.",
    "init": "Write a new, empty workbook to fill in.",
    "plugins": "List the plugins loaded, as JSON.",
    "validate": "Check a workbook and list every problem.",
}
MODULES = {name: f"report_tool.cli.commands.{name}" for name in SUMMARIES}


#: What Click 8.2 and later raise for a group run with no command (none for 8.1, which prints the
#: help itself).
NO_COMMAND: tuple[type[click.UsageError], ...] = tuple(
    getattr(click.exceptions, name) for name in ("NoArgsIsHelpError",) if hasattr(click.exceptions, name)
)


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands by name, each imported the first time it is looked up: Click lists the
    names for the help and asks for the one command it runs."""

    def __init__(self, modules: dict[str, str]) -> None:
        self._modules = dict(modules)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module = import_module(self._modules[name])  # a KeyError: no such command
            self._loaded[name] = getattr(module, name)  # the module's command is named as it is
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command
        self._modules.setdefault(name, "")

    def __delitem__(self, name: str) -> None:
        self._modules.pop(name)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


class _Context(click.Context):
    def make_formatter(self) -> click.HelpFormatter:
        """Click's formatter, its width worked out here: Click's imports shutil for it, and with
        shutil bz2 and lzma, a tenth of what --help takes."""
        width = self.terminal_width or formatting.FORCED_WIDTH
        if width is None:
            width = max(min(_terminal_columns(), self.max_content_width or 80) - 2, 50)
        return self.formatter_class(width=width, max_width=self.max_content_width)


def _terminal_columns() -> int:
    """What shutil.get_terminal_size() says of the columns: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Group(click.Group):
    """The one place errors end: a ReportToolError is its one line and exit code, an unexpected
    exception one line (exit 3), Ctrl-C a clean stop, and Click's own usage errors the same one
    line ("report-tool: ..."), not Click's "Error: ..." block."""

    context_class = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(MODULES)  # type: ignore[assignment]  # a mapping, as Click reads it

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their summaries, from the table: no command is imported to list it."""
        rows = [
            (name, SUMMARIES.get(name) or self.commands[name].get_short_help_str())
            for name in sorted(self.commands)
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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
        except NO_COMMAND as exc:  # `report-tool` alone: the help, as --help gives it
            click.echo(exc.format_message())
            sys.exit(0)
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
        except KeyboardInterrupt:
            fail("interrupted; no file was left half-written", 130)
        except Exception as exc:
            from report_tool.errors import ReportToolError  # imported when needed: --help needs it not

            if isinstance(exc, ReportToolError):
                if _debugging(ctx) and exc.__cause__ is not None:  # a failing plugin: where it failed
                    import traceback

                    click.echo("".join(traceback.format_exception(exc)), err=True, nl=False)
                fail(user_message(exc), exc.exit_code)
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


def main() -> None:
    from report_tool.cli.streams import stop_cleanly_on_sigterm, write_what_the_streams_can_hold

    write_what_the_streams_can_hold()
    stop_cleanly_on_sigterm()
    cli(prog_name="report-tool")
