"""The stable surface for plugins: import from here, not from the modules behind it.

Everything a plugin needs is here: the hook marker, sheet and column declarations, issues, the
check and report contexts, report section blocks and the treaty's date rules. Names here keep
their meaning across minor versions (docs/plugins.md); the modules behind them may move.
"""

from __future__ import annotations

from report_tool.domain.model import State
from report_tool.domain.treaty_dates import add_months, entry_into_force, format_date, withdrawal_effective
from report_tool.plugins.hookspecs import hookimpl
from report_tool.plugins.registry import SectionSpec
from report_tool.report.sections.blocks import (
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
from report_tool.report.sections.context import ReportContext
from report_tool.validation.catalogue import IssueType
from report_tool.validation.checks.context import Check, CheckContext
from report_tool.validation.issues import Issue, Severity
from report_tool.workbook.cell_references import CellRef
from report_tool.workbook.schema import Column, ColumnType, Sheet
from report_tool.workbook.tables import Record, SheetTable

__all__ = [
    "Block",
    "Bullets",
    "CellRef",
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
    "State",
    "Table",
    "TableColumn",
    "Value",
    "add_months",
    "entry_into_force",
    "format_date",
    "hookimpl",
    "withdrawal_effective",
]
