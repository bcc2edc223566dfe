"""Every bad input of the corpus gets exactly its expected answer; the input is never changed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from bad_workbooks import CORPUS, Case, write_doc

from conftest import REPO, sha256


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.key)
def test_bad_input(case: Case, tmp_path):
    path = case.build(tmp_path)
    before = sha256(path) if path.is_file() else None
    result = _validate(path)
    assert result.exit_code == case.exit_code, result.output
    assert "Traceback" not in result.output
    if case.exit_code == 2:
        assert result.output.count("\n") == 1, result.output
        assert result.output.startswith(f"report-tool: {path}: ")
        assert case.says in result.output
    else:
        data = json.loads(result.output)
        assert Counter(i["code"] for i in data["issues"]) == Counter(case.issues)
        found = {(i["code"], i["cell"]) for i in data["issues"]}
        assert set(case.cells) <= found
    if before is not None:
        assert sha256(path) == before


def _validate(path: Path):
    from click.testing import CliRunner

    from conftest import AS_OF
    from report_tool.cli import cli

    return CliRunner().invoke(
        cli, ["validate", str(path), "--data-date", AS_OF.isoformat(), "--format", "json"]
    )


@pytest.mark.parametrize(
    "key",
    [
        "entities",
        "zip-bomb",
        "zip-lying-bomb",
        "encrypted-large",
        "far-cell-readme",
        "far-cell-data",
        "far-cell-lying-dimension",
    ],
)
def test_bombs_and_far_cells_are_handled_quickly_in_little_memory(key, tmp_path):
    case = next(c for c in CORPUS if c.key == key)
    path = case.build(tmp_path)
    script = (
        "import resource, sys\n"
        "from report_tool.cli import main\n"
        "try:\n    main()\n"
        "finally:\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    try:  # this process's own high-water mark; ru_maxrss keeps the parent's from before exec\n"
        "        status = open('/proc/self/status').read()\n"
        "        peak = int(status.split('VmHWM:')[1].split()[0])\n"
        "    except (OSError, IndexError):\n"
        "        pass\n"
        "    print('peak', peak, file=sys.stderr)\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script, "validate", str(path), "--data-date", "2026-01-01"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == case.exit_code, done.stderr
    assert case.says in done.stderr
    peak_kb = int(done.stderr.split("peak")[-1])
    assert peak_kb < 300 * 1024, f"peak {peak_kb / 1024:.0f} MB"  # generous: a Python process is ~60 MB
    assert elapsed < 20, f"{elapsed:.1f} s"


def test_the_robustness_page_matches_the_corpus():
    assert write_doc(Path("-")) == (REPO / "docs" / "robustness.md").read_text(encoding="utf-8"), (
        "docs/robustness.md is out of date: run python tests/bad_workbooks.py docs/robustness.md"
    )


def test_generate_refuses_or_succeeds_on_readable_bad_input_without_traceback(tmp_path):
    from click.testing import CliRunner

    from report_tool.cli import cli

    for case in CORPUS:
        if case.exit_code == 2:
            continue
        folder = tmp_path / case.key
        folder.mkdir()
        path = case.build(folder)
        result = CliRunner().invoke(
            cli, ["generate", str(path), "--report-date", "2026-01-01", "-o", str(folder / "out")]
        )
        assert result.exit_code == case.exit_code, (case.key, result.output)
        assert "Traceback" not in result.output
        written = sorted(p.name for p in (folder / "out").iterdir()) if (folder / "out").exists() else []
        assert written == (
            [] if case.exit_code else ["22MSP-briefing-2026-01-01.docx", "22MSP-summary-2026-01-01.xlsx"]
        )
