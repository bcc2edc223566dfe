"""The same workbook and as-at date give the same bytes: what the libraries would take from the
clock (zip entry times, a PDF's creation date and ID) is taken from the as-at date instead.

The Excel summary needs nothing here: XlsxWriter already writes fixed zip times, and the
summary's creation date is set from the as-at date where it is written.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

#: Zip entries as a Unix zip tool writes them, on every system, so that Windows gives the same bytes.
UNIX = 3
READ_WRITE = 0o100644 << 16


def midnight(as_of: dt.date) -> dt.datetime:
    """The as-at date at 00:00, the one time every report states."""
    return dt.datetime.combine(as_of, dt.time(0, 0))


def write_zip_dated(package: bytes, output: Path, as_of: dt.date) -> None:
    """Write the zip `package` to `output` entry by entry, each dated `as_of` at midnight."""
    when = midnight(as_of).timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=when)
            info.compress_type = entry.compress_type
            info.create_system = UNIX
            info.external_attr = READ_WRITE
            target.writestr(info, source.read(entry))


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
