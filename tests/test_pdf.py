"""generate --format pdf: the briefing converted by LibreOffice, or one line saying why not."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE, SOFFICE
from report_tool.cli import cli
from report_tool.report.render import pdf

PDF_TOOLS = SOFFICE is not None and shutil.which("pdftotext") is not None


def generate(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["generate", *args], env=env)


def _generate_with(soffice_folder, workbook, out, *extra: str):
    """generate --format pdf for 1 January 2026 with only `soffice_folder` on PATH."""
    args = (str(workbook), "--report-date", "2026-01-01", "-o", str(out), "--format", "pdf", *extra)
    return generate(*args, env={"PATH": str(soffice_folder)})


def _fake_soffice(folder, script: str):
    """A 'soffice' on PATH that does what `script` says instead of converting."""
    folder.mkdir(exist_ok=True)
    fake = folder / "soffice"
    fake.write_text("#!/bin/sh\n" + script + "\n")
    fake.chmod(0o755)
    return fake


@pytest.mark.skipif(not PDF_TOOLS, reason="LibreOffice or poppler (pdftotext) is not installed")
def test_pdf_is_the_tagged_briefing_with_its_key_figures(tmp_path):
    out = tmp_path / "out"
    result = generate(
        str(EXAMPLE), "--meeting", "23MSP", "--report-date", "2026-11-26", "-o", str(out), "--format", "pdf"
    )
    assert result.exit_code == 0, result.output
    target = out / "23MSP-briefing-2026-11-26.pdf"
    assert result.stdout.splitlines()[-1].startswith("Wrote the briefing as PDF for the 23MSP")
    assert result.stdout.splitlines()[-1].endswith(f"in {out}/: {target.name}")
    assert [p.name for p in out.iterdir()] == [target.name]  # no .docx, profile or temporary file left
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True).stdout
    assert "Twenty-Third Meeting of the States Parties" in text
    assert "Key figures as at 26 November 2026" in text
    for figure in ("States Parties", "161", "Mine casualties in 2024", "6,279"):
        assert figure in text, figure
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    assert "Twenty-Third Meeting of the States Parties" in info  # the title, from the document's properties


def test_without_libreoffice_one_line_and_nothing_written(tmp_path):
    out = tmp_path / "out"
    result = generate(str(EXAMPLE), "-o", str(out), "--format", "pdf", "--format", "docx", env={"PATH": ""})
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("report-tool: a PDF needs LibreOffice")
    assert "https://www.libreoffice.org/download/" in lines[0]
    assert not out.exists()


def test_a_failing_conversion_is_one_line_and_leaves_no_pdf(make_workbook, tmp_path):
    _fake_soffice(tmp_path / "bin", 'echo "Error: source file could not be loaded" >&2\nexit 1')
    out = tmp_path / "out"
    out.mkdir()
    existing = out / "22MSP-briefing-2026-01-01.pdf"
    existing.write_bytes(b"%PDF-1.7 the one from last week")
    result = _generate_with(tmp_path / "bin", make_workbook(), out, "--overwrite")
    assert result.exit_code == 2, result.output
    last = result.output.splitlines()[-1]
    assert last == (
        "report-tool: LibreOffice could not convert the briefing to PDF "
        "(Error: source file could not be loaded); no PDF was written"
    )
    assert [p.name for p in out.iterdir()] == [existing.name]  # no temporary file left
    assert existing.read_bytes() == b"%PDF-1.7 the one from last week"


def test_an_existing_pdf_is_kept_without_overwrite(make_workbook, tmp_path):
    _fake_soffice(tmp_path / "bin", "exit 0")
    out = tmp_path / "out"
    out.mkdir()
    (out / "22MSP-briefing-2026-01-01.pdf").write_bytes(b"kept")
    result = _generate_with(tmp_path / "bin", make_workbook(), out)
    assert result.exit_code == 2
    assert "already exists; use --overwrite" in result.output.splitlines()[-1]
    assert (out / "22MSP-briefing-2026-01-01.pdf").read_bytes() == b"kept"


def test_a_conversion_that_hangs_is_stopped(tmp_path):
    fake = _fake_soffice(tmp_path / "bin", "/bin/sleep 60 &\nwait")
    docx = tmp_path / "briefing.docx"
    docx.write_bytes(b"not used")
    target = tmp_path / "briefing.pdf"
    started = time.perf_counter()
    with pytest.raises(pdf.PdfError, match=r"did not finish converting the briefing to PDF within 1 s"):
        pdf.convert(docx, target, fake, timeout=1)
    assert time.perf_counter() - started < 10
    assert not target.exists()


def test_libreoffice_is_found_where_macos_installs_it(tmp_path, monkeypatch):
    app = tmp_path / "Applications" / "LibreOffice.app" / "Contents" / "MacOS"
    app.mkdir(parents=True)
    (app / "soffice").write_text("")
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(pdf.sys, "platform", "darwin")
    assert pdf.find_libreoffice() == app / "soffice"
    monkeypatch.setattr(pdf.sys, "platform", "linux")
    with pytest.raises(pdf.PdfError, match="needs LibreOffice"):
        pdf.find_libreoffice()


def test_the_usual_install_places_on_windows_and_macos():
    windows = pdf._install_places(
        "win32", {"ProgramFiles": r"D:\Apps", "ProgramFiles(x86)": r"C:\Program Files (x86)"}
    )
    assert windows == [
        r"D:\Apps\LibreOffice\program\soffice.exe",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
        r"C:\Program Files\LibreOffice\program\soffice.exe",
    ]
    assert pdf._install_places("darwin", {"HOME": "/Users/ana"}) == [
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        "/Users/ana/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ]
    assert pdf._install_places("linux", {}) == []  # on PATH, where the packages put it
