"""What every section is built from: the model, the as-at date, the meeting, derived status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from report_tool.model import Meeting, Model
from report_tool.status import Counts, StateStatus, counts, previous_meeting, select_meeting, statuses_on
from report_tool.tables import LoadedWorkbook, Record

DEFAULT_CONVENTION = "Anti-Personnel Mine Ban Convention"
DEFAULT_TITLE = "Status briefing"
SHORT_CONVENTION = "Anti-Personnel Mine Ban Convention"


@dataclass(frozen=True)
class ReportContext:
    model: Model
    as_of: dt.date
    meeting: Meeting | None
    previous: Meeting | None
    workbook: LoadedWorkbook | None = None  # every sheet's typed rows, plugins' sheets included

    @classmethod
    def build(
        cls, model: Model, as_of: dt.date, meeting: str | None = None, workbook: LoadedWorkbook | None = None
    ) -> ReportContext:
        """Raises status.UnknownMeeting for a meeting name not on the Meetings sheet."""
        chosen = select_meeting(model, as_of, meeting)
        return cls(model, as_of, chosen, previous_meeting(model, chosen, as_of), workbook)

    def records(self, sheet: str) -> list[Record]:
        """The typed rows of any sheet, for sections that read a plugin's own sheet."""
        return self.workbook.records(sheet) if self.workbook is not None else []

    @cached_property
    def statuses(self) -> list[StateStatus]:
        return statuses_on(self.model, self.as_of)

    @cached_property
    def counts(self) -> Counts:
        return counts(self.statuses)

    @property
    def convention(self) -> str:
        return self.model.setting("Convention", DEFAULT_CONVENTION)

    @property
    def title(self) -> str:
        return self.model.setting("Report title", DEFAULT_TITLE)

    @property
    def organisation(self) -> str:
        return self.model.setting("Organisation")

    @property
    def author(self) -> str:
        return self.model.setting("Prepared by") or self.organisation or "report-tool"

    @property
    def meeting_label(self) -> str:
        return self.meeting.short_name if self.meeting else "APMBC"
