"""The command line where people type it: two dates with two names, global options after the
command, colour, --open without an opener, refusals before any work, the meeting option, Excel's
lock file and Click's own errors said in the tool's one style."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from conftest import AS_OF, D
from report_tool.cli import cli

DATA_DATE = ["--data-date", AS_OF.isoformat()]


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def _dates_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("Data date "))


# -- two dates, two names ------------------------------------------------------------------------


def test_validate_says_both_dates_and_where_each_comes_from(make_workbook):
    path = make_workbook()
    assert _dates_line(run("validate", str(path)).output) == (
        "Data date 1 January 2026 (Settings 'Data as at'); report date 1 January 2026 (the data date)"
    )
    later = run("validate", str(path), "--report-date", "2026-03-01").output
    assert _dates_line(later) == (
        "Data date 1 January 2026 (Settings 'Data as at'); report date 1 March 2026 (given with "
        "--report-date; after the data date, a projection)"
    )
    undated = make_workbook(lambda s: s["Settings"].pop())
    today = dt.date.today()
    assert _dates_line(run("validate", str(undated)).output).startswith(
        f"Data date {today.day} {today:%B %Y} (today: Settings has no 'Data as at')"
    )
    unreadable = make_workbook(lambda s: s["Settings"][-1].update({"Value": "soon"}))
    assert _dates_line(run("validate", str(unreadable)).output).startswith(
        f"Data date {today.day} {today:%B %Y} (today: Settings 'Data as at' is not a day it can read)"
    )
    old_name = run("validate", str(path), "--as-of", "2026-02-01").output
    assert _dates_line(old_name).startswith("Data date 1 February 2026 (given with --as-of)")


def test_the_data_date_checks_the_workbook_on_every_command_and_the_report_date_only_reports(
    make_workbook, tmp_path
):
    """Finland's withdrawal takes effect on 10 January 2026: as at a data date after it, 'State
    Party' is wrong; a report date after it is a projection from data that is still right."""
    path = make_workbook()
    assert run("validate", str(path), "--data-date", "2026-02-01").exit_code == 1
    refused = run("generate", str(path), "--data-date", "2026-02-01", "-o", str(tmp_path / "a"))
    assert refused.exit_code == 1 and not (tmp_path / "a").exists()
    projected = run("generate", str(path), "--report-date", "2026-02-01", "-o", str(tmp_path / "b"))
    assert projected.exit_code == 0, projected.output
    assert "as at 1 February 2026, projected from data as at 1 January 2026" in projected.stderr
    assert run("diff", str(path), str(path), "--data-date", "2026-02-01").exit_code == 0


def test_the_old_as_of_still_works_with_a_note_naming_its_new_name(make_workbook, tmp_path):
    path = make_workbook()
    validated = run("validate", str(path), "--as-of", "2026-02-01")
    assert validated.exit_code == 1  # the data date, as --as-of meant on validate
    assert (
        "report-tool: --as-of is now --data-date on validate (--as-of still works, for now)"
        in validated.stderr.splitlines()
    )
    generated = run("generate", str(path), "--as-of", "2026-02-01", "-o", str(tmp_path / "out"))
    assert generated.exit_code == 0  # the report date, as --as-of meant on generate
    assert "report-tool: --as-of is now --report-date on generate" in generated.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir())[0] == "22MSP-briefing-2026-02-01.docx"
    compared = run("diff", str(path), str(path), "--as-of", "2026-01-01")
    assert compared.exit_code == 0
    assert "report-tool: --as-of is now --data-date on diff" in compared.stderr


def test_progress_lines_and_the_summary_say_dates_the_same_way(make_workbook, tmp_path):
    result = run("generate", str(make_workbook()), "--report-date", "2026-01-01", "-o", str(tmp_path / "o"))
    assert result.exit_code == 0
    building = next(line for line in result.stderr.splitlines() if line.startswith("Building"))
    assert building.endswith("as at 1 January 2026")
    assert ", as at 1 January 2026, in " in result.stdout


# -- global options after the command ------------------------------------------------------------

FAILING_SECTION = """
from report_tool.plugins.hookspecs import hookimpl
from report_tool.plugins.registry import SectionSpec


def build(context):
    return {}["Stockpiles"]


@hookimpl
def register_sections():
    return [SectionSpec("broken", build)]
"""


def test_debug_and_plugins_dir_work_after_the_command_and_debug_shows_a_failing_section(
    make_workbook, tmp_path
):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "broken.py").write_text(FAILING_SECTION, encoding="utf-8")
    path, out = str(make_workbook()), str(tmp_path / "out")
    plain = run("generate", path, *DATA_DATE, "-o", out, "--plugins-dir", str(folder))
    assert plain.exit_code == 3
    assert "the section 'broken' of the plugin 'broken' failed: KeyError" in plain.stderr
    assert "Traceback" not in plain.stderr
    debugged = run("generate", path, *DATA_DATE, "-o", out, "--plugins-dir", str(folder), "--debug")
    assert debugged.exit_code == 3
    assert "Traceback (most recent call last)" in debugged.stderr
    assert 'return {}["Stockpiles"]' in debugged.stderr  # the plugin's own line
    assert debugged.stderr.splitlines()[-1].startswith("report-tool: the section 'broken'")
    assert run("validate", path, *DATA_DATE, "--debug").exit_code == 0


def test_every_command_takes_the_global_options_after_it():
    """The README says --debug, --plugins-dir and --color may follow any command: all of them."""
    for name in sorted(cli.commands):
        typed = run(name, "--debug", "--no-color", "--help")
        assert typed.exit_code == 0, (name, typed.output)
        assert "--plugins-dir" in typed.output, name
    assert run("codes", "--debug").exit_code == 0


def test_generate_takes_no_color_and_color_wherever_typed(make_workbook, tmp_path):
    path = str(make_workbook(lambda s: s["Casualties"][1].update({"Civilians %": 0.9})))  # a warning
    coloured = run("generate", path, *DATA_DATE, "-o", str(tmp_path / "a"), "--color", env={"NO_COLOR": "1"})
    assert coloured.exit_code == 0 and "\x1b[33m" in coloured.stderr
    plain = run("generate", path, *DATA_DATE, "-o", str(tmp_path / "b"), "--no-color")
    assert plain.exit_code == 0 and "\x1b[" not in plain.output
    assert "\x1b[33m" in run("--color", "generate", path, *DATA_DATE, "-o", str(tmp_path / "c")).stderr


# -- generate: refusals before the work, --open, the meeting --------------------------------------


def test_open_without_an_opener_says_so_and_keeps_the_reports(make_workbook, tmp_path):
    out = tmp_path / "out"
    result = run("generate", str(make_workbook()), *DATA_DATE, "-o", str(out), "--open", env={"PATH": ""})
    assert result.exit_code == 0
    briefing = out / "22MSP-briefing-2026-01-01.docx"
    assert (
        f"report-tool: {briefing} is written, but nothing here opens such files (xdg-open is not "
        "installed); open it yourself"
    ) in result.stderr.splitlines()
    assert "No such file" not in result.output and briefing.is_file()


def test_a_missing_template_is_refused_before_the_workbook_is_read(make_workbook, tmp_path):
    broken = make_workbook(lambda s: s["States"][0].update({"ISO3": "NRW"}))  # an error, unseen
    missing = tmp_path / "house.docx"
    result = run("generate", str(broken), "--template", str(missing), "-o", str(tmp_path / "out"))
    assert (result.exit_code, result.output) == (2, f"report-tool: {missing}: no such template file\n")


def test_a_failed_run_leaves_no_empty_output_folder(make_workbook, tmp_path):
    damaged = tmp_path / "house.docx"
    damaged.write_text("not a Word file", encoding="utf-8")
    out = tmp_path / "new" / "reports"
    result = run("generate", str(make_workbook()), *DATA_DATE, "--template", str(damaged), "-o", str(out))
    assert result.exit_code == 2
    assert "not a Word .docx template" in result.stderr
    assert not (tmp_path / "new").exists()


def _held_long_ago(sheets):
    sheets["Meetings"][0].update({"Starts": D(2024, 11, 25), "Ends": D(2024, 11, 29)})


def test_a_meeting_already_held_gives_reports_as_at_its_last_day(make_workbook, tmp_path):
    """The 22MSP's briefing is the briefing as it stood at the 22MSP, whatever the data date."""
    path = str(make_workbook(_held_long_ago))
    result = run("generate", path, "--meeting", "22MSP", "-o", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        "22MSP-briefing-2024-11-29.docx",
        "22MSP-summary-2024-11-29.xlsx",
    ]
    assert (
        "  The 22MSP ended on 29 November 2024: the reports are as at that day, as it stood then "
        "(give a report date for another day)"
    ) in result.stderr.splitlines()
    assert "as at 29 November 2024" in result.stdout
    dated = run(
        "generate", path, "--meeting", "22MSP", "--report-date", "2026-01-01", "-o", str(tmp_path / "b")
    )
    assert dated.exit_code == 0 and "ended on" not in dated.stderr
    assert "22MSP-briefing-2026-01-01.docx" in [p.name for p in (tmp_path / "b").iterdir()]
    unnamed = run("generate", path, "-o", str(tmp_path / "c"))
    assert (
        unnamed.exit_code == 0 and "ended on" not in unnamed.stderr
    )  # the next meeting, as at the data date


def test_the_meeting_on_its_last_day_or_to_come_is_as_at_the_data_date(make_workbook, tmp_path):
    on_the_day = make_workbook(
        lambda s: s["Meetings"][0].update({"Starts": D(2025, 12, 28), "Ends": D(2026, 1, 1)})
    )
    result = run("generate", str(on_the_day), "--meeting", "22MSP", "-o", str(tmp_path / "a"))
    assert result.exit_code == 0 and "ended on" not in result.stderr
    assert "22MSP-briefing-2026-01-01.docx" in [p.name for p in (tmp_path / "a").iterdir()]
    day_before = make_workbook(
        lambda s: s["Meetings"][0].update({"Starts": D(2025, 12, 27), "Ends": D(2025, 12, 31)})
    )
    result = run("generate", str(day_before), "--meeting", "22MSP", "-o", str(tmp_path / "b"))
    assert "22MSP-briefing-2025-12-31.docx" in [p.name for p in (tmp_path / "b").iterdir()]


def test_the_meeting_by_its_full_name_in_any_case(make_workbook, tmp_path):
    out = tmp_path / "out"
    name = "twenty-second  meeting of the States Parties"
    result = run("generate", str(make_workbook()), "--meeting", name, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "22MSP-briefing-2025-12-05.docx" in [p.name for p in out.iterdir()]  # as at its last day


# -- the workbook open in Excel; Click's errors in the tool's style -------------------------------


def test_a_workbook_open_in_excel_says_unsaved_changes_are_not_read(make_workbook, tmp_path):
    path = make_workbook()
    (path.with_name(f"~${path.name}")).write_bytes(b"\x00" * 165)  # what Excel leaves beside it
    for args in (["validate", str(path)], ["diff", str(path), str(path)]):
        result = run(*args)
        assert result.exit_code == 0
        assert result.stderr.splitlines() == [
            f"report-tool: {path.name} is open in Excel (~${path.name} beside it): changes not yet "
            "saved are not read; save it in Excel first to include them"
        ] * (len(args) - 1)
    assert "open in Excel" not in run("validate", str(make_workbook())).stderr


def test_click_usage_errors_are_one_line_in_the_tools_style(make_workbook):
    path = str(make_workbook())
    for args, said in [
        (["validate", path, "--nope"], "No such option '--nope'."),
        (["validate"], "Missing argument 'WORKBOOK'."),
        (["validat"], "No such command 'validat'."),
        (["validate", path, "--data-date", "soon"], "'soon' is not a date"),
    ]:
        result = run(*args)
        assert result.exit_code == 2
        assert len(result.output.splitlines()) == 1, result.output
        assert result.output.startswith("report-tool: ") and said in result.output
        assert "Error:" not in result.output and "Usage:" not in result.output


def test_report_tool_alone_prints_its_help_as_help_does():
    """Not as an error: `report-tool` with no command is how a new user starts."""
    alone, asked = run(), run("--help")
    assert alone.exit_code == 0 and alone.stdout == asked.stdout
    assert alone.stdout.startswith("Usage: cli [OPTIONS] COMMAND") and alone.stderr == ""  # CliRunner: "cli"


def test_a_wrong_command_is_still_an_error():
    wrong = run("valdate")
    assert wrong.exit_code == 2 and wrong.stdout == ""
    assert wrong.stderr.startswith("report-tool: No such command 'valdate'. Did you mean 'validate'?")
