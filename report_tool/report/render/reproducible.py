"""The same workbook and as-at date give the same bytes: what the libraries would take from the
clock (zip entry times, a PDF's creation date and ID) is taken from the as-at date instead.

The Excel summary needs nothing here: XlsxWriter already writes fixed zip times, and the
summary's creation date is set from the as-at date where it is written.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

#: Zip entries as a Unix zip tool writes them, on every system, so that Windows gives the same bytes.
UNIX = 3
READ_WRITE = 0o100644 << 16


def midnight(as_of: dt.date) -> dt.datetime:
    """The as-at date at 00:00, the one time every report states."""
    return dt.datetime.combine(as_of, dt.time(0, 0))


class _DatedZip:
    """The seam python-docx writes a package through (write each part, then close), writing
    each entry dated `as_of` at midnight: python-docx's own dates them by the clock."""

    def __init__(self, output: Path, as_of: dt.date) -> None:
        self._zip = zipfile.ZipFile(output, "w")
        self._when = midnight(as_of).timetuple()[:6]

    def write(self, pack_uri: Any, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=self._when)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = UNIX
        info.external_attr = READ_WRITE
        self._zip.writestr(info, blob)

    def close(self) -> None:
        self._zip.close()


def save_dated(document: Any, output: Path, as_of: dt.date) -> None:
    """Save the python-docx `document` to `output` as Document.save does, in one pass and with
    every zip entry dated `as_of` (rather than saving, then rewriting each entry: compressing
    the briefing, its map included, twice)."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    writer: Any = _DatedZip(output, as_of)  # what PackageWriter calls of its PhysPkgWriter
    try:  # PackageWriter.write, with this writer in place of its zip file
        PackageWriter._write_content_types_stream(writer, package.parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, package.parts)
    finally:
        writer.close()


def date_pdf(path: Path, as_of: dt.date) -> None:
    """Give the PDF at `path` the as-at date as its creation and modification dates and an ID
    computed from its content (LibreOffice stamps the clock and a random ID, and has no option
    to do otherwise). Raises ValueError when the file is not a PDF pikepdf can read."""
    import pikepdf

    try:
        pdf = pikepdf.open(path, allow_overwriting_input=True)
    except pikepdf.PdfError as exc:
        raise ValueError(str(exc)) from exc
    with pdf:
        stamp = midnight(as_of).strftime("D:%Y%m%d%H%M%SZ")
        pdf.docinfo["/CreationDate"] = pdf.docinfo["/ModDate"] = pikepdf.String(stamp)
        for clocked in ("/ID", "/DocChecksum"):  # both change with the clock in LibreOffice's output
            if clocked in pdf.trailer:
                del pdf.trailer[clocked]
        pdf.save(path, deterministic_id=True)
