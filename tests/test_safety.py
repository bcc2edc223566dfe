"""Writing is safe: interrupted, crashed, locked, read-only or full, no file is harmed or half-written."""

from __future__ import annotations

import errno
import os

import pytest
from click.testing import CliRunner

from conftest import sha256
from report_tool.cli import cli

ARGS = ["--data-date", "2026-01-01"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def existing(make_workbook, tmp_path):
    """A workbook and a report already written from it."""
    workbook = make_workbook()
    out = tmp_path / "out"
    assert run("generate", str(workbook), *ARGS, "-o", str(out)).exit_code == 0
    briefing = out / "22MSP-briefing-2026-01-01.docx"
    return workbook, out, briefing, sha256(briefing)


def _partial_then(exception: BaseException):
    def render(sections, ctx, template, path):
        path.write_bytes(b"PK half a document")
        raise exception

    return render


def _only_reports(out):
    return sorted(p.name for p in out.iterdir())


@pytest.mark.parametrize(
    ("exception", "code", "says"),
    [
        (KeyboardInterrupt(), 130, "interrupted; no file was left half-written"),
        (RuntimeError("boom"), 3, "internal error (RuntimeError: boom); please report it"),
        (OSError(errno.ENOSPC, "No space left on device"), 2, "the disk is full"),
    ],
    ids=["ctrl-c", "crash", "disk-full"],
)
def test_interrupted_write_leaves_the_old_report_and_no_partial_file(
    existing, monkeypatch, exception, code, says
):
    workbook, out, briefing, before = existing
    monkeypatch.setattr("report_tool.report.render.docx.render_docx", _partial_then(exception))
    result = run("generate", str(workbook), *ARGS, "-o", str(out), "--overwrite")
    assert result.exit_code == code
    assert says in result.output
    assert "Traceback" not in result.output
    assert sha256(briefing) == before
    assert _only_reports(out) == ["22MSP-briefing-2026-01-01.docx", "22MSP-summary-2026-01-01.xlsx"]


def test_debug_shows_the_traceback(existing, monkeypatch):
    workbook, out, _, _ = existing
    monkeypatch.setattr("report_tool.report.render.docx.render_docx", _partial_then(RuntimeError("boom")))
    result = run("--debug", "generate", str(workbook), *ARGS, "-o", str(out), "--overwrite")
    assert isinstance(result.exception, RuntimeError)


def test_report_open_in_word(existing, monkeypatch):
    workbook, out, briefing, before = existing

    def locked(source, target):
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr(os, "replace", locked)
    result = run("generate", str(workbook), *ARGS, "-o", str(out), "--overwrite")
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "it is open in Word or Excel, or the folder is read-only; close it and try again"
    )
    assert result.output.count("\n") <= 6  # progress lines, then the one-line reason
    assert sha256(briefing) == before
    assert _only_reports(out) == ["22MSP-briefing-2026-01-01.docx", "22MSP-summary-2026-01-01.xlsx"]


def test_read_only_folder(make_workbook, tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refused)
    result = run("generate", str(make_workbook()), *ARGS, "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "the folder is read-only" in result.output


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write into any folder")
def test_really_read_only_folder(make_workbook, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = run("generate", str(make_workbook()), *ARGS, "-o", str(out))
    finally:
        out.chmod(0o755)
    assert result.exit_code == 2 and "read-only" in result.output


def test_missing_output_folders_are_created(make_workbook, tmp_path):
    out = tmp_path / "a" / "b" / "c"
    assert run("generate", str(make_workbook()), *ARGS, "-o", str(out)).exit_code == 0
    assert _only_reports(out) == ["22MSP-briefing-2026-01-01.docx", "22MSP-summary-2026-01-01.xlsx"]


def test_output_that_is_a_file_is_refused(make_workbook, tmp_path):
    blocker = tmp_path / "reports"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run("generate", str(make_workbook()), *ARGS, "-o", str(blocker))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_interrupted_init_leaves_nothing(tmp_path, monkeypatch):
    def interrupted(path, *rest):
        path.write_bytes(b"PK half a workbook")
        raise KeyboardInterrupt

    monkeypatch.setattr("report_tool.workbook.blank._write", interrupted)
    result = run("init", str(tmp_path / "new.xlsx"))
    assert result.exit_code == 130
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("short_name", "written"),
    [
        ("../../x/22MSP", "x-22MSP"),
        ("/tmp/22MSP", "tmp-22MSP"),
        ('22<M>S:P"|?*', "22-M-S-P"),
        ("CON", "_CON"),
        ("..", "meeting"),
    ],
    ids=["parent-folders", "absolute", "windows-forbidden", "windows-device", "dots"],
)
def test_a_meeting_name_cannot_choose_where_reports_go(make_workbook, tmp_path, short_name, written):
    def named(sheets):
        sheets["Meetings"][0]["Short name"] = short_name

    workbook = make_workbook(named)
    out = tmp_path / "deep" / "out"
    result = run("generate", str(workbook), *ARGS, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert _only_reports(out) == [f"{written}-briefing-2026-01-01.docx", f"{written}-summary-2026-01-01.xlsx"]
    everything = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert everything == sorted([workbook.name, *(f"deep/out/{name}" for name in _only_reports(out))])


def test_the_run_told_already_exists_has_replaced_nothing(tmp_path):
    """Two runs writing one name: the one that finishes second is refused and replaces nothing."""
    from report_tool.errors import FileExists
    from report_tool.output import atomic_output

    target = tmp_path / "22MSP-briefing-2026-01-01.docx"
    with (
        pytest.raises(FileExists, match=r"already exists$") as refused,
        atomic_output(target) as temporary,
    ):
        temporary.write_bytes(b"the second run's report")
        target.write_bytes(b"the first run's report")  # it finished meanwhile
    assert target.read_bytes() == b"the first run's report"
    assert _only_reports(tmp_path) == [target.name]
    assert refused.value.parameter == "overwrite"  # the CLI names its option


@pytest.mark.skipif(os.name != "posix", reason="sends SIGTERM to itself")
def test_sigterm_while_writing_leaves_no_temporary_file(make_workbook, tmp_path):
    import subprocess
    import sys

    script = (
        "import os, signal\n"
        "import report_tool.report.render.docx as docx\n"
        "def render(sections, ctx, template, path):\n"
        "    path.write_bytes(b'PK half a document')\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "docx.render_docx = render\n"
        "from report_tool.cli import main\n"
        "main()\n"
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", script, "generate", str(make_workbook()), *ARGS, "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 130, done.stderr
    assert "interrupted; no file was left half-written" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()  # nor the folder made for the reports


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_annotating_onto_the_input_through_a_link_is_refused(make_workbook, tmp_path):
    workbook = make_workbook()
    before = sha256(workbook)
    link = tmp_path / "checked.xlsx"
    link.symlink_to(workbook)
    result = run("validate", str(workbook), *ARGS, "--annotate", str(link), "--overwrite")
    assert result.exit_code == 2
    assert "this is the workbook being checked" in result.output
    assert sha256(workbook) == before
