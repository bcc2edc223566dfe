"""Generation as one library call: validate, refuse on errors, build the sections, write safely."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from report_tool.domain.model import Model, build_model
from report_tool.domain.status import refuse_too_early, select_meeting
from report_tool.domain.treaty_dates import format_date
from report_tool.errors import GenerationRefused, KnownAtRefused, NothingToReport, SinceRefused
from report_tool.output import atomic_output, inside, refuse_existing, safe_name_part
from report_tool.plugins.registry import Registry, builtin_registry
from report_tool.report.render.formats import DEFAULT_FORMATS, Renderer, renderer
from report_tool.report.sections.context import ReportContext
from report_tool.report.sections.sources import Cited, with_sources
from report_tool.report.sections.text import plural
from report_tool.report.sections.world_map import MAP_SECTION, matplotlib_missing
from report_tool.validation.issues import ValidationReport
from report_tool.validation.validate import validate
from report_tool.workbook.reader import DEFAULT_MAX_UNCOMPRESSED
from report_tool.workbook.tables import MISSING_SHEET

DEFAULT_OUTPUT = Path("reports")


@dataclass
class Generated:
    report: ValidationReport
    context: ReportContext
    paths: list[Path] = field(default_factory=list)
    #: The facts stated without a citation: every source of theirs was published later.
    uncitable: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: what was written, for which meeting, as at when, and where."""
        kinds = [renderer(path.suffix[1:]).written_as for path in self.paths]
        what = ", ".join(kinds[:-1]) + (" and " if len(kinds) > 1 else "") + kinds[-1] if kinds else "nothing"
        meeting = self.context.meeting
        which = f"for the {meeting.short_name}" if meeting else "(no meeting on the Meetings sheet)"
        folder = self.paths[0].parent if self.paths else Path()
        names = ", ".join(path.name for path in self.paths)
        return f"Wrote {what} {which}, as at {format_date(self.context.as_of)}, in {folder}{os.sep}: {names}"


def output_name(ctx: ReportContext, output_format: str) -> str:
    """23MSP-briefing-2026-11-26.docx: what it is, for which meeting, and as at when."""
    label = safe_name_part(ctx.meeting_label, fallback="meeting")  # typed by staff: no paths
    return f"{label}-{renderer(output_format).kind}-{ctx.as_of.isoformat()}.{output_format}"


def generate(
    workbook: Path | str,
    *,
    as_of: dt.date | None = None,
    meeting: str | None = None,
    data_date: dt.date | None = None,
    output_dir: Path = DEFAULT_OUTPUT,
    formats: Sequence[str] = DEFAULT_FORMATS,
    template: Path | None = None,
    overwrite: bool = False,
    progress: Callable[[str], None] = lambda message: None,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    registry: Registry | None = None,
    since: Path | str | None = None,
    show: Callable[[ValidationReport], None] | None = None,
    with_map: bool = True,
    known_at: dt.date | None = None,
) -> Generated:
    """Validate `workbook` as at its data date (`data_date`, else Settings `Data as at`, else
    today) and write the reports as at `as_of` (default: the data date; for a named `meeting`
    already over on it, the meeting's last day) into `output_dir`. A report as at a later day is a
    projection and says so.

    Raises DateTooEarly (before any work) for an as-at date before 3 December 1997,
    PdfError (before any work) when a PDF is asked for and LibreOffice is missing, and
    when its conversion fails; WorkbookUnreadable, GenerationRefused (errors in the workbook),
    NothingToReport (no states), UnknownMeeting, TemplateError and OutputError (FileExists for a
    report already there without `overwrite`), all from report_tool.errors; in every
    case no report file is left half-written. `since`: an earlier version of the workbook; the
    reports gain an annex of the changes since it. `show` is given the validation report (its
    warnings) before anything is written; by default its summary goes to `progress`. `with_map`
    False leaves the membership map out; without matplotlib it is left out, and `progress` says
    how to install it.
    `known_at`: the day whose publications the reports may cite (default: the as-at date); a
    later day gives a past report hindsight, and the cover says so (KnownAtRefused for a day
    before the as-at date or after the data date). A fact whose every source came out after it
    is still stated, with a warning (`progress`, and Generated.uncitable) naming it.
    """
    if as_of is not None:
        refuse_too_early(as_of)
    renderers = [renderer(fmt) for fmt in dict.fromkeys(formats)]  # an unknown format: before any work
    for chosen in renderers:
        if chosen.ready is not None:
            chosen.ready()  # LibreOffice missing: said before the workbook is read or anything written
    if template is not None:
        from report_tool.report.render.template import find_template

        find_template(template)  # as is a template that is not there
    registry = registry or builtin_registry()
    progress(f"Validating {Path(workbook).name}")
    validation = validate(
        workbook, data_date, max_uncompressed, registry=registry, keep_raw=since is not None
    )
    report = validation.report
    if not report.valid:
        raise GenerationRefused(report)
    if not any(r.get("state") for r in validation.workbook.records("States")):
        raise NothingToReport(
            f"{workbook}: the States sheet has no states; fill in the workbook first (nothing was written)"
        )
    if show is None:
        progress(f"  {report.summary()}")
    else:
        show(report)
    model = build_model(validation.workbook)
    if as_of is None:
        held = meeting_held(model, meeting, report.as_of)
        as_of = report.as_of if held is None else held[1]
        if held is not None:
            progress(
                f"  The {held[0]} ended on {format_date(as_of)}: the reports are as at that day, as it "
                "stood then (give a report date for another day)"
            )
    _refuse_known_at(known_at, as_of, report.as_of)
    ctx = ReportContext.build(
        model, as_of, meeting, validation.workbook, data_date=report.as_of, known_at=known_at
    )
    if since is not None:
        from report_tool.diff.compare import diff_validations

        progress(f"Comparing with {Path(since).name}")
        earlier = validate(since, data_date, max_uncompressed, registry=registry, keep_raw=True)
        _refuse_incomplete(earlier.report, since)
        if errors := len(earlier.report.errors):
            progress(
                f"  warning: {Path(since).name} has {plural(errors, 'validation error')}; a change in "
                "the annex may come from one of them (see report-tool validate)"
            )
        ctx = replace(ctx, since=diff_validations(earlier, validation, registry.sheets()))
    targets = [(chosen, inside(Path(output_dir), output_name(ctx, chosen.format))) for chosen in renderers]
    for _, target in targets:
        refuse_existing(target, overwrite)
    meeting_text = f"for the {ctx.meeting.name}" if ctx.meeting else "(no meeting on the Meetings sheet)"
    projected = f", projected from data as at {format_date(report.as_of)}" if ctx.projected_from else ""
    progress(f"Building the sections {meeting_text} as at {format_date(as_of)}{projected}")
    if with_map and (missing := matplotlib_missing()):
        progress(missing)
        with_map = False
    left_out = set() if with_map else {MAP_SECTION}

    def built(chosen: Renderer) -> Cited:
        kind = chosen.sections_of
        return with_sources(
            [s for s in registry.build_sections(ctx, kind) if s.key not in left_out], ctx, kind
        )

    sections = {chosen.format: built(chosen) for chosen, _ in targets}  # all built before any file is written
    uncitable = list(dict.fromkeys(str(u) for cited in sections.values() for u in cited.uncitable))
    for fact in uncitable:
        progress(f"  warning: {fact}")
    generated = Generated(report, ctx, uncitable=uncitable)
    for chosen, target in targets:
        started = time.perf_counter()
        progress(f"Writing {target}")
        with atomic_output(target, overwrite=overwrite) as temporary:
            chosen.write(sections[chosen.format].sections, ctx, template, temporary)
        progress(f"  done in {time.perf_counter() - started:.1f} s")
        generated.paths.append(target)
    return generated


def meeting_held(model: Model, meeting: str | None, data_date: dt.date) -> tuple[str, dt.date] | None:
    """A named meeting already over on the data date, and its last day: its briefing is as at that
    day (the 22MSP's as it stood at the 22MSP, not a year later). None for a meeting to come, an
    undated one, or none named."""
    chosen = select_meeting(model, data_date, meeting) if meeting else None
    last_day = chosen and (chosen.ends or chosen.starts)
    return (chosen.short_name, last_day) if chosen and last_day and last_day < data_date else None


def _refuse_incomplete(earlier: ValidationReport, since: Path | str) -> None:
    """An earlier version without one of the sheets would have all its rows reported as changes."""
    missing = [issue for issue in earlier.issues if issue.code == MISSING_SHEET]
    if missing:
        raise SinceRefused(
            f"{since}: {missing[0].message[0].lower()}{missing[0].message[1:]}, so the annex would "
            f"report all its rows as removed; `report-tool validate {Path(since).name}` says how to "
            "fix it (nothing was written)"
        )


def _refuse_known_at(known_at: dt.date | None, as_of: dt.date, data_date: dt.date) -> None:
    if known_at is None:
        return
    if known_at < as_of:
        raise KnownAtRefused(
            f"the known-at date ({format_date(known_at)}) is before the as-at date ({format_date(as_of)}): "
            "a report knows at least what was published by its own date"
        )
    if known_at > data_date:
        raise KnownAtRefused(
            f"the known-at date ({format_date(known_at)}) is after the data date ({format_date(data_date)}), "
            "the day the workbook is current to"
        )
