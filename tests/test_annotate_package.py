"""The annotated copy of workbooks as other programs write them: every part kept byte for byte
except those annotation must change, and the copy opened again by openpyxl and LibreOffice."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import xlsxwriter
from bad_workbooks import CORPUS
from click.testing import CliRunner
from PIL import Image

from conftest import AS_OF, EXAMPLE, SOFFICE, baseline, libreoffice_convert, sha256, write_rows
from report_tool.cli import cli
from report_tool.xlsxedit.package import CellMark, Column, SummaryRow, SummarySheet, write_annotated_copy

ARGS = ["--data-date", AS_OF.isoformat()]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
RED, YELLOW = "FFC7CE", "FFEB9C"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def annotate(source: Path, target: Path, *extra: str):
    return run("validate", str(source), *ARGS, "--annotate", str(target), *extra)


def flawed_rows():
    """An error at States!B2, a warning at Casualties!C3, one for many cells at Objections!D2."""
    sheets = baseline()
    sheets["States"][0]["ISO3"] = "NRW"
    sheets["Casualties"][1]["Total"] = "6,279"
    sheets["Objections"][0]["Date"] = None
    return sheets


def png(folder: Path) -> Path:
    path = folder / "logo.png"
    Image.new("RGB", (40, 20), (31, 56, 100)).save(path)
    return path


def xlsxwriter_workbook(folder: Path, name: str = "producer.xlsx", vba: Path | None = None) -> Path:
    """The flawed rows written by XlsxWriter, with a picture on a sheet and in the header, notes,
    a dropdown, a conditional format, a table, a chart and a merged range."""
    plain = openpyxl.load_workbook(write_rows(folder / "plain.xlsx", flawed_rows()))
    path = folder / name
    book = xlsxwriter.Workbook(str(path))
    date = book.add_format({"num_format": "d mmm yyyy"})
    for ws in plain.worksheets:
        target = book.add_worksheet(ws.title)
        for r, row in enumerate(ws.iter_rows(values_only=True)):
            for c, value in enumerate(row):
                if hasattr(value, "year"):
                    target.write_datetime(r, c, value, date)
                elif value is not None:
                    target.write(r, c, value)
    logo = png(folder)
    states = book.get_worksheet_by_name("States")
    states.insert_image("L2", str(logo))
    states.set_header("&L&G", {"image_left": str(logo)})
    states.write_comment("A1", "The state's name as the UN writes it")
    states.write_comment("B2", "Checked against the UN list")
    states.data_validation("C2:C100", {"validate": "list", "source": ["Africa", "Americas"]})
    states.conditional_format("E2:E100", {"type": "cell", "criteria": ">", "value": 0, "format": date})
    figures = book.add_worksheet("Figures")
    figures.add_table(
        "A1:B4",
        {
            "data": [[2022, 4710], [2023, 5757], [2024, 6279]],
            "columns": [{"header": "Year"}, {"header": "Casualties"}],
        },
    )
    figures.merge_range("D1:F2", "Casualties by year", book.add_format({"bold": True}))
    chart = book.add_chart({"type": "column"})
    chart.add_series({"categories": "=Figures!$A$2:$A$4", "values": "=Figures!$B$2:$B$4"})
    figures.insert_chart("D4", chart)
    if vba is not None:
        book.add_vba_project(str(vba))
    book.close()
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def sheet_parts(files: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> part, read from workbook.xml and its relationships."""
    rels = ElementTree.fromstring(files["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{PACKAGE_REL}Relationship")}
    found = {}
    for sheet in ElementTree.fromstring(files["xl/workbook.xml"]).iter(f"{MAIN}sheet"):
        target = targets[sheet.get(f"{REL}id")]
        found[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return found


def related(files: dict[str, bytes], part: str) -> list[str]:
    folder, name = posixpath.split(part)
    rels = files.get(f"{folder}/_rels/{name}.rels")
    if rels is None:
        return []
    return [
        posixpath.normpath(posixpath.join(folder, r.get("Target")))
        for r in ElementTree.fromstring(rels).iter(f"{PACKAGE_REL}Relationship")
        if r.get("Type").endswith(("/comments", "/vmlDrawing"))
    ]


def assert_only_annotation_changed(original: Path, copy: Path, marked: set[str]) -> set[str]:
    """Every part of the original is in the copy, in order, byte for byte, except the parts that
    annotation must change; returns the parts that changed."""
    before, after = parts(original), parts(copy)
    assert list(after)[: len(before)] == list(before), "parts renamed or reordered"
    with zipfile.ZipFile(original) as a, zipfile.ZipFile(copy) as b:
        assert [i.compress_type for i in a.infolist()] == [i.compress_type for i in b.infolist()][
            : len(before)
        ]
    sheets = sheet_parts(before)
    allowed = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}
    for name in marked:
        part = sheets[name]
        folder, base = posixpath.split(part)
        allowed |= {part, f"{folder}/_rels/{base}.rels", *related(before, part)}
    allowed |= {part for part in sheets.values() if b'tabSelected="1"' in before[part]}
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= allowed, f"changed without need: {sorted(changed - allowed)}"
    return changed


def read_back(copy: Path):
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames[0] == "Issues" and book.active.title == "Issues"
    states = book["States"]
    assert states["B2"].fill.fgColor.rgb == f"FF{RED}"
    assert "Error: Norway – ISO3: 'NRW' is not an ISO 3166-1" in states["B2"].comment.text
    assert book["Casualties"]["C3"].fill.fgColor.rgb == f"FF{YELLOW}"
    assert book["Casualties"]["C3"].comment.text.startswith(
        "Warning: Global 2024 – Total is a number stored as text"
    )
    assert book["Objections"]["D2"].comment.text.startswith("Warning: 1 objection has no Date")
    return book


# -- the producer corpus ---------------------------------------------------------------------------


def _xlsxwriter(folder: Path) -> Path:
    return xlsxwriter_workbook(folder)


def _libreoffice(folder: Path) -> Path:
    source = xlsxwriter_workbook(folder, "producer-for-lo.xlsx")
    saved = libreoffice_convert(source, "xlsx:Calc MS Excel 2007 XML", folder / "lo")
    return saved


def _inline_strings(folder: Path) -> Path:
    """openpyxl (3.1) writes every string inline and no shared-strings part, as some programs do."""
    path = write_rows(folder / "inline.xlsx", flawed_rows())
    files = parts(path)
    assert "xl/sharedStrings.xml" not in files
    assert b't="inlineStr"' in files[sheet_parts(files)["States"]]
    return path


def _empty_style_attribute(folder: Path) -> Path:
    """A cell with s="" (valid XML some programs write): the marked cell is that one."""
    path = write_rows(folder / "empty-s.xlsx", flawed_rows())
    files = parts(path)
    states = sheet_parts(files)["States"]
    files[states] = re.sub(rb'(<c r="B2")', rb'\1 s=""', files[states])
    assert b'<c r="B2" s=""' in files[states]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


PRODUCERS = {
    "xlsxwriter": _xlsxwriter,
    "libreoffice": _libreoffice,
    "inline-strings": _inline_strings,
    "empty-s-attribute": _empty_style_attribute,
}


@pytest.mark.parametrize("producer", PRODUCERS)
def test_every_part_is_kept_except_what_annotation_changes(producer, tmp_path):
    if producer == "libreoffice" and SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = PRODUCERS[producer](tmp_path)
    before = sha256(source)
    copy = tmp_path / "checked.xlsx"
    result = annotate(source, copy)
    assert result.exit_code == 1, result.output
    assert sha256(source) == before
    changed = assert_only_annotation_changed(source, copy, {"States", "Casualties", "Objections"})
    assert sheet_parts(parts(source))["States"] in changed
    read_back(copy)
    if SOFFICE is not None:  # LibreOffice opens the copy and keeps what it shows
        reopened = libreoffice_convert(copy, "xlsx:Calc MS Excel 2007 XML", tmp_path / "reopened")
        book = openpyxl.load_workbook(reopened)
        assert book.sheetnames[0] == "Issues"
        assert book["States"]["B2"].fill.fgColor.rgb.endswith(RED)
        assert "Error: Norway – ISO3" in book["States"]["B2"].comment.text


def test_pictures_charts_tables_and_notes_survive(tmp_path):
    source = xlsxwriter_workbook(tmp_path)
    copy = tmp_path / "checked.xlsx"
    annotate(source, copy)
    before, after = parts(source), parts(copy)
    kept = [
        n for n in before if n.startswith(("xl/media/", "xl/charts/", "xl/drawings/drawing", "xl/tables/"))
    ]
    assert {posixpath.dirname(n) for n in kept} >= {"xl/media", "xl/charts", "xl/tables", "xl/drawings"}
    assert all(before[n] == after[n] for n in kept)
    states = read_back(copy)["States"]
    assert states["A1"].comment.text == "The state's name as the UN writes it"  # untouched
    text = states["B2"].comment.text  # the staff's note, then the problem
    assert text.startswith("Checked against the UN list\n\nError: Norway – ISO3: 'NRW'")
    vml = next(v for n, v in after.items() if n.endswith(".vml") and b'ObjectType="Note"' in v)
    assert vml.count(b'ObjectType="Note"') == 2  # A1 and B2 already had boxes: no duplicates


def test_an_xlsm_stays_an_xlsm_with_its_macros(tmp_path):
    project = tmp_path / "vbaProject.bin"
    project.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    source = xlsxwriter_workbook(tmp_path, "macros.xlsm", vba=project)
    refused = annotate(source, tmp_path / "checked.xlsx")
    assert refused.exit_code == 2
    assert refused.output.strip().endswith(
        "the workbook has macros, so its copy must end in .xlsm (it keeps them)"
    )
    copy = tmp_path / "checked.xlsm"
    assert annotate(source, copy).exit_code == 1
    after = parts(copy)
    assert after["xl/vbaProject.bin"] == project.read_bytes()
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in after["[Content_Types].xml"]
    assert_only_annotation_changed(source, copy, {"States", "Casualties", "Objections"})
    openpyxl.load_workbook(copy, keep_vba=True)


@pytest.mark.parametrize("name", ["checked.csv", "checked", "checked.xls", "checked.xlsm"])
def test_a_copy_name_that_is_not_a_workbook_is_refused(name, tmp_path):
    source = write_rows(tmp_path / "flawed.xlsx", flawed_rows())
    result = annotate(source, tmp_path / name)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / name).exists()


def test_annotating_onto_the_input_through_a_link_is_refused(tmp_path):
    source = write_rows(tmp_path / "flawed.xlsx", flawed_rows())
    link = tmp_path / "link.xlsx"
    link.symlink_to(source)
    before = sha256(source)
    result = annotate(source, link, "--overwrite")
    assert result.exit_code == 2 and "this is the workbook being checked" in result.output
    assert sha256(source) == before


def test_a_damaged_part_is_unreadable_input(tmp_path):
    """A picture whose bytes do not match its checksum: one line, exit 2, nothing written."""
    source = xlsxwriter_workbook(tmp_path)
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("xl/media/image1.png")
    offset = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data[offset] ^= 0xFF
    source.write_bytes(bytes(data))
    copy = tmp_path / "checked.xlsx"
    result = annotate(source, copy)
    assert result.exit_code == 2, result.output
    assert (
        result.output.strip()
        .splitlines()[-1]
        .endswith("the file is damaged or incomplete (not a valid .xlsx)")
    )
    assert not copy.exists()


def test_strict_open_xml_is_refused_in_one_line(tmp_path):
    source = write_rows(tmp_path / "flawed.xlsx", flawed_rows())
    files = parts(source)
    strict = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    files["xl/workbook.xml"] = files["xl/workbook.xml"].replace(
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", strict
    )
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    copy = tmp_path / "checked.xlsx"
    result = annotate(source, copy)
    assert result.exit_code == 2
    assert "Strict Open XML" in result.output.strip().splitlines()[-1]
    assert not copy.exists()


# -- the API that diff --annotate uses ---------------------------------------------------------------


def summary(rows=()):
    return SummarySheet("Changes", "Changes", [Column("Cell", 18), Column("What", 40)], list(rows))


def test_a_mark_in_a_merged_range_goes_on_its_top_left_cell(tmp_path):
    source = xlsxwriter_workbook(tmp_path)
    copy = tmp_path / "checked.xlsx"
    write_annotated_copy(source, copy, [CellMark("Figures", "E2", RED, "inside the merge")], summary())
    figures = openpyxl.load_workbook(copy)["Figures"]
    assert figures["D1"].comment.text == "inside the merge"
    assert figures["D1"].fill.fgColor.rgb == f"FF{RED}"
    assert figures["D1"].font.b  # the merged title keeps its bold: the format was cloned
    assert figures["E2"].comment is None


def test_cells_and_rows_that_do_not_exist_are_inserted_in_order(tmp_path):
    source = write_rows(tmp_path / "plain.xlsx", baseline())
    copy = tmp_path / "checked.xlsx"
    marks = [
        CellMark("Withdrawals", "Z2", YELLOW, "past the last column"),
        CellMark("Withdrawals", "B40:C41", RED, "rows that do not exist"),
        CellMark("Withdrawals", "A1", YELLOW),
        CellMark("Nowhere", "A1", RED, "no such sheet"),
    ]
    done = write_annotated_copy(source, copy, marks, summary())
    assert done.unplaced == 1 and done.sheet_title == "Changes"
    ws = openpyxl.load_workbook(copy)["Withdrawals"]
    assert ws["Z2"].fill.fgColor.rgb == f"FF{YELLOW}" and ws["Z2"].comment.text == "past the last column"
    assert all(ws[c].fill.fgColor.rgb == f"FF{RED}" for c in ("B40", "C40", "B41", "C41"))
    assert ws["B40"].comment.text == "rows that do not exist" and ws["C41"].comment is None
    assert ws["A1"].value == "State" and ws["A1"].comment is None
    xml = parts(copy)[sheet_parts(parts(copy))["Withdrawals"]]
    rows = [int(r) for r in re.findall(rb'<row r="(\d+)"', xml)]
    assert rows == sorted(rows)
    cells = re.findall(rb'<c r="([A-Z]+)2"', xml)
    assert cells[-1] == b"Z"


def test_links_stop_at_excels_limit_and_say_so(tmp_path):
    source = write_rows(tmp_path / "plain.xlsx", baseline())
    copy = tmp_path / "checked.xlsx"
    rows = [SummaryRow([f"States!A{n}", "x"], link=("States", f"A{n}")) for n in range(1, 65_532)]
    done = write_annotated_copy(source, copy, [], summary(rows))
    assert done.notices == [
        "Links are given for the first 65,530 rows only: Excel allows no more on one sheet."
    ]
    xml = parts(copy)[sheet_parts(parts(copy))["Changes"]]
    assert xml.count(b"<hyperlink ") == 65_530
    assert b"Links are given for the first 65,530 rows only" in xml


def test_sheet_local_names_and_the_selected_sheet_move_along(tmp_path):
    source = write_rows(tmp_path / "plain.xlsx", baseline())
    book = openpyxl.load_workbook(source)
    book["Withdrawals"].print_title_rows = "1:1"  # a name local to the second sheet
    book.active = 1
    book.save(source)
    copy = tmp_path / "checked.xlsx"
    write_annotated_copy(source, copy, [CellMark("States", "A2", RED, "n")], summary())
    annotated = openpyxl.load_workbook(copy)
    assert annotated.active.title == "Changes"
    assert [ws.title for ws in annotated.worksheets if ws.sheet_view.tabSelected] == ["Changes"]
    assert annotated["Withdrawals"].print_title_rows == "$1:$1"
    assert annotated["Changes"].print_title_rows == "$3:$3"


def test_the_copy_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    source = write_rows(tmp_path / "plain.xlsx", baseline())
    copy = tmp_path / "checked.xlsx"
    copy.write_bytes(b"older copy")
    from report_tool.xlsxedit import parts as xlsx_parts

    def broken(self, target):
        Path(target).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsx_parts.Package, "save", broken)
    with pytest.raises(Exception, match="disk is full"):
        write_annotated_copy(source, copy, [], summary(), overwrite=True)
    assert copy.read_bytes() == b"older copy"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_example_workbook_annotated(tmp_path):
    copy = tmp_path / "checked.xlsx"
    result = run("validate", str(EXAMPLE), "--data-date", "2026-11-26", "--annotate", str(copy))
    assert result.exit_code == 0, result.output
    assert_only_annotation_changed(EXAMPLE, copy, {"Objections"})
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames == ["Issues", *openpyxl.load_workbook(EXAMPLE).sheetnames]
    issues = book["Issues"]
    header = next(r for r in range(1, 10) if issues.cell(r, 1).value == "Severity")
    assert issues.cell(header + 1, 8).value == "objection-undated"
    assert issues.cell(header + 1, 3).hyperlink.location == "Objections!D2"
    for cell in ("D2", "D3", "D4", "D7"):
        assert book["Objections"][cell].fill.fgColor.rgb == f"FF{YELLOW}"
        assert book["Objections"][cell].comment.text.startswith("Warning: 4 objections have no Date")
    assert book["Objections"]["D5"].comment is None


@pytest.mark.parametrize(
    "case",
    # Strict and the draft format of early Excel 2007 builds: refused in one line
    [c for c in CORPUS if c.exit_code in (0, 1) and c.key not in ("strict", "early-2007")],
    ids=lambda c: c.key,
)
def test_every_readable_bad_workbook_gets_an_annotated_copy(case, tmp_path):
    """The hostile-files corpus: what validate reads, --annotate copies (same verdict, no crash)."""
    path = case.build(tmp_path)
    before = sha256(path)
    copy = tmp_path / "annotated" / ("checked.xlsm" if path.suffix == ".xlsm" else "checked.xlsx")
    result = annotate(path, copy)
    assert result.exit_code == case.exit_code, result.output
    assert sha256(path) == before
    with zipfile.ZipFile(copy) as archive:  # read as a package: not every case opens in openpyxl
        first = re.search(rb'<(?:\w+:)?sheet [^>]*name="([^"]+)"', archive.read("xl/workbook.xml"))
    assert first is not None and first[1] == b"Issues"


def _rewrite_states(path: Path, change) -> Path:
    files = parts(path)
    states = sheet_parts(files)["States"]
    files[states] = change(files[states])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def _prefixed(xml: bytes) -> bytes:
    """Every element of the main namespace written with an x: prefix, as some generators do."""
    xml = xml.replace(b'xmlns="http://schemas', b'xmlns:x="http://schemas', 1)
    return re.sub(rb"<(/?)([A-Za-z]+)(?=[\s/>])", rb"<\1x:\2", xml)


def _without_positions(xml: bytes) -> bytes:
    """Rows, and cells A to C (never a gap before them), without their optional r attribute."""
    xml = re.sub(rb'(<row) r="\d+"', rb"\1", xml)
    return re.sub(rb'(<c) r="[A-C]\d+"', rb"\1", xml)


@pytest.mark.parametrize("change", [_prefixed, _without_positions], ids=["prefixed", "no-positions"])
def test_unusual_but_valid_sheet_xml(change, tmp_path):
    source = _rewrite_states(write_rows(tmp_path / "flawed.xlsx", flawed_rows()), change)
    copy = tmp_path / "checked.xlsx"
    assert annotate(source, copy).exit_code == 1
    states = openpyxl.load_workbook(copy)["States"]
    assert states["B2"].fill.fgColor.rgb == f"FF{RED}"
    assert states["B2"].value == "NRW" and states["C2"].value == "Europe, Caucasus and Central Asia"
    assert "Error: Norway – ISO3" in states["B2"].comment.text


def test_notes_never_go_into_the_header_pictures_drawing(tmp_path):
    """A header picture lives in a VML drawing of its own (legacyDrawingHF): notes must not."""
    path = write_rows(tmp_path / "plain.xlsx", baseline())
    plain = openpyxl.load_workbook(path)
    source = tmp_path / "header.xlsx"
    book = xlsxwriter.Workbook(str(source))
    for ws in plain.worksheets:
        target = book.add_worksheet(ws.title)
        for r, row in enumerate(ws.iter_rows(values_only=True)):
            for c, value in enumerate(row):
                if isinstance(value, str | int | float):
                    target.write(r, c, value)
    book.get_worksheet_by_name("Withdrawals").set_header("&C&G", {"image_center": str(png(tmp_path))})
    book.close()
    copy = tmp_path / "checked.xlsx"
    write_annotated_copy(source, copy, [CellMark("Withdrawals", "B2", RED, "a note")], summary())
    before, after = parts(source), parts(copy)
    header_vml = [n for n in before if n.endswith(".vml")]
    assert len(header_vml) == 1 and before[header_vml[0]] == after[header_vml[0]]
    notes_vml = [n for n in after if n.endswith(".vml") and n not in before]
    assert len(notes_vml) == 1 and after[notes_vml[0]].count(b'ObjectType="Note"') == 1
    assert openpyxl.load_workbook(copy)["Withdrawals"]["B2"].comment.text == "a note"
    assert_only_annotation_changed(source, copy, {"Withdrawals"})


@pytest.mark.parametrize("producer", ["xlsxwriter", "libreoffice"])
def test_a_new_note_joins_the_notes_a_sheet_already_has(producer, tmp_path):
    if producer == "libreoffice" and SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = PRODUCERS[producer](tmp_path)
    copy = tmp_path / "checked.xlsx"
    write_annotated_copy(source, copy, [CellMark("States", "C3", YELLOW, "a new note")], summary())
    before, after = parts(source), parts(copy)
    vml = [n for n in before if n.endswith(".vml") and b'ObjectType="Note"' in before[n]]
    assert len(vml) == 1 and after[vml[0]].count(b'ObjectType="Note"') == 3  # A1, B2 and C3
    assert len(re.findall(rb'id="(_x0000_s\d+)"', after[vml[0]])) == len(
        set(re.findall(rb'id="(_x0000_s\d+)"', after[vml[0]]))
    )
    states = openpyxl.load_workbook(copy)["States"]
    assert states["C3"].comment.text == "a new note"
    assert states["B2"].comment.text == "Checked against the UN list"
    if SOFFICE is not None:
        reopened = openpyxl.load_workbook(
            libreoffice_convert(copy, "xlsx:Calc MS Excel 2007 XML", tmp_path / "re")
        )
        assert reopened["States"]["C3"].comment.text == "a new note"
        assert reopened["States"]["A1"].comment.text == "The state's name as the UN writes it"


def test_a_templates_copy_is_a_workbook(tmp_path):
    source = write_rows(tmp_path / "plain.xlsx", baseline())
    files = parts(source)
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml"
    )
    template = tmp_path / "plain.xltx"
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    copy = tmp_path / "checked.xlsx"
    write_annotated_copy(template, copy, [CellMark("States", "A2", RED, "n")], summary())
    types = parts(copy)["[Content_Types].xml"]
    assert b"spreadsheetml.sheet.main+xml" in types and b"template" not in types
    assert openpyxl.load_workbook(copy)["States"]["A2"].comment.text == "n"


def test_a_damaged_part_validation_never_reads_is_unreadable_input(tmp_path):
    """A notes part cut short: validation passes, annotation says in one line it cannot."""
    source = xlsxwriter_workbook(tmp_path)
    files = parts(source)
    comments = next(n for n in files if n.startswith("xl/comments"))
    files[comments] = files[comments][: len(files[comments]) // 2]
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    copy = tmp_path / "checked.xlsx"
    result = annotate(source, copy)
    assert result.exit_code == 2, result.output
    assert "the workbook is damaged and cannot be annotated" in result.output.strip().splitlines()[-1]
    assert not copy.exists()
