"""What every section is built from: the model, the as-at date, the meeting, derived status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from report_tool.domain.model import Meeting, Model
from report_tool.domain.status import (
    Counts,
    StateStatus,
    counts,
    previous_meeting,
    select_meeting,
    statuses_on,
)
from report_tool.workbook.schema import COMPLETE_LISTS
from report_tool.workbook.tables import LoadedWorkbook, Record

if TYPE_CHECKING:
    from report_tool.diff.changes import WorkbookDiff

DEFAULT_CONVENTION = "Anti-Personnel Mine Ban Convention"
DEFAULT_TITLE = "Status briefing"
SHORT_CONVENTION = "Anti-Personnel Mine Ban Convention"


@dataclass(frozen=True)
class ReportContext:
    """`model` holds what was known on `as_of` (Model.known_at); `data_date` is the day the
    workbook is current to: a report as at a later day is a projection from it."""

    model: Model
    as_of: dt.date
    meeting: Meeting | None
    previous: Meeting | None
    workbook: LoadedWorkbook | None = None  # every sheet's typed rows, plugins' sheets included
    data_date: dt.date | None = None
    since: WorkbookDiff | None = None  # generate --since OLD: the changes from OLD to this workbook
    #: The day the report is known at: it cites only what was published by then. Default: the
    #: as-at date; a later one (hindsight) is said on the cover.
    known_on: dt.date | None = None

    @classmethod
    def build(
        cls,
        model: Model,
        as_of: dt.date,
        meeting: str | None = None,
        workbook: LoadedWorkbook | None = None,
        data_date: dt.date | None = None,
        known_at: dt.date | None = None,
    ) -> ReportContext:
        """Raises status.UnknownMeeting for a meeting name not on the Meetings sheet."""
        known = model.known_at(as_of, known_at)
        chosen = select_meeting(known, as_of, meeting)
        previous = previous_meeting(known, chosen, as_of)
        return cls(known, as_of, chosen, previous, workbook, data_date, known_on=known_at)

    @property
    def known_at(self) -> dt.date:
        """The day whose knowledge the report uses: what was published by then, and no later."""
        return self.known_on or self.as_of

    @property
    def hindsight(self) -> bool:
        """A past report told what was published after its as-at date."""
        return self.known_at > self.as_of

    @property
    def projected_from(self) -> dt.date | None:
        """The data date when the report is as at a later day (a projection), else None."""
        return self.data_date if self.data_date is not None and self.as_of > self.data_date else None

    def records(self, sheet: str) -> list[Record]:
        """The typed rows of any sheet, for sections that read a plugin's own sheet."""
        return self.workbook.records(sheet) if self.workbook is not None else []

    @cached_property
    def statuses(self) -> list[StateStatus]:
        return statuses_on(self.model, self.as_of)

    @cached_property
    def counts(self) -> Counts:
        return counts(self.statuses)

    def complete(self, sheet: str) -> bool:
        """Settings `Complete lists` names the sheet: its list is complete, not 'at least'."""
        named = self.model.setting(COMPLETE_LISTS).replace(";", ",").split(",")
        return sheet.casefold() in {n.strip().casefold() for n in named}

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
