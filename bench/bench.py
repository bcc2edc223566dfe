"""The benchmark: whole processes, several runs each, medians and spread, peak memory, and the
baselines measured in the same run, so that the ratios hold whatever the machine.

    python bench/bench.py [--runs 5] [--sizes 1000,10000,100000]   (or: make bench)

Writes bench/RESULTS.md. Synthetic workbooks are built from the example workbook's sources, with
valid casualty rows (country x year x edition), so validation does all its work.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
AS_OF = "2026-11-26"
#: The reports' as-at date for the synthetic workbooks: after their last edition (a projection), so
#: that every casualty row reaches the reports, as before reports left out later editions.
REPORT_AS_OF = "2040-12-31"
sys.path.insert(0, str(REPO / "workbooks"))


def build_workbook(rows: int, path: Path, edited: bool = False, unknown: bool = False) -> Path:
    """The example workbook with `rows` casualty rows, every rule obeyed. `edited`: a later
    version of it for diff, the first 100 rows removed, 100 added at the end, every 50th changed.
    `unknown`: every row names a country not on the States sheet (its name less the last letter),
    so that each row is an issue and each of the ~200 distinct names needs a "did you mean"."""
    import build_example as example

    from report_tool.workbook.blank import write_workbook

    as_of = dt.date.fromisoformat(AS_OF)
    effective = {r["state"]: example.day(r["effective_date"]) for r in example.read("withdrawals.csv")}
    sheets = {
        "States": example.states(as_of, effective),
        "Withdrawals": example.withdrawals(),
        "Suspensions": example.suspensions(),
        "Objections": example.objections(),
        "Meetings": example.meetings(),
        "Settings": example.settings(as_of),
        "Casualties": [],
    }
    names = [s["state"] for s in sheets["States"]]
    casualties = sheets["Casualties"]
    wanted = rows + 100 if edited else rows
    for edition, year, country in itertools.product(range(2000, 2200), range(1999, 2025), names):
        if len(casualties) >= wanted:
            break
        if edition > year:
            changed = edited and len(casualties) % 50 == 0
            casualties.append(
                {
                    "year": year,
                    "country": country[:-1] if unknown else country,
                    "total": 31 if changed else 30,
                    "killed": 11 if changed else 10,
                    "injured": 19,
                    "unknown": 1,
                    "edition": f"Landmine Monitor {edition}",
                    "source": "synthetic benchmark row",
                }
            )
    if edited:
        del casualties[:100]
    return write_workbook(path, sheets, force=True)


def build_many_issues(rows: int, path: Path) -> Path:
    """`rows` casualty rows, each with a warning at its cell (a count typed as text)."""
    build_workbook(rows, path)
    return _rewrite_sheet(path, "Casualties", _counts_as_text)


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


def _counts_as_text(data: bytes) -> bytes:
    """Every Total (column C) written as a text cell holding the same number."""
    return re.sub(rb'<c r="(C\d+)"( s="\d+")?( t="n")?><v>([\d.]+)</v></c>', _as_text, data)


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


def measure(command: list[str], runs: int) -> dict[str, float]:
    """Median and spread of wall time, and the largest peak memory, over `runs` runs.

    The peak is the child's own (wait4), so the parent stays small: it imports nothing heavy."""
    times, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)  # KB -> MB on Linux
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"failed: {' '.join(command)}")
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "peak_mb": max(peaks),
    }


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


CALAMINE = (
    "import sys\nfrom python_calamine import CalamineWorkbook\nwb = CalamineWorkbook.from_path(sys.argv[1])\n"
    "for name in wb.sheet_names:\n    wb.get_sheet_by_name(name).to_python()"
)
READ_BOTH = (
    "import sys\nfrom report_tool.workbook.reader import read_workbook\n"
    "read_workbook(sys.argv[1])\nread_workbook(sys.argv[2])"
)
PANDAS = "import sys, pandas\npandas.read_excel(sys.argv[1], sheet_name=None, engine='openpyxl')"


def tool(*args: str) -> list[str]:
    return [sys.executable, "-m", "report_tool", *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--build", nargs=2, metavar=("ROWS", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--build-many-issues", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--build-formatted-blanks", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--build-edited", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--build-far", nargs=2, metavar=("SOURCE", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--build-unknown", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_far:
        build_far_cell(Path(args.build_far[0]), Path(args.build_far[1]))
        return
    for option, build in (
        ("build", build_workbook),
        ("build_many_issues", build_many_issues),
        ("build_formatted_blanks", build_formatted_blanks),
        ("build_edited", build_edited),
        ("build_unknown", lambda size, path: build_workbook(size, path, unknown=True)),
    ):
        if getattr(args, option):
            size, path = getattr(args, option)
            build(int(size), Path(path))
            return
    sizes = [int(s) for s in args.sizes.split(",")]
    WORK.mkdir(exist_ok=True)
    started = time.perf_counter()
    results: list[tuple[str, str, dict[str, float]]] = []

    def record(label: str, size: str, command: list[str], runs: int = args.runs) -> dict[str, float]:
        figures = measure(command, runs)
        results.append((label, size, figures))
        print(f"{label:<42} {size:>8} {figures['median']:7.3f} s  {figures['peak_mb']:6.0f} MB", flush=True)
        return figures

    startup = {
        "click": record("python -c 'import click' (baseline)", "-", python("import click"), 15),
        "help": record("report-tool --help", "-", tool("--help"), 15),
        "version": record("report-tool --version", "-", tool("--version"), 15),
    }
    example = REPO / "workbooks" / "apmbc.xlsx"
    out = WORK / "reports"
    both = record(
        "generate, both reports (example workbook)",
        "example",
        tool("generate", str(example), "--as-of", AS_OF, "--meeting", "23MSP", "-o", str(out), "--overwrite"),
    )
    if shutil.which("soffice") or shutil.which("libreoffice"):  # LibreOffice's conversion dominates
        record(
            "generate --format pdf (example workbook)",
            "example",
            tool(
                "generate", str(example), "--as-of", AS_OF, "--format", "pdf", "-o", str(out), "--overwrite"
            ),
            max(1, args.runs // 2),
        )
    far_path = WORK / "far-cell.xlsx"
    subprocess.run([sys.executable, __file__, "--build-far", str(example), str(far_path)], check=True)
    far = {
        "plain": record("report-tool validate (example workbook)", "example", tool("validate", str(example))),
        "far": record(
            "report-tool validate, an x in XFD1048576 and AZ1048576",
            "example",
            tool("validate", str(far_path)),
        ),
    }
    by_size: dict[int, dict[str, dict[str, float]]] = {}
    for size in sizes:
        path = WORK / f"casualties-{size}.xlsx"
        if not path.exists():
            # in a process of its own: a child's peak memory would otherwise start from this one's
            subprocess.run([sys.executable, __file__, "--build", str(size), str(path)], check=True)
        edited = WORK / f"casualties-{size}-edited.xlsx"
        if not edited.exists():
            subprocess.run([sys.executable, __file__, "--build-edited", str(size), str(edited)], check=True)
        label = f"{size:,}"
        runs = args.runs if size < 100_000 else max(3, args.runs - 2)
        by_size[size] = {
            "calamine": record(
                "raw python-calamine read (baseline)", label, [*python(CALAMINE), str(path)], runs
            ),
            "pandas": record(
                "pandas.read_excel, openpyxl (baseline)", label, [*python(PANDAS), str(path)], runs
            ),
            "validate": record(
                "report-tool validate", label, tool("validate", str(path), "--as-of", AS_OF), runs
            ),
            "read both": record(
                "report-tool's reader, both versions (baseline)",
                label,
                [*python(READ_BOTH), str(path), str(edited)],
                runs,
            ),
            "diff": record(
                "report-tool diff (two versions)",
                label,
                tool("diff", str(path), str(edited), "--as-of", AS_OF),
                runs,
            ),
            "docx": record(
                "report-tool generate --format docx",
                label,
                tool(
                    "generate",
                    str(path),
                    "--as-of",
                    REPORT_AS_OF,
                    "--format",
                    "docx",
                    "-o",
                    str(out),
                    "--overwrite",
                ),
                runs,
            ),
            "xlsx": record(
                "report-tool generate --format xlsx",
                label,
                tool(
                    "generate",
                    str(path),
                    "--as-of",
                    REPORT_AS_OF,
                    "--format",
                    "xlsx",
                    "-o",
                    str(out),
                    "--overwrite",
                ),
                runs,
            ),
        }
    largest = max(sizes)
    unknown = WORK / f"casualties-{largest}-unknown-states.xlsx"
    if not unknown.exists():
        subprocess.run([sys.executable, __file__, "--build-unknown", str(largest), str(unknown)], check=True)
    by_size[largest]["unknown"] = record(
        "report-tool validate, every country unknown",
        f"{largest:,}",
        tool("validate", str(unknown), "--as-of", AS_OF),
        max(3, args.runs - 2),
    )
    annotated = measure_annotate(record, max(3, args.runs - 2))
    write_results(args.output, results, startup, both, by_size, time.perf_counter() - started, annotated, far)
    print(f"Wrote {args.output}")


#: The annotated copy's worst cases: each against a plain validate of the same file.
ANNOTATE_CASES = {
    "100,000 warnings": ("many-issues.xlsx", "build-many-issues", 100_000),
    "1,000,000 formatted blank cells": ("formatted-blanks.xlsx", "build-formatted-blanks", 1_000_000),
}
#: The annotated copy may cost at most this many times a plain validate of the same workbook.
ANNOTATE_RATIO = 4


def measure_annotate(record: Callable[..., dict[str, float]], runs: int) -> dict[str, tuple[dict, dict]]:
    figures = {}
    for label, (name, how, size) in ANNOTATE_CASES.items():
        path = WORK / name
        if not path.exists():
            subprocess.run([sys.executable, __file__, f"--{how}", str(size), str(path)], check=True)
        copy = WORK / f"annotated-{name}"
        plain = record("report-tool validate", label, tool("validate", str(path), "--as-of", AS_OF), runs)
        annotate = record(
            "report-tool validate --annotate",
            label,
            tool("validate", str(path), "--as-of", AS_OF, "--annotate", str(copy), "--overwrite"),
            runs,
        )
        figures[label] = (plain, annotate)
    return figures


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


def write_results(  # the figures gathered by main(), as a Markdown page
    path: Path,
    results: list[tuple[str, str, dict[str, float]]],
    startup: dict[str, dict[str, float]],
    both: dict[str, float],
    by_size: dict[int, dict[str, dict[str, float]]],
    elapsed: float,
    annotated: dict[str, tuple[dict, dict]],
    far: dict[str, dict[str, float]],
) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}. Run on {dt.date.today().isoformat()} in {elapsed:.0f} s "
        "(`make bench`). Whole processes; median of several runs, min-max in brackets; peak "
        "memory is the largest resident set of the runs. Absolute times vary from machine to "
        "machine: the ratios to the baselines measured in the same run are the figures that matter.",
        "",
        "| command | casualty rows | median (s) | min-max (s) | peak memory (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, size, f in results:
        lines.append(
            f"| {label} | {size} | {f['median']:.3f} | {f['min']:.3f}-{f['max']:.3f} | {f['peak_mb']:.0f} |"
        )
    lines += ["", "## Against the targets", "", "| target | measured | met |", "|---|---|---|"]

    def row(target: str, measured: str, met: bool) -> None:
        lines.append(f"| {target} | {measured} | {'yes' if met else 'no'} |")

    for name in ("help", "version"):
        ratio = startup[name]["median"] / startup["click"]["median"]
        row(f"`report-tool --{name}` at most 1.5x `import click`", f"{ratio:.2f}x", ratio <= 1.5)
    row(
        "`generate` of both reports for the example workbook under 1.5 s",
        f"{both['median']:.2f} s",
        both["median"] < 1.5,
    )
    # The far cell's sheet is streamed with openpyxl, whose import (lxml included) is most of the
    # difference; before, the same file took 2.2 GB (AZ1048576) or aborted asking for 549 GB.
    row(
        "`validate` with one x in XFD1048576 and AZ1048576 under 100 MB peak (plain example: "
        f"{far['plain']['peak_mb']:.0f} MB)",
        f"{far['far']['peak_mb']:.0f} MB",
        far["far"]["peak_mb"] < 100,
    )
    largest = max(by_size)
    big = by_size[largest]
    ratio = big["validate"]["median"] / big["calamine"]["median"]
    row(f"`validate` of {largest:,} rows at most 2x the raw calamine read", f"{ratio:.2f}x", ratio <= 2)
    faster = big["pandas"]["median"] / big["validate"]["median"]
    row(
        f"`validate` of {largest:,} rows more than 4x faster than pandas with openpyxl",
        f"{faster:.1f}x",
        faster > 4,
    )
    slower = big["unknown"]["median"] / big["validate"]["median"]
    row(
        f"`validate` of {largest:,} rows all naming a country not on States (an issue each) "
        "at most 3x the valid ones",
        f"{slower:.1f}x",
        slower <= 3,
    )
    row(
        f"`validate` of {largest:,} rows under 150 MB peak",
        f"{big['validate']['peak_mb']:.0f} MB",
        big["validate"]["peak_mb"] < 150,
    )
    read_both, diff = big["read both"]["median"], big["diff"]["median"]
    row(
        f"`diff` of two {largest:,}-row versions at most 2.5x reading both with the tool's reader",
        f"{diff / read_both:.2f}x (and {diff / (2 * big['validate']['median']):.2f}x validating both)",
        diff <= 2.5 * read_both,
    )
    sizes = sorted(by_size)
    for small, large in itertools.pairwise(sizes):
        growth = by_size[large]["validate"]["median"] / by_size[small]["validate"]["median"]
        rows_growth = large / small
        row(
            f"validate: {rows_growth:.0f}x the rows ({small:,} to {large:,}) "
            f"at most {rows_growth * 1.1:.0f}x the time",
            f"{growth:.1f}x",
            growth <= rows_growth * 1.1,
        )
    for label, (plain, annotate) in annotated.items():
        ratio = annotate["median"] / plain["median"]
        row(
            f"`validate --annotate` with {label} at most {ANNOTATE_RATIO}x a plain `validate`",
            f"{ratio:.1f}x ({annotate['peak_mb']:.0f} MB)",
            ratio <= ANNOTATE_RATIO,
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
