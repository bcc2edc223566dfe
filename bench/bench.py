"""The benchmark, measured the way the tool runs: whole processes, each command and its baseline
run in turn (A, B, A, B, ...), the median of the pairwise ratios, peak memory, the machine's load.

    python bench/bench.py [--runs 3] [--sizes 1000,10000,50000]   (or: make bench)

Writes bench/RESULTS.md from one run. Before measuring, the package is compiled to bytecode, as a
wheel install has it (an editable install with PYTHONDONTWRITEBYTECODE=1 would compile it on every
run), and the children run without that variable. The calamine baseline pauses the garbage
collector where the tool pauses it. Synthetic workbooks are built from the example workbook's
sources with valid casualty rows (state x year x a real, dated edition), so that validation does
all its work and finds nothing: the bench never measures thousands of errors.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import hashlib
import itertools
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
AS_OF = "2026-11-26"
FIRST_YEAR = 1997  # the first year a casualty row may have (the Convention's)
sys.path.insert(0, str(REPO / "workbooks"))
#: The children's environment: bytecode is read (and written) as after a wheel install.
STARTUP_RUNS = 11  # the quick commands, whose times are the noisiest
MAP_RUNS = 7  # a difference of two generates is noisier than their ratio
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def editions() -> list[tuple[str, int]]:
    """The Landmine Monitor editions the example workbook cites (each a real, dated edition) and
    the year each was published in: a row's year must come before its edition's."""
    import build_example as example

    names = sorted({row["edition"] for row in example.casualties()})
    return [(name, int(name.rsplit(" ", 1)[1])) for name in names]


def build_workbook(rows: int, path: Path, edited: bool = False, unknown: bool = False) -> Path:
    """The example workbook with `rows` casualty rows, every rule obeyed: each row a state (or
    Global), a year and one of the example's real editions published after that year, so that
    the workbook stays valid and holds at most max_valid_rows() rows. `edited`: a later version of
    it for diff, the first 100 rows removed, 100 added at the end, every 50th changed. `unknown`:
    every row names a country not on the States sheet (its name less the last letter), so that
    each row is an issue and each of the ~200 distinct names needs a "did you mean"."""
    import build_example as example

    from report_tool.workbook.blank import write_workbook

    sheets = example.sheets(dt.date.fromisoformat(AS_OF))
    sheets["Casualties"] = []
    names = [s["state"] for s in sheets["States"]] + ["Global"]
    casualties = sheets["Casualties"]
    wanted = rows + 100 if edited else rows
    cited = cited_by_edition()
    combinations = (  # every edition comes early, so that a small workbook cites every source too
        (edition, year, country)
        for country in names
        for year in range(FIRST_YEAR, FIRST_YEAR + 30)
        for edition, published in editions()
        if year < published
    )
    for edition, year, country in combinations:
        if len(casualties) >= wanted:
            break
        changed = edited and len(casualties) % 50 == 0
        casualties.append(
            {
                "year": year,
                "country": country[:-1] if unknown and country != "Global" else country,
                "total": 31 if changed else 30,
                "killed": 11 if changed else 10,
                "injured": 19,
                "unknown": 1,
                "edition": edition,
                "source": cited[edition],
            }
        )
    if len(casualties) < wanted:
        raise SystemExit(f"{rows:,} valid casualty rows cannot be made from the example's editions")
    if edited:
        del casualties[:100]
    return write_workbook(path, sheets, force=True)


def cited_by_edition() -> dict[str, str]:
    """Each real edition's Source cell: what the example's rows of that edition cite (real keys
    on the Sources sheet)."""
    import build_example as example

    cited: dict[str, list[str]] = {}
    for row in example.casualties():
        keys = cited.setdefault(row["edition"], [])
        keys += [key for key in str(row["source"]).split("; ") if key not in keys]
    return {edition: "; ".join(keys) for edition, keys in cited.items()}


def build_many_issues(rows: int, path: Path, per_row: int = 1) -> Path:
    """`rows` casualty rows, each with `per_row` warnings (1: Total, 2: Total and Killed typed as
    text holding the same number)."""
    build_workbook(rows, path)
    columns = b"CD"[:per_row]
    return _rewrite_sheet(path, "Casualties", lambda data: _counts_as_text(data, columns))


def build_formatted_blanks(cells: int, path: Path) -> Path:
    """A small valid workbook whose Casualties sheet has `cells` formatted blank cells below its
    data (whole columns formatted by staff) and one stray value typed under them (an issue there)."""
    build_workbook(50, path)

    def blanks(data: bytes) -> bytes:
        style = re.search(rb'<c r="A2" s="(\d+)"', data)
        s = style.group(1) if style else b"0"
        columns = [chr(65 + n).encode() for n in range(10)]
        first, count = 100, cells // 10
        rows = b"".join(
            b'<row r="%d">%s</row>' % (r, b"".join(b'<c r="%s%d" s="%s"/>' % (c, r, s) for c in columns))
            for r in range(first, first + count)
        )
        stray = first + count
        rows += b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>not a year</t></is></c></row>' % (stray, stray)
        return data.replace(b"</sheetData>", rows + b"</sheetData>")

    return _rewrite_sheet(path, "Casualties", blanks)


def _counts_as_text(data: bytes, columns: bytes) -> bytes:
    """Every count in `columns` written as a text cell holding the same number."""
    letters = b"".join(b"%c" % c for c in columns)
    return re.sub(rb'<c r="([' + letters + rb']\d+)"( s="\d+")?( t="n")?><v>([\d.]+)</v></c>', _as_text, data)


def _as_text(found: re.Match[bytes]) -> bytes:
    reference, style, _, value = found.groups()
    return b'<c r="%s"%s t="inlineStr"><is><t>%s</t></is></c>' % (reference, style or b"", value)


def _rewrite_sheet(path: Path, name: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(path) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    number = re.findall(rb'<sheet [^>]*name="([^"]+)"', files["xl/workbook.xml"]).index(name.encode()) + 1
    part = f"xl/worksheets/sheet{number}.xml"  # XlsxWriter names sheets in workbook order
    files[part] = change(files[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part_name, data in files.items():
            archive.writestr(part_name, data)
    return path


def build_edited(rows: int, path: Path) -> Path:
    """A later version of build_workbook's, for diff."""
    return build_workbook(rows, path, edited=True)


def build_far_cell(source: Path, path: Path) -> Path:
    """`source` with one x typed in README!XFD1048576 and one in Casualties!AZ1048576: memory
    must follow the cells that hold data, not the rectangle up to the furthest one."""
    import openpyxl

    book = openpyxl.load_workbook(source)
    book["README"]["XFD1048576"] = "x"
    book["Casualties"]["AZ1048576"] = "x"
    book.save(path)
    return path


#: Validate to Excel's limit: as at the last day a casualty Year may be in (schema.YEAR_MAX), so
#: that each edition reports on up to a century of years before its own.
FAR_AS_OF = "2100-12-31"
#: 100,000, 500,000 and every row of a sheet below its header (Excel's 1,048,576 rows).
LINEAR_SIZES = (100_000, 500_000, 1_048_575)
#: The day every synthetic edition is dated on the bench workbook's Editions sheet: plainly not
#: a real edition's, and by the data date, so that the rules still pass.
SYNTHETIC_PUBLISHED = dt.date(2100, 1, 1)


def synthetic_editions() -> list[tuple[str, int]]:
    """Landmine Monitor 2026 to 2099: editions that do not exist (yet), added to the bench
    workbook's Editions sheet so that more than the ~53,000 rows the 12 real, dated editions
    allow can be valid (each country, year and edition once)."""
    real = {published for _, published in editions()}
    return [(f"Landmine Monitor {year}", year) for year in range(2026, 2100) if year not in real]


class _CasualtyRows:
    """`count` valid casualty rows made as they are written (a million dicts held at once would
    measure the builder): each country (a state, Global or an area the Monitor lists apart) x
    each edition, real then synthetic, x each year before it. Rows of a synthetic edition cite
    no source."""

    def __init__(self, count: int, countries: list[str], cited: dict[str, str]) -> None:
        self.count, self.countries, self.cited = count, countries, cited

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[dict[str, object]]:
        combinations = (
            (country, year, edition)
            for country in self.countries
            for edition, published in editions() + synthetic_editions()
            for year in range(FIRST_YEAR, published)
        )
        for country, year, edition in itertools.islice(combinations, self.count):
            yield {
                "year": year,
                "country": country,
                "total": 30,
                "killed": 10,
                "injured": 19,
                "unknown": 1,
                "edition": edition,
                "source": self.cited.get(edition),
            }


def build_linear(rows: int, path: Path) -> Path:
    """The example workbook as at FAR_AS_OF with `rows` valid casualty rows (_CasualtyRows) and
    the synthetic editions on its Editions sheet, written row by row (XlsxWriter's
    constant_memory mode, its strings inline) so that a million rows build in little memory."""
    import build_example as example

    from report_tool.domain.areas import area_names
    from report_tool.workbook.blank import write_workbook

    sheets: dict[str, Any] = example.sheets(dt.date.fromisoformat(FAR_AS_OF))
    countries = [s["state"] for s in sheets["States"]] + ["Global", *area_names()]
    most = len(countries) * sum(published - FIRST_YEAR for _, published in editions() + synthetic_editions())
    if rows > most:
        raise SystemExit(f"{rows:,} valid casualty rows cannot be made (at most {most:,})")
    sheets["Editions"] += [
        {"edition": name, "published": SYNTHETIC_PUBLISHED, "notes": "synthetic, for the benchmark"}
        for name, _ in synthetic_editions()
    ]
    sheets["Casualties"] = _CasualtyRows(rows, countries, cited_by_edition())
    return write_workbook(path, sheets, force=True, constant_memory=True)


def linear_path(rows: int) -> Path:
    """Where build_linear's workbook of `rows` is cached, keyed by what it is built from: the
    parameters, the builder's code and the example's sources (a change to any builds anew)."""
    import inspect

    digest = hashlib.sha256(f"{rows} {FAR_AS_OF} {SYNTHETIC_PUBLISHED} {synthetic_editions()}".encode())
    for code in (build_linear, _CasualtyRows, synthetic_editions, cited_by_edition):
        digest.update(inspect.getsource(code).encode())
    for source in (
        REPO / "workbooks" / "build_example.py",
        *sorted((REPO / "workbooks" / "sources").glob("*")),
    ):
        digest.update(source.read_bytes())
    return WORK / f"linear-{rows}-{digest.hexdigest()[:12]}.xlsx"


# -- measuring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time
    cpu: float  # the child's user and system time: what the machine's load changes least
    peak_mb: float


def run_once(command: list[str], codes: tuple[int, ...] = (0,)) -> Run:
    """Wall and CPU time and the child's own peak memory (wait4: the parent imports nothing
    heavy); any exit code but `codes` stops the bench (a failed baseline would flatter the tool)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CHILD_ENV)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in codes:
        raise SystemExit(f"exit code {code}: {' '.join(command)}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # KB -> MB on Linux


@dataclass
class Figure:
    label: str
    size: str
    median: float
    peak_mb: float
    load: float  # the one-minute load average when the measurement started
    baseline: str = ""
    baseline_median: float = 0.0
    baseline_peak_mb: float = 0.0
    ratio: float = 0.0  # the median of the pairwise ratios of wall time, command / baseline
    cpu_ratio: float = 0.0  # the same of CPU time
    difference: float = 0.0  # the median of the pairwise differences of wall time, command - baseline
    cpu_difference: float = 0.0  # the same of CPU time


def compare(
    label: str,
    size: str,
    command: list[str],
    baseline: str,
    base: list[str] | None,
    runs: int,
    codes: tuple[int, ...] = (0,),
) -> Figure:
    """Run the baseline and the command in turn `runs` times; the median of the pairwise ratios.
    The quick ones (STARTUP_RUNS) are first run once unmeasured, to have their files cached."""
    load = os.getloadavg()[0]
    if runs >= STARTUP_RUNS:
        run_once(command, codes)
        if base is not None:
            run_once(base, codes)
    pairs = [
        (run_once(base, codes) if base is not None else None, run_once(command, codes)) for _ in range(runs)
    ]
    runs_of_command = [command_run for _, command_run in pairs]
    figure = Figure(
        label,
        size,
        statistics.median(r.seconds for r in runs_of_command),
        max(r.peak_mb for r in runs_of_command),
        load,
    )
    measured = [(b, c) for b, c in pairs if b is not None]
    if measured:
        figure.baseline = baseline
        figure.baseline_median = statistics.median(b.seconds for b, _ in measured)
        figure.baseline_peak_mb = max(b.peak_mb for b, _ in measured)
        figure.ratio = statistics.median(c.seconds / b.seconds for b, c in measured)
        figure.cpu_ratio = statistics.median(c.cpu / max(b.cpu, 1e-3) for b, c in measured)
        figure.difference = statistics.median(c.seconds - b.seconds for b, c in measured)
        figure.cpu_difference = statistics.median(c.cpu - b.cpu for b, c in measured)
    return figure


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


#: The raw read the tool's reader is built on, with the collector paused as the tool pauses it.
CALAMINE = (
    "import gc, sys\nfrom python_calamine import CalamineWorkbook\ngc.disable()\n"
    "wb = CalamineWorkbook.from_path(sys.argv[1])\n"
    "for name in wb.sheet_names:\n    wb.get_sheet_by_name(name).to_python()"
)
READ_BOTH = (
    "import sys\nfrom report_tool.workbook.reader import read_workbook\n"
    "read_workbook(sys.argv[1])\nread_workbook(sys.argv[2])"
)
PANDAS = "import sys, pandas\npandas.read_excel(sys.argv[1], sheet_name=None, engine='openpyxl')"
#: What any generate must do: import python-docx and XlsxWriter, open and save the template, and
#: write a one-cell workbook.
FLOOR = (
    "import sys, docx, xlsxwriter\nfrom report_tool.report.render.template import default_template\n"
    "docx.Document(str(default_template())).save(sys.argv[1] + '.docx')\n"
    "book = xlsxwriter.Workbook(sys.argv[1] + '.xlsx')\nbook.add_worksheet().write(0, 0, 1)\nbook.close()"
)


#: What generate of the example must do whatever its sections: the floor, and before it Click, the
#: plugins, the validation of the workbook and python-pptx's chart modules (the chart's owner).
FIXED = (
    "import sys, datetime, click\nfrom pathlib import Path\nfrom report_tool.plugins.loading import load\n"
    "from report_tool.validation.validate import validate\n"
    "validate(Path(sys.argv[2]), datetime.date.fromisoformat(sys.argv[3]), registry=load())\n"
    "import pptx.chart.data, pptx.chart.xlsx, pptx.enum.chart\n" + FLOOR
)


def tool(*args: str) -> list[str]:
    return [sys.executable, "-m", "report_tool", *args]


def command(*args: str) -> list[str]:
    """`report-tool ...` as users type it: the installed entry point (`python -m` also imports
    runpy and importlib.util, 5 ms that --help would be charged for), else `python -m`."""
    script = Path(sys.executable).with_name("report-tool.exe" if os.name == "nt" else "report-tool")
    return [str(script), *args] if script.exists() else tool(*args)


def build(how: str, size: int, path: Path) -> Path:
    """Build a workbook in a process of its own (a child's peak memory would start from this one's)."""
    if not path.exists():
        subprocess.run([sys.executable, __file__, f"--build-{how}", str(size), str(path)], check=True)
    return path


BUILDERS: dict[str, Callable[[int, Path], Path]] = {
    "valid": build_workbook,
    "edited": build_edited,
    "unknown": lambda size, path: build_workbook(size, path, unknown=True),
    "one-warning": build_many_issues,
    "two-warnings": lambda size, path: build_many_issues(size, path, per_row=2),
    "formatted-blanks": build_formatted_blanks,
    "linear": build_linear,
}


def compile_package() -> None:
    """Bytecode for the package and the example plugin, as `pip install` of a wheel writes it."""
    for folder in (REPO / "report_tool", REPO / "examples" / "report-tool-stockpiles"):
        compileall.compile_dir(folder, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument(
        "--linear-sizes",
        default=",".join(map(str, LINEAR_SIZES)),
        help="casualty rows of the workbooks with synthetic editions (empty: none)",
    )
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--only",
        default="",
        metavar="KEYS",
        help="measure only the figures whose key starts with one of these (comma-separated, e.g. "
        "'annotate'), print them and write no RESULTS.md",
    )
    for how in BUILDERS:
        parser.add_argument(f"--build-{how}", nargs=2, metavar=("ROWS", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--build-far", nargs=2, metavar=("SOURCE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_far:
        build_far_cell(Path(args.build_far[0]), Path(args.build_far[1]))
        return
    for how, builder in BUILDERS.items():
        wanted = getattr(args, f"build_{how.replace('-', '_')}")
        if wanted:
            builder(int(wanted[0]), Path(wanted[1]))
            return
    compile_package()
    sizes = [int(s) for s in args.sizes.split(",")]
    WORK.mkdir(exist_ok=True)
    started = time.perf_counter()
    loads = [os.getloadavg()]
    figures: dict[tuple[str, str], Figure] = {}
    only = tuple(key for key in args.only.split(",") if key)

    def wanted(*keys: str) -> bool:
        return not only or any(key.startswith(only) for key in keys)

    def record(key, label, size, command, baseline="", base=None, runs=None, codes=(0,)) -> Figure | None:
        if not wanted(key):
            return None
        figure = compare(label, size, command, baseline, base, runs or args.runs, codes)
        figures[(key, size)] = figure
        ratio = f"{figure.ratio:5.2f}x {baseline}" if base else ""
        print(f"{label:<46} {size:>8} {figure.median:7.3f} s {figure.peak_mb:5.0f} MB {ratio}", flush=True)
        return figure

    click = python("import click")
    record(
        "help", "report-tool --help", "-", command("--help"), "python -c 'import click'", click, STARTUP_RUNS
    )
    record(
        "version",
        "report-tool --version",
        "-",
        command("--version"),
        "python -c 'import click'",
        click,
        STARTUP_RUNS,
    )
    example = REPO / "workbooks" / "apmbc.xlsx"
    out = WORK / "reports"
    floor = [*python(FLOOR), str(WORK / "floor")]
    generate = ("generate", "--report-date", AS_OF, "--meeting", "23MSP", "-o", str(out), "--overwrite")
    record(
        "both",
        "generate, both reports",
        "example",
        tool(*generate[:1], str(example), *generate[1:]),
        "the floor (import, open and save the template, one-cell xlsx)",
        floor,
    )
    both = tool(*generate[:1], str(example), *generate[1:])
    record(
        "both-no-map",
        "generate --no-map, both reports",
        "example",
        [*both, "--no-map"],
        "the floor",
        floor,
    )
    record(
        "fixed",
        "the fixed part of generate",
        "example",
        [*python(FIXED), str(WORK / "fixed"), str(example), AS_OF],
        "the floor",
        floor,
    )
    the_map = record("map", "generate", "example", both, "generate --no-map", [*both, "--no-map"], MAP_RUNS)
    if the_map is not None:
        print(
            f"{'the map (generate minus generate --no-map)':<46} {'':>8} {the_map.difference:7.3f} s",
            flush=True,
        )
    if shutil.which("soffice") or shutil.which("libreoffice"):  # LibreOffice's conversion dominates
        record(
            "pdf",
            "generate --format pdf",
            "example",
            tool(*generate[:1], str(example), *generate[1:], "--format", "pdf"),
            runs=max(1, args.runs // 2),
        )
    record(
        "validate",
        "validate",
        "example",
        tool("validate", str(example)),
        "calamine read, collector paused",
        [*python(CALAMINE), str(example)],
    )
    far = WORK / "far-cell.xlsx"
    if wanted("far") and not far.exists():
        subprocess.run([sys.executable, __file__, "--build-far", str(example), str(far)], check=True)
    record(
        "far",
        "validate, an x in XFD1048576 and AZ1048576",
        "example",
        tool("validate", str(far)),
        "validate of the example",
        tool("validate", str(example)),
        codes=(0, 1),
    )
    for size in sizes:
        if not wanted("validate", "diff", "docx", "xlsx", "pandas", "unknown"):
            break
        path = build("valid", size, WORK / f"casualties-{size}.xlsx")
        edited = build("edited", size, WORK / f"casualties-{size}-edited.xlsx")
        label = f"{size:,}"
        validate = tool("validate", str(path), "--data-date", AS_OF)
        record(
            "validate",
            "validate",
            label,
            validate,
            "calamine read, collector paused",
            [*python(CALAMINE), str(path)],
        )
        record(
            "diff",
            "diff (two versions)",
            label,
            tool("diff", str(path), str(edited), "--data-date", AS_OF),
            "the tool's reader, both versions",
            [*python(READ_BOTH), str(path), str(edited)],
            codes=(0, 1),  # 1: the versions differ
        )
    largest = max(sizes)
    label, runs = f"{largest:,}", args.runs
    big = WORK / f"casualties-{largest}.xlsx"
    for fmt in ("docx", "xlsx"):
        record(
            fmt,
            f"generate --format {fmt}",
            label,
            tool(*generate[:1], str(big), *generate[1:], "--format", fmt),
            "the floor",
            floor,
        )
    validate = tool("validate", str(big), "--data-date", AS_OF)
    record(
        "pandas",
        "pandas.read_excel with openpyxl",
        label,
        [*python(PANDAS), str(big)],
        "validate",
        validate,
        runs,
    )
    unknown = WORK / f"casualties-{largest}-unknown.xlsx"
    if wanted("unknown"):
        build("unknown", largest, unknown)
    record(
        "unknown",
        "validate, every country unknown",
        label,
        tool("validate", str(unknown), "--data-date", AS_OF),
        "validate of the valid rows",
        validate,
        runs,
        (0, 1),
    )
    cases = (
        ("one-warning", largest, f"{largest:,} warnings, one a row"),
        ("two-warnings", largest, f"{2 * largest:,} warnings, two a row"),
        ("formatted-blanks", 1_000_000, "1,000,000 formatted blank cells"),
    )
    for how, size, case in cases:
        if not wanted(f"annotate {how}"):
            continue
        path = build(how, size, WORK / f"{how}-{size}.xlsx")
        copy = WORK / f"annotated-{how}.xlsx"
        plain = tool("validate", str(path), "--data-date", AS_OF)
        record(
            f"annotate {how}",
            "validate --annotate",
            case,
            [*plain, "--annotate", str(copy), "--overwrite"],
            "validate of the same file",
            plain,
            runs,
            (0, 1),
        )
    for rows in [int(s) for s in args.linear_sizes.split(",") if s]:
        path = build("linear", rows, linear_path(rows))
        record(
            "linear",
            "validate, synthetic editions, as at 2100",
            f"{rows:,}",
            tool("validate", str(path), "--data-date", FAR_AS_OF),
            "calamine read, collector paused",
            [*python(CALAMINE), str(path)],
            args.runs if rows <= 100_000 else max(2, args.runs // 2),  # a million rows: ~1 min a pair
        )
    loads.append(os.getloadavg())
    if only:
        print(f"--only {args.only}: {args.output} not written (it holds the figures of a whole run)")
        return
    write_results(args.output, figures, sizes, time.perf_counter() - started, loads)
    print(f"Wrote {args.output}")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        memory = f", {kb / 2**20:.0f} GiB memory"
    except (OSError, StopIteration):
        pass
    system = f"{platform.system()} {platform.release()}; Python {platform.python_version()}"
    return f"{cpu}, {os.cpu_count()} cores{memory}; {system}"


#: The targets of issue 24, each with the figures it is read from.
HELP_RATIO, GENERATE_RATIO, VALIDATE_RATIO, ANNOTATE_RATIO, ANNOTATE_PEAK_MB = 1.2, 3, 2, 2, 250
#: Linear to Excel's limit: the time a row grows by at most this from the smallest to the
#: largest workbook, and the peak stays within this of calamine's own for the same file.
LINEAR_GROWTH, LINEAR_PEAK_RATIO = 1.2, 1.25
#: Issue 23's: the map's cost in `generate` (with it minus without it, whole processes in turn).
MAP_SECONDS = 1.0


def write_results(
    path: Path,
    figures: dict[tuple[str, str], Figure],
    sizes: list[int],
    elapsed: float,
    loads: list[tuple[float, float, float]],
) -> None:
    """The figures of one run as a Markdown page: every figure, then each target read from them."""
    load_text = " and ".join("/".join(f"{x:.1f}" for x in load) for load in loads)
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}. Run on {dt.date.today().isoformat()} in {elapsed:.0f} s (`make bench`); "
        f"load average (1, 5, 15 min) {load_text} at the start and the end. Whole processes, the "
        "package compiled to bytecode as a wheel install has it; each command and its baseline run "
        "in turn, and the ratio is the median of the pairwise ratios (the medians of the times may "
        "give another); the CPU time ratio is the same of the processes' user and system time, "
        "which the load changes less (the zip scan's thread adds to it). Peak memory is the "
        "largest resident set of the runs; the load is the "
        "one-minute average when the figure's runs began. Absolute times vary with the machine "
        "and its load: the ratios measured in the same run are the figures that matter.",
        "",
        f"The casualty rows are states (and Global) x years x the {len(editions())} real, dated "
        "Landmine Monitor editions the example workbook cites, each year before its edition: so "
        f"at most {max_valid_rows():,} valid rows, and the largest workbook has {max(sizes):,}.",
        "",
        "To measure validate up to Excel's limit (1,048,576 rows, the header's included), the "
        "workbooks of 100,000 rows and more are as at 31 December 2100 and add synthetic editions "
        f"to the Editions sheet, {synthetic_editions()[0][0]} to {synthetic_editions()[-1][0]}, "
        f"editions that do not exist, each dated {SYNTHETIC_PUBLISHED.day} {SYNTHETIC_PUBLISHED:%B %Y}: "
        "each country (a "
        "state, Global or an area) x each edition x each year before it is one valid row. Their "
        "counts (30 = 10 killed + 19 injured + 1 unknown) are made up too: these workbooks measure "
        "the tool, they report nothing. They are written row by row (XlsxWriter's constant_memory "
        "mode, strings inline) and kept in bench/work/, keyed by what they are built from.",
        "",
        "| command | casualty rows | median (s) | peak (MB) | baseline | baseline median (s) "
        "| baseline peak (MB) | ratio | CPU time ratio | load |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for f in figures.values():
        base = (
            f"| {f.baseline} | {f.baseline_median:.3f} | {f.baseline_peak_mb:.0f} | {f.ratio:.2f}x "
            f"| {f.cpu_ratio:.2f}x"
            if f.baseline
            else "| - | - | - | - | -"
        )
        lines.append(f"| {f.label} | {f.size} | {f.median:.3f} | {f.peak_mb:.0f} {base} | {f.load:.1f} |")
    lines += ["", "## Against the targets", "", "| target | measured | met |", "|---|---|---|"]

    def row(target: str, measured: str, met: bool) -> None:
        lines.append(f"| {target} | {measured} | {'yes' if met else 'no'} |")

    for name in ("help", "version"):
        f = figures[(name, "-")]
        row(
            f"`report-tool --{name}` at most {HELP_RATIO}x `import click`",
            f"{f.ratio:.2f}x",
            f.ratio <= HELP_RATIO,
        )
    f = figures[("both", "example")]
    row(
        f"`generate` of both reports for the example at most {GENERATE_RATIO}x the floor",
        f"{f.ratio:.2f}x ({f.median:.2f} s against {f.baseline_median:.2f} s)",
        f.ratio <= GENERATE_RATIO,
    )
    f = figures[("both-no-map", "example")]
    row(
        f"the same without the map (`--no-map`; the target above was set before the map was added), "
        f"at most {GENERATE_RATIO}x the floor",
        f"{f.ratio:.2f}x ({f.median:.2f} s against {f.baseline_median:.2f} s)",
        f.ratio <= GENERATE_RATIO,
    )
    f = figures[("fixed", "example")]
    lines.append(
        f"| (measured, no target) what generate does whatever its sections: Click, the plugins, the "
        f"validation, python-pptx's chart modules and the floor | {f.ratio:.2f}x the floor "
        f"({f.median:.2f} s against {f.baseline_median:.2f} s) | - |"
    )
    f = figures[("map", "example")]
    row(
        f"the map's cost in `generate` of both reports for the example under {MAP_SECONDS:.0f} s "
        "(with the map minus `--no-map`)",
        f"{f.difference:.2f} s ({f.cpu_difference:.2f} s CPU time; {f.median:.2f} s against "
        f"{f.baseline_median:.2f} s)",
        f.difference < MAP_SECONDS,
    )
    f = figures[("far", "example")]
    row(
        f"`validate` with an x in XFD1048576 and AZ1048576 under 100 MB peak (plain example: "
        f"{f.baseline_peak_mb:.0f} MB)",
        f"{f.peak_mb:.0f} MB",
        f.peak_mb < 100,
    )
    largest = f"{max(sizes):,}"
    f = figures[("validate", largest)]
    row(
        f"`validate` of {largest} rows at most {VALIDATE_RATIO}x a collector-paused calamine read",
        f"{f.ratio:.2f}x ({f.median:.2f} s against {f.baseline_median:.2f} s; {f.peak_mb:.0f} MB "
        f"against {f.baseline_peak_mb:.0f} MB)",
        f.ratio <= VALIDATE_RATIO,
    )
    f = figures[("pandas", largest)]
    row(
        f"`validate` of {largest} rows more than 4x faster than pandas with openpyxl",
        f"{f.ratio:.1f}x",
        f.ratio > 4,
    )
    f = figures[("unknown", largest)]
    row(
        f"`validate` of {largest} rows all naming a country not on States (an issue each) at most 3x "
        "the valid ones",
        f"{f.ratio:.1f}x",
        f.ratio <= 3,
    )
    f = figures[("diff", largest)]
    row(
        f"`diff` of two {largest}-row versions at most 2.5x reading both with the tool's reader",
        f"{f.ratio:.2f}x",
        f.ratio <= 2.5,
    )
    for small, large in itertools.pairwise(sizes):
        growth = figures[("validate", f"{large:,}")].median / figures[("validate", f"{small:,}")].median
        rows_growth = large / small
        row(
            f"validate: {rows_growth:.0f}x the rows ({small:,} to {large:,}) "
            f"at most {rows_growth:.0f}x the time",
            f"{growth:.1f}x",
            growth <= rows_growth,
        )
    f = figures[("annotate one-warning", f"{largest} warnings, one a row")]
    row(
        f"`validate --annotate` with a warning on each of {largest} rows at most {ANNOTATE_RATIO}x "
        f"`validate` and {ANNOTATE_PEAK_MB} MB peak",
        f"{f.ratio:.2f}x, {f.peak_mb:.0f} MB",
        f.ratio <= ANNOTATE_RATIO and f.peak_mb <= ANNOTATE_PEAK_MB,
    )
    linear = [(int(size.replace(",", "")), f) for (key, size), f in figures.items() if key == "linear"]
    for rows, f in linear:
        row(
            f"`validate` of {rows:,} rows (synthetic editions) at most {VALIDATE_RATIO}x a calamine read, "
            f"its peak at most {LINEAR_PEAK_RATIO}x calamine's",
            f"{f.ratio:.2f}x ({f.median:.1f} s against {f.baseline_median:.1f} s); "
            f"{f.peak_mb:.0f} MB against {f.baseline_peak_mb:.0f} MB ({f.peak_mb / f.baseline_peak_mb:.2f}x)",
            f.ratio <= VALIDATE_RATIO and f.peak_mb <= LINEAR_PEAK_RATIO * f.baseline_peak_mb,
        )
    for (small, first), (large, last) in itertools.pairwise(linear):
        per_row = (last.median / large) / (first.median / small)
        calamine = (last.baseline_median / large) / (first.baseline_median / small)
        row(
            f"validate linear from {small:,} to {large:,} rows: the time per row at most "
            f"{LINEAR_GROWTH}x (calamine's own: {calamine:.2f}x)",
            f"{per_row:.2f}x",
            per_row <= LINEAR_GROWTH,
        )
    for key, size in (
        (k, s) for k, s in figures if k in ("annotate two-warnings", "annotate formatted-blanks")
    ):
        f = figures[(key, size)]
        lines.append(
            f"| `validate --annotate` with {size} (measured, no target) "
            f"| {f.ratio:.2f}x, {f.peak_mb:.0f} MB | - |"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def max_valid_rows() -> int:
    """How many distinct valid casualty rows the example's states and editions allow."""
    import build_example as example

    states = len(example.read("states.csv")) + 1  # and Global
    return states * sum(published - FIRST_YEAR for _, published in editions())


if __name__ == "__main__":
    main()
