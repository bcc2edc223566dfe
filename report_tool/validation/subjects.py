"""Each issue about a row says what the row is about (its subject, kept apart from the message),
so that a list of problems reads without going back to the workbook: "Estonia – Status is
Withdrawn, but ...", "Ukraine 2024 – ..." (Issue.text puts the two together)."""

from __future__ import annotations

from dataclasses import replace

from report_tool.validation.issues import Issue
from report_tool.workbook.tables import LoadedWorkbook


def name_subjects(issues: list[Issue], workbook: LoadedWorkbook) -> list[Issue]:
    """The issues, each about a row with the row's subject (its sheet's subject columns); not
    where the issue is on a subject column, whose value the message already shows."""
    rows: dict[str, dict[int, int]] = {}
    named = []
    for issue in issues:
        subject = _subject(issue, workbook, rows)
        named.append(replace(issue, subject=subject) if subject else issue)
    return named


def _subject(issue: Issue, workbook: LoadedWorkbook, rows: dict[str, dict[int, int]]) -> str | None:
    table = workbook.tables.get(issue.sheet or "")
    if table is None or issue.row is None:
        return None
    keys = [k for k in table.schema.subject_keys if k in table.columns]
    if not keys or any(table.letters.get(k) == issue.column for k in keys):
        return None
    if table.name not in rows:
        rows[table.name] = {number: position for position, number in enumerate(table.numbers)}
    position = rows[table.name].get(issue.row)
    if position is None:
        return None
    parts = [table.columns[k][position] for k in keys]
    return " ".join(str(p) for p in parts if p is not None) or None
