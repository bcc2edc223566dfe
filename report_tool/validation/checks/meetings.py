"""A meeting ends on or after the day it starts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from report_tool.domain.treaty_dates import format_date
from report_tool.validation.checks.context import CheckContext
from report_tool.validation.issues import Issue


class MeetingDates:
    codes: ClassVar[tuple[str, ...]] = ("meeting-dates-order",)

    def run(self, context: CheckContext) -> Iterator[Issue]:
        for table, record in context.rows("Meetings"):
            starts, ends = record.get("starts"), record.get("ends")
            if starts and ends and ends < starts:
                yield table.issue(
                    record,
                    "ends",
                    "meeting-dates-order",
                    f"{format_date(ends)} is before Starts ({format_date(starts)})",
                    "check the two dates",
                )
