"""What a user installs: the declared dependencies cover the imports, the wheel holds the package
and its template only, and a plain install (no test extras) runs every command."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from conftest import REPO
from report_tool.report.render.template import REQUIRED_STYLES, default_template, load_template

needs_hatchling = pytest.mark.skipif(
    importlib.util.find_spec("hatchling") is None, reason="hatchling is not installed"
)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    """The dependencies a plain `pip install .` brings."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normalise(re.match(r"[A-Za-z0-9._-]+", dep)[0]) for dep in project["dependencies"]}


def _imported_top_level_modules() -> dict[str, list[str]]:
    """Every module report_tool/ imports at any depth (functions included), with the files using it."""
    found: dict[str, list[str]] = {}
    for path in sorted((REPO / "report_tool").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], []).append(path.relative_to(REPO).as_posix())
    return found


def test_every_third_party_import_is_a_declared_dependency():
    declared = _declared()
    distributions = packages_distributions()
    undeclared = []
    for module, where in _imported_top_level_modules().items():
        if module in sys.stdlib_module_names or module in ("__future__", "report_tool"):
            continue
        dists = {_normalise(d) for d in distributions.get(module, [module])}
        if not dists & declared:
            undeclared.append(f"{module} ({where[0]}; from {sorted(dists)})")
    assert undeclared == [], "imported but not in [project].dependencies: " + ", ".join(undeclared)


def test_the_import_walk_sees_pluggy_and_lxml():
    """The test above would fail without pluggy or lxml declared: both are imported directly."""
    assert {"pluggy", "lxml"} <= set(_imported_top_level_modules())
    assert {"pluggy", "lxml"} <= _declared()


def test_license_is_an_spdx_string():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"


def test_default_template_has_every_style():
    path = default_template()
    assert path.name == "briefing.docx" and path.is_file()
    document = load_template(None)
    assert {s.name for s in document.styles} >= set(REQUIRED_STYLES)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built offline from a copy of the repository (no build/ left in the checkout)."""
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling is not installed")
    out = tmp_path_factory.mktemp("wheel")
    source = out / "source"
    files = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, files):
        target = source / name.decode()
        if (REPO / name.decode()).is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((REPO / name.decode()).read_bytes())
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    done = subprocess.run(
        [*build, "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "report_tool.data" not in done.stderr, done.stderr
    return next(out.glob("report_tool-*.whl"))


@needs_hatchling
def test_building_leaves_no_build_folder_or_egg_info_in_the_checkout(wheel):
    """`pip install .` builds in a temporary folder: the user's checkout stays as it was cloned."""
    source = wheel.parent / "source"
    assert (source / "pyproject.toml").is_file()
    assert sorted(p.name for p in source.iterdir() if p.name == "build" or p.suffix == ".egg-info") == []


@needs_hatchling
def test_wheel_carries_the_package_and_its_template_only(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "report_tool/templates/briefing.docx" in names
    assert "report_tool/templates/__init__.py" in names
    assert "report_tool/py.typed" in names
    assert "report_tool/data/un_names.csv" in names  # the UN names state names are checked against
    assert "report_tool/data/world-atlas/50m.json" in names  # the map's shapes, and their terms
    assert "report_tool/data/world-atlas/NOTICE.md" in names
    assert "report_tool/data/uca_weights.tsv" in names  # the characters' weights: pyuca's table is not loaded
    assert "report_tool/cli/commands/generate.py" in names
    assert "report_tool/validation/checks/treaty.py" in names
    assert not any("build_template" in name for name in names)
    outside = [n for n in names if not n.startswith(("report_tool/", "report_tool-"))]
    assert outside == []
    templates = [n for n in names if n.startswith("report_tool/templates/")]
    assert sorted(templates) == ["report_tool/templates/__init__.py", "report_tool/templates/briefing.docx"]


@needs_hatchling
def test_a_plain_install_of_the_wheel_runs_every_command(wheel, tmp_path):
    """A fresh venv, the wheel and its declared dependencies only (pip's own index), no extras."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert pip.returncode == 0, pip.stderr
    listed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "list", "--format", "freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "pytest" not in listed.lower() and "pluggy" in listed.lower()  # pluggy is ours, not pytest's
    tool = str(venv / "bin" / "report-tool")
    workbook = str(REPO / "workbooks" / "apmbc.xlsx")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [tool, *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300
        )

    validated = run("validate", workbook)
    assert validated.returncode == 0, validated.stderr
    assert "internal error" not in validated.stderr
    annotated = run("validate", workbook, "--annotate", str(tmp_path / "checked.xlsx"))
    assert annotated.returncode == 0, annotated.stderr
    assert zipfile.is_zipfile(tmp_path / "checked.xlsx")
    assert run("init", str(tmp_path / "new.xlsx")).returncode == 0
    assert zipfile.is_zipfile(tmp_path / "new.xlsx")
    plugins = run("plugins")
    assert plugins.returncode == 0 and '"report_tool.validation.checks"' in plugins.stdout
    generated = run("generate", workbook, "-o", str(tmp_path / "out"))
    assert generated.returncode == 0, generated.stderr
    written = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert written == [".docx", ".xlsx"]
    assert "map is left out" not in generated.stderr  # matplotlib comes with a plain install
    (briefing,) = (tmp_path / "out").glob("*.docx")
    drawn = [n for n in zipfile.ZipFile(briefing).namelist() if n.endswith((".png", ".svg"))]
    assert any(n.endswith(".svg") for n in drawn) and any(n.endswith(".png") for n in drawn)


def test_ci_fails_instead_of_skipping_the_libreoffice_tests_when_it_is_missing(tmp_path):
    """CI=true without LibreOffice on PATH: the run stops at once, saying what is missing."""
    env = {"PATH": str(tmp_path), "CI": "true", "HOME": str(tmp_path)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_packaging.py::test_license_is_an_spdx_string",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode != 0
    assert (
        "CI: soffice and pdftotext missing, so the LibreOffice tests would be skipped"
        in done.stdout + done.stderr
    )
