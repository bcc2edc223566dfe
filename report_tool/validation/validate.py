"""Validation as one library call: read, load the typed tables, run every check.

The one pipeline: `validate`, `generate` and `diff` all validate a workbook through it, once each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from report_tool.plugins.registry import Registry, builtin_registry
from report_tool.validation.checks.context import CheckContext
from report_tool.validation.issues import Issue, ValidationReport
from report_tool.validation.subjects import name_subjects
from report_tool.workbook.raw import RawWorkbook
from report_tool.workbook.reader import DEFAULT_MAX_UNCOMPRESSED, read_workbook
from report_tool.workbook.schema import DATA_AS_AT
from report_tool.workbook.speedups import collection_paused
from report_tool.workbook.tables import MISSING_SHEET, LoadedWorkbook, load_tables
from report_tool.workbook.text_dates import parse_day


@dataclass
class Validation:
    """The report, and the typed tables it was made from (reports are built from them); the raw
    cells too when asked for (a comparison looks at how each value was typed)."""

    report: ValidationReport
    workbook: LoadedWorkbook
    raw: RawWorkbook | None = None


def validate(
    path: Path | str,
    as_of: dt.date | None = None,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    engine: str = "auto",
    registry: Registry | None = None,
    keep_raw: bool = False,
) -> Validation:
    """Validate the workbook at `path` as at its data date: `as_of` when given, else the Settings
    value `Data as at`, else today.

    Raises `WorkbookUnreadable` when the file cannot be read at all; every problem in a
    readable workbook is an Issue in the report. `engine` chooses the reading library (see
    reader.read_workbook); the issues are the same whichever reads the file. `registry` holds the
    plugins loaded at the entry point (default: the built-ins alone). `keep_raw` keeps the raw
    cells in the result, which otherwise go as soon as the tables are typed (100,000 rows of them).
    """
    registry = registry or builtin_registry()
    sheets = registry.sheets()  # a plugin failing here is named as such, never taken for a damaged workbook
    with collection_paused():
        raw = read_workbook(Path(path), max_uncompressed, engine, sheets)
        workbook, issues = load_tables(raw, sheets)
        kept = raw if keep_raw else None
        del raw
        as_of = as_of or data_as_at(workbook) or dt.date.today()
        context = CheckContext(workbook, as_of)
        if any(issue.code == MISSING_SHEET for issue in issues):
            # the checks compare sheets: without one, a Withdrawals sheet renamed 'Withdrawls' would
            # make every Withdrawn status an error, with the hint to add what is there
            issues = [_checks_wait(issue) if issue.code == MISSING_SHEET else issue for issue in issues]
        else:
            issues.extend(registry.run_checks(context))
        issues = name_subjects(context.with_waiting(issues), workbook)
    report = ValidationReport(
        path=str(path), as_of=as_of, sha256=workbook.sha256, issues=issues, sheet_order=registry.sheet_order()
    )
    return Validation(report, workbook, kept)


def _checks_wait(issue: Issue) -> Issue:
    """A missing sheet's issue, saying that the checks wait for it."""
    return replace(issue, hint=f"{issue.hint}; the checks of the data run once every sheet is there")


def data_as_at(workbook: LoadedWorkbook) -> dt.date | None:
    """The Settings value `Data as at`, when it is a day (a value that is not is reported by the
    checks, and today stands in)."""
    value = _data_as_at_value(workbook)
    return parse_day(str(value)) if value is not None else None


def data_as_at_given(workbook: LoadedWorkbook) -> bool:
    """Settings has a `Data as at` filled in, whether or not it is a day."""
    return _data_as_at_value(workbook) is not None


def _data_as_at_value(workbook: LoadedWorkbook) -> object | None:
    for record in workbook.records("Settings"):
        if record.get("setting") == DATA_AS_AT and record.get("value"):
            return record.get("value")
    return None


def validate_workbook(
    path: Path | str, as_of: dt.date | None = None, registry: Registry | None = None
) -> ValidationReport:
    """The report alone, for callers that need only the verdict."""
    return validate(path, as_of, registry=registry).report


def write_report(
    report: ValidationReport,
    path: Path,
    output_format: str,
    limit: int | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the report to `path` as text, JSON or CSV, through a temporary file. CSV starts with a
    UTF-8 byte-order mark: without it, Excel reads 'Türkiye' as 'TÃ¼rkiye'."""
    import json

    from report_tool.output import atomic_output
    from report_tool.validation.issues import format_csv, format_text

    if output_format == "json":
        text, encoding = json.dumps(report.to_dict(limit=limit), indent=2, ensure_ascii=False) + "\n", "utf-8"
    elif output_format == "csv":
        text, encoding = format_csv(report, limit=limit), "utf-8-sig"
    else:
        text, encoding = "\n".join(format_text(report, limit=limit)) + "\n", "utf-8"
    with atomic_output(Path(path), overwrite=overwrite) as temporary:
        temporary.write_text(text, encoding=encoding, newline="")
    return Path(path)
