"""A small valid workbook built from Python literals; each test changes one thing and looks."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import settings

from report_tool.validation.issues import ValidationReport
from report_tool.validation.validate import validate_workbook
from report_tool.workbook.schema import SHEETS, normalise_header

# In CI the property tests run the same examples every time: a red build is never luck.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_configure(config: pytest.Config) -> None:
    """Installed plugins (the example's, once `make test` installs it) stay out of the tests unless
    a test asks for them: the explicit switch of report_tool.plugins.loading."""
    os.environ["REPORT_TOOL_ENTRY_POINTS"] = "0"
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if os.environ.get("CI") == "true" and missing:
        raise pytest.UsageError(
            f"CI: {' and '.join(missing)} missing, so the LibreOffice tests would be skipped; "
            "`make system-deps` installs them"
        )


AS_OF = dt.date(2026, 1, 1)
D = dt.date
EUROPE = "Europe, Caucasus and Central Asia"


def baseline() -> dict[str, list[dict[str, Any]]]:
    """Rows by sheet, keyed by header as staff see them. Valid as at AS_OF, its data date."""
    return {
        "States": [
            {
                "State": "Norway",
                "ISO3": "NOR",
                "Region": EUROPE,
                "Status": "State Party",
                "Signed": D(1997, 12, 3),
                "Instrument": "Ratification",
                "Deposited": D(1998, 7, 9),
                "Entry into force": D(1999, 3, 1),
                "Source": "test",
            },
            {
                "State": "Ukraine",
                "ISO3": "UKR",
                "Region": EUROPE,
                "Status": "State Party",
                "Signed": D(1999, 2, 24),
                "Instrument": "Ratification",
                "Deposited": D(2005, 12, 27),
                "Entry into force": D(2006, 6, 1),
            },
            {
                "State": "Estonia",
                "ISO3": "EST",
                "Region": EUROPE,
                "Status": "Withdrawn",
                "Instrument": "Accession",
                "Deposited": D(2004, 5, 12),
                "Entry into force": D(2004, 11, 1),
            },
            {
                "State": "Finland",
                "ISO3": "FIN",
                "Region": EUROPE,
                "Status": "State Party",
                "Instrument": "Accession",
                "Deposited": D(2012, 1, 9),
                "Entry into force": D(2012, 7, 1),
            },
            {
                "State": "Switzerland",
                "ISO3": "CHE",
                "Region": EUROPE,
                "Status": "State Party",
                "Signed": D(1997, 12, 3),
                "Instrument": "Ratification",
                "Deposited": D(1998, 3, 24),
                "Entry into force": D(1999, 3, 1),
            },
            {
                "State": "United States of America",
                "ISO3": "USA",
                "Region": "Americas",
                "Status": "Not party",
            },
            {
                "State": "Tonga",
                "ISO3": "TON",
                "Region": "Asia-Pacific",
                "Status": "State Party",
                "Instrument": "Accession",
                "Deposited": D(2025, 6, 25),
                "Entry into force": D(2025, 12, 1),
            },
            {
                "State": "South Sudan",
                "ISO3": "SSD",
                "Region": "Africa",
                "Status": "State Party",
                "Instrument": "Succession",
                "Deposited": D(2011, 11, 11),
                "Entry into force": D(2011, 7, 9),
            },
        ],
        "Withdrawals": [
            {
                "State": "Estonia",
                "Announced": D(2025, 3, 18),
                "Notified": D(2025, 6, 27),
                "Effective": D(2025, 12, 27),
            },
            {
                "State": "Finland",
                "Announced": D(2025, 4, 1),
                "Notified": D(2025, 7, 10),
                "Effective": D(2026, 1, 10),
            },
        ],
        "Suspensions": [
            {"State": "Ukraine", "Announced": D(2025, 7, 15), "Notified": D(2025, 7, 18)},
        ],
        "Objections": [
            {
                "Objecting state": "Switzerland",
                "Objection to": "Ukraine",
                "Action": "Suspension",
                "Date": D(2025, 10, 17),
            },
        ],
        "Casualties": [
            {
                "Year": 2023,
                "Country": "Global",
                "Total": 5757,
                "Killed": 1983,
                "Injured": 3663,
                "Unknown": 111,
                "Edition": "Landmine Monitor 2024",
            },
            {
                "Year": 2024,
                "Country": "Global",
                "Total": 6279,
                "Killed": 1945,
                "Injured": 4325,
                "Unknown": 9,
                "Civilians %": 90,
                "Edition": "Landmine Monitor 2025",
            },
            {"Year": 2024, "Country": "Ukraine", "Total": 293, "Edition": "Landmine Monitor 2025"},
        ],
        "Meetings": [
            {
                "Meeting": "Twenty-Second Meeting of the States Parties",
                "Short name": "22MSP",
                "Type": "MSP",
                "Starts": D(2025, 12, 1),
                "Ends": D(2025, 12, 5),
                "City": "Geneva",
                "Country": "Switzerland",
            },
        ],
        "Settings": [
            {"Setting": "Organisation", "Value": "Test NGO"},
            {"Setting": "Data as at", "Value": AS_OF.isoformat()},  # so that no test depends on today
        ],
    }


def write_rows(
    path: Path, sheets: dict[str, list[dict[str, Any]]], headers: dict[str, list[str]] | None = None
) -> Path:
    """Write sheets with openpyxl: every value as given (a str starting '=' becomes a formula)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for schema in SHEETS:
        if schema.name not in sheets:
            continue
        rows = sheets[schema.name]
        names = (headers or {}).get(schema.name) or [c.header for c in schema.columns]
        ws = book.create_sheet(schema.name)
        ws.append(names)
        for row in rows:
            by_header = {normalise_header(k): v for k, v in row.items()}
            ws.append([by_header.get(normalise_header(name)) for name in names])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "d mmm yyyy"
    for name, rows in sheets.items():
        if name not in {s.name for s in SHEETS}:
            ws = book.create_sheet(name)
            for row in rows:
                ws.append(list(row.values()))
    book.save(path)
    return path


Change = Callable[[dict[str, list[dict[str, Any]]]], None]


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[..., Path]:
    """make_workbook(change) -> path of the baseline with `change` applied to its rows."""
    counter = iter(range(1000))

    def make(change: Change | None = None, headers: dict[str, list[str]] | None = None) -> Path:
        sheets = baseline()
        if change is not None:
            change(sheets)
        return write_rows(tmp_path / f"wb{next(counter)}.xlsx", sheets, headers)

    return make


@pytest.fixture
def check(make_workbook: Callable[..., Path]) -> Callable[..., ValidationReport]:
    """check(change, as_of=AS_OF) -> the validation report of the changed baseline."""

    def run(change: Change | None = None, as_of: dt.date = AS_OF, **kw: Any) -> ValidationReport:
        return validate_workbook(make_workbook(change, **kw), as_of)

    return run


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "workbooks" / "apmbc.xlsx"
SOFFICE = shutil.which("soffice")


def libreoffice_convert(source: Path, target_format: str, folder: Path) -> Path:
    """Convert `source` with LibreOffice as a user's machine would open it; the converted file."""
    import subprocess

    assert SOFFICE is not None
    # A profile of its own: two LibreOffice runs sharing one profile (parallel test runs) block each other.
    profile = (folder / ".lo-profile").resolve().as_uri()
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            target_format,
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    converted = folder / f"{source.stem}.{target_format.split(':')[0]}"
    assert converted.is_file(), done.stdout + done.stderr
    return converted


@pytest.fixture(scope="session")
def example_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The briefing and the summary of the example workbook for the 23MSP, as at 26 November 2026:
    what `make report` writes, by default (the workbook's data date, and the meeting after it)."""
    from click.testing import CliRunner

    from report_tool.cli import cli

    out = tmp_path_factory.mktemp("reports")
    args = ["generate", str(EXAMPLE), "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    briefing, summary = out / "23MSP-briefing-2026-11-26.docx", out / "23MSP-summary-2026-11-26.xlsx"
    assert f"{briefing.name}, {summary.name}" in result.stdout.splitlines()[-1]
    return briefing, summary


def footnote_texts(path: Path) -> list[str]:
    """The text of each footnote of a .docx, in order, as a reader sees it."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/footnotes.xml"))
    return [
        "".join(t.text or "" for t in n.iter(f"{w}t")).strip()
        for n in root.iter(f"{w}footnote")
        if int(n.get(f"{w}id")) > 0
    ]
