"""report-tool: validate the Mine Ban Convention workbook and generate meeting reports."""

from __future__ import annotations

__version__ = "0.1.0"
