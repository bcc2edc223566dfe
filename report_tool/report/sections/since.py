"""The annex `generate --since OLD.xlsx` adds: what changed in the data since that version.

Built from the WorkbookDiff of OLD and the workbook reported on (diff.py): the treaty meaning in
plain words, then every row added or removed and every cell changed, where to find it.
"""

from __future__ import annotations

from pathlib import PurePath

from report_tool.diff.render import key_text, summary, was_text
from report_tool.report.sections.blocks import Bullets, Heading, Paragraph, Section, Table, TableColumn, Value
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.text import plural

TITLE = "Changes to the data since the previous version"
#: A removed or added row is shown by its facts; its notes and sources stay in the workbook.
LEFT_OUT = frozenset({"Notes", "Source"})


def build(ctx: ReportContext) -> Section | None:
    diff = ctx.since
    if diff is None:
        return None
    old = PurePath(diff.old.path).name
    opening = f"Compared with {old} (SHA-256 {diff.old.sha256[:12]}): {summary(diff).partition(': ')[2]}."
    blocks: list[Heading | Paragraph | Bullets | Table] = [Heading(TITLE), Paragraph(opening)]
    if diff.treaty:
        blocks.append(Paragraph("What the changes mean for the Convention:"))
        blocks.append(Bullets(tuple(change.message for change in diff.treaty)))
    else:
        blocks.append(
            Paragraph(
                "None of the changes alters a state's status, a treaty event, a casualty figure or a meeting."
            )
        )
    if diff.treaty_note:
        blocks.append(Paragraph(diff.treaty_note, "note"))
    rows: list[tuple[Value, ...]] = []
    for note in diff.notes:
        if note.differs:
            rows.append((note.sheet, "", "", "", "", note.message))
    for row in diff.rows:
        shown = "; ".join(
            f"{header}: {_text(value)}" for header, value in row.values if header not in LEFT_OUT
        )
        where = row.cell if row.change == "added" else f"{row.cell} (previous version)"
        was, now = ("", shown) if row.change == "added" else (shown, "")
        rows.append((row.sheet, where, key_text(row.key), f"row {row.change}", was, now))
    for cell in diff.cells:
        what = cell.column if cell.kind == "value" else f"{cell.column} (form only)"
        rows.append(
            (cell.sheet, str(cell.new_cell), key_text(cell.key), what, _text(cell.old), _text(cell.new))
        )
    blocks.append(
        Table(
            "Data changes",
            f"Rows and cells changed since {old}",
            (
                TableColumn("Sheet", width=1.1),
                TableColumn("Cell", width=1.3),
                TableColumn("Row", width=1.8),
                TableColumn("Change", width=1.3),
                TableColumn("Was", width=2.2),
                TableColumn("Now", width=2.2),
            ),
            tuple(rows),
            empty="No rows or cells changed.",
        )
    )
    if diff.old.errors or diff.new.errors:
        blocks.append(
            Paragraph(f"The previous version has {plural(diff.old.errors, 'validation error')}.", "note")
        )
    return Section("since", TITLE, tuple(blocks), landscape=True)


def _text(value: object) -> str:
    return "" if value is None else was_text(value)
