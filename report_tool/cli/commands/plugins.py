"""`report-tool plugins`: the plugins loaded, as JSON."""

from __future__ import annotations

import click

from report_tool.cli import SUMMARIES
from report_tool.cli.options import exit_codes, global_options
from report_tool.cli.shared import registry


@click.command(
    "plugins",
    short_help=SUMMARIES["plugins"],
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

    click.echo(json.dumps(registry().describe(), indent=2))
