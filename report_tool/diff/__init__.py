"""Two versions of the workbook compared by key: the changes, their treaty meaning, and their views
(text, JSON, CSV, an annotated copy)."""
