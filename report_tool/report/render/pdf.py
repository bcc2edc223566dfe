"""The briefing as a tagged PDF: the .docx converted by LibreOffice, which Word users need not have.

LibreOffice runs headless with a profile of its own in a private folder, so that it neither waits
on a LibreOffice the user has open nor leaves anything behind; what it writes is copied into the
temporary file the safe-writing layer gives, so a failed or stopped conversion leaves no PDF.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath

from report_tool.errors import PdfError
from report_tool.report.render.reproducible import date_pdf
from report_tool.report.sections.blocks import Section
from report_tool.report.sections.context import ReportContext

#: Tagged PDF (structure for screen readers), the document title shown in the viewer's title bar.
PDF_FILTER = (
    'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"DisplayPDFDocumentTitle":{"type":"boolean","value":"true"}}'
)
TIMEOUT = 300  # seconds; the example briefing takes about 10
INSTALL = (
    "a PDF needs LibreOffice, which was not found on PATH or where it is usually installed; "
    "install it from https://www.libreoffice.org/download/ (on Debian or Ubuntu: "
    "sudo apt install libreoffice-writer) and run again"
)


def find_libreoffice() -> Path:
    """soffice or libreoffice on PATH, else LibreOffice's usual install place on Windows or macOS."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for place in _install_places():
        if Path(place).is_file():
            return Path(place)
    raise PdfError(INSTALL)


def _install_places(platform: str | None = None, environ: Mapping[str, str] | None = None) -> list[str]:
    """Where the LibreOffice installers put soffice on macOS and Windows (elsewhere: on PATH)."""
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    if platform == "darwin":
        app = "LibreOffice.app/Contents/MacOS/soffice"
        homes = [environ["HOME"]] if environ.get("HOME") else []
        return [str(PurePosixPath(root, "Applications", app)) for root in ["/", *homes]]
    if platform == "win32":
        folders = [environ.get(v) for v in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
        roots = [f for f in folders if f] + [r"C:\Program Files", r"C:\Program Files (x86)"]
        return list(
            dict.fromkeys(str(PureWindowsPath(r, "LibreOffice", "program", "soffice.exe")) for r in roots)
        )
    return []


def render_pdf(sections: Sequence[Section], ctx: ReportContext, template: Path | None, output: Path) -> None:
    """Write the briefing as .docx in a private folder, then convert it into `output`."""
    from report_tool.report.render.docx import render_docx

    soffice = find_libreoffice()
    with tempfile.TemporaryDirectory(prefix="report-tool-pdf-") as folder:
        docx = Path(folder) / "briefing.docx"
        render_docx(sections, ctx, template, docx)
        convert(docx, output, soffice)
    try:
        date_pdf(output, ctx.as_of)
    except ValueError as exc:
        raise PdfError(
            f"LibreOffice wrote a PDF that cannot be read back ({exc}); no PDF was written"
        ) from exc


def convert(docx: Path, output: Path, soffice: Path, timeout: float = TIMEOUT) -> None:
    """Convert `docx` to a tagged PDF written to `output`; raises PdfError, leaving `output` alone."""
    with tempfile.TemporaryDirectory(prefix="report-tool-lo-") as folder:
        work = Path(folder)
        command = [
            str(soffice),
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(work / "out"),
            str(docx),
        ]
        try:
            code, said = _run(command, timeout)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(
                f"LibreOffice did not finish converting the briefing to PDF within {timeout:g} s; "
                "no PDF was written"
            ) from exc
        except OSError as exc:
            raise PdfError(f"LibreOffice ({soffice}) could not be started: {exc.strerror or exc}") from exc
        produced = work / "out" / f"{docx.stem}.pdf"
        if code != 0 or not produced.is_file() or produced.stat().st_size == 0:
            reason = _last_line(said) or f"exit code {code}"
            raise PdfError(
                f"LibreOffice could not convert the briefing to PDF ({reason}); no PDF was written"
            )
        shutil.copyfile(produced, output)


def _run(command: list[str], timeout: float) -> tuple[int, str]:
    """Run LibreOffice in a process group of its own, so that stopping it also stops the processes
    it starts (soffice is a launcher); Ctrl-C in the terminal reaches us, and we stop it."""
    own_group = os.name != "nt"
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        start_new_session=own_group,
    ) as process:
        try:
            said, _ = process.communicate(timeout=timeout)
        except BaseException:  # the timeout, Ctrl-C or SIGTERM: LibreOffice stops with us
            with contextlib.suppress(OSError):
                if own_group:
                    os.killpg(process.pid, signal.SIGKILL)
                else:
                    process.kill()
            process.communicate()
            raise
        return process.returncode, said or ""


def _last_line(said: str) -> str:
    """LibreOffice's own reason, without the noise it prints on every run."""
    lines = [
        line.strip()
        for line in said.splitlines()
        if line.strip() and "javaldx" not in line and not line.startswith("convert ")
    ]
    return lines[-1][:200] if lines else ""
