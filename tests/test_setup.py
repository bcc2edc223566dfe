"""`make system-deps` as a new developer meets it: it says what it installs and why, waits for a
package manager another install holds, says a failure in one line, and in CI fails the run
rather than let the LibreOffice tests be skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(
    shutil.which("make") is None or os.geteuid() != 0, reason="needs make, and root (apt-get's user)"
)

BUSY_APT = """#!/bin/sh
echo "$@" >> "{calls}"
echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2
exit 100
"""


def _system_deps(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """make system-deps with no LibreOffice on PATH and an apt-get that finds the lock held."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("id", "grep", "tail"):
        (tools / tool).symlink_to(shutil.which(tool) or f"/usr/bin/{tool}")
    calls = tmp_path / "apt-calls"
    (tools / "apt-get").write_text(BUSY_APT.format(calls=calls), encoding="utf-8")
    (tools / "apt-get").chmod(0o755)
    return subprocess.run(
        [shutil.which("make") or "make", "--no-print-directory", "-C", str(REPO), "system-deps"],
        capture_output=True,
        text=True,
        env={"PATH": str(tools), "TMPDIR": str(tmp_path), "APT_LOCK_WAIT": "7", **env},
        timeout=120,
    )


def test_a_held_package_manager_is_waited_for_and_a_failure_is_one_line(tmp_path):
    done = _system_deps(tmp_path)
    assert done.returncode == 0, done.stderr  # outside CI the tests that need LibreOffice are skipped
    lines = done.stdout.splitlines()
    assert lines[0].startswith(
        "Installing libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation2 "
        "with apt-get, for the tests that open the reports in LibreOffice (waiting up to 7 s"
    )
    assert lines[1:] == [
        "system-deps: apt-get could not install them: E: Could not get lock "
        "/var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)"
    ]
    assert "-o DPkg::Lock::Timeout=7 update -qq" in (tmp_path / "apt-calls").read_text(encoding="utf-8")


def test_in_ci_a_missing_libreoffice_fails_the_run(tmp_path):
    done = _system_deps(tmp_path, CI="true")
    assert done.returncode != 0
    assert (
        "system-deps: in CI the LibreOffice tests must run, and LibreOffice (soffice) is missing"
        in done.stdout
    )
