"""The annotated copy is written as it is made: big parts streamed into their zip entries, parts
nobody changed copied as they are stored, the Issues sheet's rows read once and never held."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from conftest import baseline, write_rows
from report_tool.xlsxedit import parts
from report_tool.xlsxedit.issues_sheet import Column, SummaryRow, SummarySheet, summary_xml
from report_tool.xlsxedit.notes import is_plain, xml_text
from report_tool.xlsxedit.package import CellMark, write_annotated_copy
from report_tool.xlsxedit.parts import Package
from report_tool.xlsxedit.styles import Styles

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
YELLOW = "FFEB9C"


def test_a_part_made_as_it_is_written_goes_into_its_entry_when_the_package_is_saved(tmp_path):
    source = write_rows(tmp_path / "plain.xlsx", baseline())
    made: list[int] = []

    def rows(count: int) -> Iterator[bytes]:
        for n in range(count):
            made.append(n)
            yield b'<row r="%d"/>' % n

    with Package(source) as package:
        package.write_part("xl/small.xml", rows(10))
        package.write_part("xl/big.xml", rows(400_000))  # about 6 MB: past the fast-compression size
        assert made == []  # nothing is made before the copy is written
        with pytest.raises(TypeError, match="written as it is made"):
            package.read("xl/big.xml")
        package.save(tmp_path / "copy.xlsx")
    with zipfile.ZipFile(tmp_path / "copy.xlsx") as copy:
        assert copy.testzip() is None
        assert copy.read("xl/small.xml") == b"".join(b'<row r="%d"/>' % n for n in range(10))
        assert copy.read("xl/big.xml") == b"".join(b'<row r="%d"/>' % n for n in range(400_000))
        assert copy.getinfo("xl/big.xml").compress_type == zipfile.ZIP_DEFLATED


def test_parts_nobody_changed_are_copied_as_they_are_stored(tmp_path):
    source = write_rows(tmp_path / "plain.xlsx", baseline())
    copy = tmp_path / "checked.xlsx"
    summary = SummarySheet("Issues", "Problems", [Column("Cell", 10)], [SummaryRow(["States!A2"])])
    write_annotated_copy(source, copy, [CellMark("States", "A2", YELLOW, "a note")], summary)
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(copy) as after:
        changed = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}
        kept = [info for info in before.infolist() if info.filename not in changed]
        kept = [info for info in kept if b"<sheetData" not in before.read(info)]  # the sheets change
        assert kept
        for info in kept:
            copied = after.getinfo(info.filename)
            assert (copied.compress_type, copied.compress_size, copied.CRC) == (
                info.compress_type,
                info.compress_size,
                info.CRC,
            )


class ReadCounted(Sequence[SummaryRow]):
    """Rows made as they are read, counting how often the whole is read."""

    def __init__(self, count: int) -> None:
        self.count, self.reads = count, 0

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        raise AssertionError("the rows are read in order, never by index")

    def __iter__(self) -> Iterator[SummaryRow]:
        self.reads += 1
        for n in range(self.count):
            yield SummaryRow(
                ("warning", f"row {n} & more", f"States!A{n + 2}"), YELLOW, ("States", f"A{n + 2}")
            )


def sheet(rows: Sequence[SummaryRow], colours: Sequence[str] = (YELLOW,)) -> SummarySheet:
    columns = [Column("Severity", 10), Column("Message", 20), Column("Cell", 12)]
    return SummarySheet("Issues", "Problems", columns, rows, link_column=2, colours=colours)


def test_the_issues_sheet_is_written_a_chunk_at_a_time_from_rows_read_once(tmp_path):
    rows = ReadCounted(2_000)
    written = summary_xml(sheet(rows), Styles(None))
    assert rows.reads == 0  # colours given: nothing to find out before writing
    chunks = list(written.chunks)
    assert rows.reads == 1
    whole = b"".join(chunks)
    assert max(len(chunk) for chunk in chunks) < len(whole) / 3  # never the sheet as one string
    root = etree.fromstring(whole)
    table = root.findall(f"{MAIN}sheetData/{MAIN}row")[2:]  # the heading, then the header row
    assert [int(row.get("r")) for row in table] == list(range(4, 2_004))
    assert "".join(table[-1].itertext()) == "warningrow 1999 & moreStates!A2001"
    links = root.findall(f"{MAIN}hyperlinks/{MAIN}hyperlink")
    assert len(links) == 2_000 and links[-1].get("location") == "States!A2001"
    assert (written.header_row, written.last_row, written.last_column) == (3, 2_003, "C")


def test_without_its_colours_the_rows_are_read_once_more_first():
    rows = ReadCounted(10)
    chunks = summary_xml(sheet(rows, colours=()), Styles(None)).chunks
    assert rows.reads == 1
    assert b"row 9 &amp; more" in b"".join(chunks)
    assert rows.reads == 2


def test_a_row_colour_not_given_is_a_callers_bug():
    rows = [SummaryRow(("error", "x", "States!A2"), "FFC7CE", ("States", "A2"))]
    with pytest.raises(ValueError, match="FFC7CE is not among the summary's colours"):
        b"".join(summary_xml(sheet(rows), Styles(None)).chunks)


def test_a_streamed_copy_is_the_same_bytes_twice(tmp_path, monkeypatch):
    monkeypatch.setattr(parts, "FAST_COMPRESSION_FROM", 1024)  # every part over 1 KB streamed
    source = write_rows(tmp_path / "plain.xlsx", baseline())
    marks = [CellMark("States", f"B{n}", YELLOW, f"note {n}") for n in range(2, 6)]
    copies = []
    for name in ("first.xlsx", "second.xlsx"):
        copies.append(tmp_path / name)
        write_annotated_copy(source, copies[-1], iter(marks), sheet(ReadCounted(500)))
    assert copies[0].read_bytes() == copies[1].read_bytes()


@given(st.text(alphabet=st.sampled_from('ab_x0F9Af&<>"\x01\x0b\ufffe \u00e9'), max_size=16))
def test_text_is_plain_exactly_when_xml_or_excel_would_read_it_otherwise(text):
    """What the Issues sheet and the notes write as it is: no XML special character, no character
    XML 1.0 forbids, and nothing Excel would read as its _xHHHH_ escape."""
    special = re.search('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_', text)
    assert is_plain(text) is (special is None)
    assert (xml_text(text) == text) is (special is None)


def test_excel_s_escape_and_xml_s_specials_are_escaped():
    assert xml_text("Norway_x0007_") == "Norway_x005F_x0007_"
    assert xml_text("A_x00 & <B>") == "A_x00 &amp; &lt;B&gt;"
    assert xml_text("bell\x07") == "bell_x0007_"
