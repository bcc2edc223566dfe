"""Output on the consoles and redirects of Windows: a code page that cannot hold a character
(cp1252 in a redirect, cp850 in a console) gets it replaced; the whole output arrives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF

CODE_PAGES = ["cp1252", "cp850"]
NOTICE = (
    "report-tool: characters that {} cannot hold were written as '?'; the workbook is unchanged "
    "(set PYTHONIOENCODING=utf-8 to keep them)"
)


def report_tool(*args: str, encoding: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The command as typed, its streams in the code page given, as Windows would set them."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    return subprocess.run(
        [sys.executable, "-m", "report_tool", *args], capture_output=True, env=env, cwd=cwd, timeout=300
    )


def _kovacic(sheets):
    sheets["States"][0]["Source"] = "Kovačič – 2025"


@pytest.mark.parametrize("encoding", CODE_PAGES)
def test_validate_writes_every_line_in_the_code_page(make_workbook, tmp_path, encoding):
    path = make_workbook(lambda s: s["States"][0].update({"ISO3": "NRW"}))
    done = report_tool(
        "validate", str(path), "--data-date", AS_OF.isoformat(), encoding=encoding, cwd=tmp_path
    )
    text = done.stdout.decode(encoding)
    assert done.returncode == 1, done.stderr
    assert "Norway ? ISO3" in text or "Norway – ISO3" in text  # cp850 has no en dash
    assert text.splitlines()[-1] == f"{path.name}: 1 error, 0 warnings"
    replaced = "Norway ? ISO3" in text  # cp850 has no en dash: one line at exit says so
    assert done.stderr.decode(encoding).splitlines() == ([NOTICE.format(encoding)] if replaced else [])


@pytest.mark.parametrize("encoding", CODE_PAGES)
def test_diff_of_a_name_the_code_page_cannot_hold(make_workbook, tmp_path, encoding):
    old, new = make_workbook(), make_workbook(_kovacic)
    done = report_tool("diff", str(old), str(new), encoding=encoding, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Kova?i?" in done.stdout.decode(encoding)
    assert done.stderr.decode(encoding).splitlines()[-1] == NOTICE.format(encoding)
    as_json = report_tool("diff", str(old), str(new), "--format", "json", encoding=encoding, cwd=tmp_path)
    assert as_json.returncode == 1, as_json.stderr
    assert "Kovačič – 2025" in json.dumps(json.loads(as_json.stdout), ensure_ascii=False)
    assert "written as '?'" not in as_json.stderr.decode(encoding)  # JSON escapes: nothing replaced


@pytest.mark.parametrize("encoding", CODE_PAGES)
def test_generate_and_init_in_the_code_page(make_workbook, tmp_path, encoding):
    path = make_workbook(_kovacic)
    out = tmp_path / "réunion–ports"
    done = report_tool(
        "generate",
        str(path),
        "--data-date",
        AS_OF.isoformat(),
        "-o",
        str(out),
        encoding=encoding,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode(encoding).startswith("Wrote the briefing and the summary")
    assert len(list(out.iterdir())) == 2
    blank = tmp_path / "Kovačič.xlsx"
    done = report_tool("init", str(blank), encoding=encoding, cwd=tmp_path)
    assert (done.returncode, done.stdout.decode(encoding).strip()) == (0, f"Wrote {tmp_path}/Kova?i?.xlsx")
    assert blank.exists()
