"""Reading an uploaded CSV or XLSX file into rows of text (``core.imports``)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 60
# An XLSX file is a ZIP archive: 5 MB of it may unpack to far more.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


class FileProblem(Exception):
    """The file as a whole cannot be imported (format, size, encoding, header)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CellError(Exception):
    """A cell's value cannot be used; the message says why (not where)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- reading


@dataclass
class Table:
    """The cells of a file as text: the header row and the data rows with their numbers
    as a spreadsheet shows them (the header is row 1)."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


def read_table(content: bytes, file_name: str) -> Table:
    """Read a CSV or XLSX file; raises :class:`FileProblem` with a message for the user."""
    if len(content) > MAX_BYTES:
        raise FileProblem(too_big_message())
    if not content.strip():
        raise FileProblem(_("The file is empty."))
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            _(
                "This is a file in the old Excel format (.xls). Please save it as an "
                "Excel workbook (.xlsx) or as CSV and upload it again."
            )
        )
    if content.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(content)
    elif file_name.lower().endswith((".xlsx", ".xlsm", ".ods")):
        raise FileProblem(_("The file could not be read as an Excel workbook (.xlsx)."))
    else:
        rows = _csv_rows(content)
    return _table(rows)


def too_big_message() -> str:
    return _("The file is larger than %(size)s MB. Please split it into several files.") % {
        "size": MAX_BYTES // (1024 * 1024)
    }


def _table(rows: Iterable[list[str]]) -> Table:
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None or not any(header):
        raise FileProblem(_("The first row of the file must contain the column names."))
    data: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(iterator, start=2):
        if not any(cells):
            continue  # Excel often keeps empty rows below the data
        if len(data) >= MAX_ROWS:
            raise FileProblem(
                _("The file has more than %(rows)s rows. Please split it into several files.")
                % {"rows": _thousands(MAX_ROWS)}
            )
        data.append((number, cells))
    if not data:
        raise FileProblem(_("The file contains column names but no rows below them."))
    return Table(header=header, rows=data)


def _thousands(number: int) -> str:
    return number_format(number, force_grouping=True)


def _decode(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            raise FileProblem(_("The file says it is UTF-8 but is not.")) from None
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem(_("The file could not be read as text.")) from None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # German Excel saves "CSV (Trennzeichen-getrennt)" in Windows-1252.
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def _csv_rows(content: bytes) -> list[list[str]]:
    text = _decode(content)
    if not text.strip():
        raise FileProblem(_("The file is empty."))
    if "\x00" in text:
        raise FileProblem(_("The file is neither a CSV file nor an Excel workbook (.xlsx)."))
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    # The delimiter that splits the header into the most columns: ";" from German
    # Excel, "," from elsewhere, a tab from "Unicode text".
    delimiter = max(
        [";", ",", "\t"],
        key=lambda d: len(next(csv.reader([first_line], delimiter=d), [])),
    )
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = []
        for cells in reader:
            rows.append([_cell_text(cell) for cell in cells[:MAX_COLUMNS]])
            if len(rows) > MAX_ROWS + 1_000:  # empty rows beyond the limit: stop reading
                break
    except csv.Error as error:
        raise FileProblem(
            _("The CSV file could not be read: %(error)s") % {"error": error}
        ) from None
    return rows


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileProblem(_("The file could not be read as an Excel workbook (.xlsx).")) from None
    if "xl/workbook.xml" not in names:
        raise FileProblem(
            _(
                "The file is not an Excel workbook (.xlsx). Please save it as .xlsx or as "
                "CSV and upload it again."
            )
        )
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileProblem(too_big_message())
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        logger.info("unreadable workbook", exc_info=True)
        raise FileProblem(_("The file could not be read as an Excel workbook (.xlsx).")) from None
    try:
        if not workbook.worksheets:
            raise FileProblem(_("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1_000:
                break
    except FileProblem:
        raise
    except Exception:
        logger.info("unreadable worksheet", exc_info=True)
        raise FileProblem(_("The file could not be read as an Excel workbook (.xlsx).")) from None
    finally:
        workbook.close()
    return rows


def _cell_text(value: Any) -> str:
    """A cell as text: numbers without a needless ".0", dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    # Our own downloads put an apostrophe before = + - @ so that Excel shows them as
    # text (core.exports): take it off again on the way back in.
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def header_key(text: str) -> str:
    """Column names and choice values compare without case, spaces and punctuation;
    "Straße", "strasse" and "STRASSE" are the same, as are "E-Mail" and "email"."""
    folded = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return re.sub(r"[\W_]+", "", folded)
