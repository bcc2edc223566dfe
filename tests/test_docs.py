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


def _codes_in_source() -> set[str]:
    """Every code passed to Issue(), Problem(), table.issue() or _issue() in report_tool's source."""
    import ast

    found: set[str] = set()
    for path in (REPO / "report_tool").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            position = {"Issue": 0, "Problem": 0, "issue": 2, "_issue": 3}.get(name)
            if position is not None and len(node.args) > position:
                argument = node.args[position]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add(argument.value)
    return found


def test_every_issue_code_comes_from_the_catalogue():
    """Codes raised while typing cells and by checks are all declared in one catalogue."""
    from report_tool.validation.catalogue import RULES, catalogue, codes
    from report_tool.validation.checks import builtin_checks

    declared = catalogue()
    assert _codes_in_source() <= set(declared), _codes_in_source() - set(declared)
    by_checks = {c for check in builtin_checks() for c in check.codes}
    assert by_checks | {"plugin-check-failed"} == set(codes(RULES))


def test_the_issue_codes_page_is_generated_from_the_catalogue():
    """docs/issue-codes.md is `make docs`'s output: edit report_tool/validation/catalogue.py, then run it."""
    from report_tool.validation.catalogue import markdown

    assert (REPO / "docs" / "issue-codes.md").read_text(encoding="utf-8") == markdown()


def _severities_in_source() -> list[tuple[str, str, str]]:
    """(code, severity, file:line) for every literal code raised in report_tool's source."""
    import ast

    found = []
    for path in sorted((REPO / "report_tool").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            position = {"Issue": 0, "Problem": 0, "issue": 2}.get(name)
            if position is None or len(node.args) <= position:
                continue
            code = node.args[position]
            if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
                continue
            arguments = [*node.args, *(k.value for k in node.keywords)]
            given = [
                a.attr.lower()
                for a in arguments
                if isinstance(a, ast.Attribute) and a.attr in ("ERROR", "WARNING")
            ]
            if name == "Problem":
                warning = any(k.arg == "warning" and getattr(k.value, "value", False) for k in node.keywords)
                given = ["warning" if warning else "error"]
            severity = given[0] if given else "error"  # table.issue's default
            found.append((code.value, severity, f"{path.name}:{node.lineno}"))
    return found


def test_codes_are_raised_with_their_catalogue_severity():
    from report_tool.validation.catalogue import catalogue

    declared = catalogue()
    found = _severities_in_source()
    assert len(found) > 30
    wrong = [(c, s, where) for c, s, where in found if c in declared and declared[c].severity != s]
    assert wrong == []
