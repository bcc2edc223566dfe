"""The reading library is the reader's business: calamine and openpyxl give the same issues, at the
same cells, for the same workbook; and --help stays light."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from bad_workbooks import CORPUS
from test_rules import add_row, cell

from conftest import AS_OF, EXAMPLE
from report_tool.validation.validate import validate

CHANGES = [
    None,
    cell("States", 0, "ISO3", "NRW"),
    cell("States", 1, "Signed", "24/02/1999"),
    cell("States", 1, "Entry into force", "2006-07-01"),
    cell("Withdrawals", 1, "Effective", None),
    cell("Withdrawals", 1, "State", "Finnland"),
    cell("Casualties", 1, "Total", "6,279"),
    cell("Casualties", 2, "Total", -293),
    cell("Casualties", 0, "Unknown", 110.5),
    cell("Casualties", 1, "Civilians %", 0.9),
    cell("Objections", 0, "Date", None),
    cell("States", 0, "Status", "Suspended"),
    cell("Meetings", 0, "Short name", " 22MSP "),
    add_row(
        "Casualties", {"Year": 2025, "Country": "Ukraine", "Total": 2931, "Edition": "Landmine Monitor 2025"}
    ),
]


def _issues(path, engine):
    return [issue.to_dict() for issue in validate(path, AS_OF, engine=engine).report.issues]


@pytest.mark.parametrize("change", CHANGES, ids=range(len(CHANGES)))
def test_same_issues_from_both_readers(make_workbook, change):
    path = make_workbook(change)
    assert _issues(path, "calamine") == _issues(path, "openpyxl")


#: openpyxl knows neither the Strict nor the draft namespace, nor an empty <fill> (calamine reads them)
OPENPYXL_CANNOT = ("strict", "early-2007", "empty-fill")


@pytest.mark.parametrize(
    "case",
    [c for c in CORPUS if c.exit_code != 2 and "formula" not in c.key and c.key not in OPENPYXL_CANNOT],
    ids=lambda c: c.key,
)
def test_same_issues_for_the_bad_corpus(case, tmp_path):
    path = case.build(tmp_path)
    assert _issues(path, "calamine") == _issues(path, "openpyxl")


def test_same_issues_for_the_example_workbook():
    assert _issues(EXAMPLE, "calamine") == _issues(EXAMPLE, "openpyxl")


def test_formulas_are_read_by_openpyxl_automatically(make_workbook):
    path = make_workbook(lambda s: s["Casualties"][1].update({"Total": "=D3+E3+F3"}))
    assert [i["code"] for i in _issues(path, "auto")] == ["formula-not-calculated"]


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        *([command, "--help"] for command in ("validate", "generate", "diff", "init")),
    ],
)
def test_help_imports_no_heavy_library(args):
    """As click's tests/test_imports.py guards what `import click` pulls in."""
    code = (
        "import sys\n"
        "from report_tool.cli import cli\n"
        f"try:\n    cli({args!r}, prog_name='report-tool')\n"
        "except SystemExit:\n    pass\n"
        "print(__import__('json').dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = {name.split(".")[0] for name in json.loads(done.stdout.splitlines()[-1])}
    heavy = {"openpyxl", "docx", "xlsxwriter", "python_calamine", "pptx", "lxml", "pycountry", "PIL", "numpy"}
    heavy |= {"matplotlib", "pluggy"}  # the map's library; the registry is not needed to print help
    heavy |= {"dataclasses"}  # a few ms of the 20% --help may take over `import click`
    assert loaded & heavy == set()


def _loaded_by_main(*args: str) -> set[str]:
    """The modules a run of the installed entry point (report_tool.cli:main) has imported at its end."""
    code = (
        "import atexit, json, sys\n"
        "atexit.register(lambda: sys.__stderr__.write(json.dumps(sorted(sys.modules))))\n"
        "from report_tool.cli import main\n"
        f"sys.argv = ['report-tool', *{list(args)!r}]\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr))


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["-h"]])
def test_the_groups_help_imports_no_command_and_no_pathlib(args):
    """`report-tool --help` is measured against `import click` (make bench): it may import no
    command's module, nor pathlib (with urllib and ipaddress) nor shutil (with bz2 and lzma)."""
    loaded = _loaded_by_main(*args)
    assert not {name for name in loaded if name.startswith("report_tool.cli.commands.")}
    assert loaded.isdisjoint({"pathlib", "shutil", "report_tool.errors", "report_tool.report"})
    assert "click" in loaded  # the scan is of a real run


def test_a_command_is_imported_only_when_it_runs():
    loaded = _loaded_by_main("codes")
    commands = {name for name in loaded if name.startswith("report_tool.cli.commands.")}
    assert commands == {"report_tool.cli.commands.codes"}
