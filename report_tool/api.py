"""The stable surface for plugins: import from here, not from the modules behind it.

Everything a plugin needs is here: the hook marker, sheet and column declarations, issues, the
check and report contexts, report section blocks and the treaty's date rules. Names here keep
their meaning across minor versions (docs/plugins.md); the modules behind them may move.
"""

from __future__ import annotations

from report_tool.catalogue import IssueType
from report_tool.checks import Check, CheckContext
from report_tool.hookspecs import hookimpl
from report_tool.issues import Issue, Severity
from report_tool.registry import SectionSpec
from report_tool.schema import Column, ColumnType, Sheet
from report_tool.sections.blocks import (
    Block,
    Bullets,
    Chart,
    Footnote,
    Heading,
    Kind,
    Paragraph,
    Section,
    Table,
    TableColumn,
    Value,
)
from report_tool.sections.context import ReportContext
from report_tool.tables import Record, SheetTable
from report_tool.treaty import add_months, entry_into_force, format_date, withdrawal_effective

__all__ = [
    "Block",
    "Bullets",
    "Chart",
    "Check",
    "CheckContext",
    "Column",
    "ColumnType",
    "Footnote",
    "Heading",
    "Issue",
    "IssueType",
    "Kind",
    "Paragraph",
    "Record",
    "ReportContext",
    "Section",
    "SectionSpec",
    "Severity",
    "Sheet",
    "SheetTable",
    "Table",
    "TableColumn",
    "Value",
    "add_months",
    "entry_into_force",
    "format_date",
    "hookimpl",
    "withdrawal_effective",
]
