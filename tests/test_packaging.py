"""The Word template is found from a checkout and from an installed wheel."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile

import pytest

from conftest import REPO
from report_tool.render.template import REQUIRED_STYLES, default_template, load_template


def test_default_template_has_every_style():
    path = default_template()
    assert path.name == "briefing.docx" and path.is_file()
    document = load_template(None)
    assert {s.name for s in document.styles} >= set(REQUIRED_STYLES)


@pytest.mark.skipif(importlib.util.find_spec("setuptools") is None, reason="setuptools is not installed")
def test_wheel_carries_the_template(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("report_tool-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "report_tool/templates/briefing.docx" in names
    assert "report_tool/templates/__init__.py" in names
    assert "report_tool/py.typed" in names
