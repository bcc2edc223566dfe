"""Checking the workbook: the issue catalogue, Issue values, the checks by family, and the
validation pipeline."""
