"""Every command has help with an example and is in the README; the README keeps its two commands."""

from __future__ import annotations

import pytest

from conftest import REPO
from report_tool.cli import cli

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_help_and_is_documented(name):
    command = cli.commands[name]
    assert command.help and "Example" in command.help
    assert f"report-tool {name}" in README
    for option in command.params:
        if option.param_type_name == "option" and option.name not in ("help",):
            assert option.help, f"{name} --{option.name} has no help"
            assert any(flag in README for flag in option.opts) or option.name in ("force", "color"), (
                option.opts
            )


def test_readme_quick_start_and_exit_codes():
    assert "make report" in README and "make test" in README
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in README
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
