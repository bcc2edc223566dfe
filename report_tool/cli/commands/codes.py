"""`report-tool codes`: the issue codes validate may report, the plugins' included."""

from __future__ import annotations

import click

from report_tool import __version__
from report_tool.cli import SUMMARIES
from report_tool.cli.options import exit_codes, global_options
from report_tool.cli.shared import registry


@click.command(
    "codes",
    short_help=SUMMARIES["codes"],
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

    types = list(registry().issue_types().values())
    if output_format == "json":
        data = {"tool": "report-tool", "version": __version__, "codes": describe(types)}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for line in text_lines(types):
            click.echo(line)
