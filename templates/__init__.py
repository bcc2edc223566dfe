"""The Word template(s) the briefing is built on; installed as the package report_tool.templates."""
