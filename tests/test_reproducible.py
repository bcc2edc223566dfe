"""The same workbook and as-at date give the same bytes: nothing in a report comes from the clock."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from click.testing import CliRunner

from conftest import SOFFICE
from report_tool.cli import cli

AS_AT = (2026, 1, 1, 0, 0, 0)


def _generate(workbook, out, *formats: str) -> dict[str, bytes]:
    args = ["generate", str(workbook), "--report-date", "2026-01-01", "-o", str(out)]
    result = CliRunner().invoke(cli, [*args, *(a for f in formats for a in ("--format", f))])
    assert result.exit_code == 0, result.output
    return {path.suffix: path.read_bytes() for path in sorted(out.iterdir())}


def test_the_briefing_and_the_summary_are_the_same_bytes_each_time(make_workbook, tmp_path):
    workbook = make_workbook()
    first = _generate(workbook, tmp_path / "first", "docx", "xlsx")
    second = _generate(workbook, tmp_path / "second", "docx", "xlsx")
    assert set(first) == {".docx", ".xlsx"}
    assert first == second
    briefing = zipfile.ZipFile(io.BytesIO(first[".docx"]))
    assert {entry.date_time for entry in briefing.infolist()} == {AS_AT}  # not the clock's time
    charts = [name for name in briefing.namelist() if name.startswith("word/embeddings/")]
    assert charts, "the briefing has a chart with its workbook"
    for name in charts:
        core = zipfile.ZipFile(io.BytesIO(briefing.read(name))).read("docProps/core.xml").decode()
        assert '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>' in core


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdfinfo") is None, reason="no LibreOffice or poppler")
def test_the_pdf_is_the_same_bytes_each_time(make_workbook, tmp_path):
    workbook = make_workbook()
    first = _generate(workbook, tmp_path / "first", "pdf")
    second = _generate(workbook, tmp_path / "second", "pdf")
    assert first[".pdf"] == second[".pdf"]
    pdf = tmp_path / "first" / "22MSP-briefing-2026-01-01.pdf"
    said = subprocess.run(["pdfinfo", "-isodates", str(pdf)], capture_output=True, text=True).stdout
    info = dict(line.split(":", 1) for line in said.splitlines())
    assert info["CreationDate"].strip() == info["ModDate"].strip() == "2026-01-01T00:00:00Z", said
    assert info["Tagged"].strip() == "yes", said  # the tags survive the rewrite
