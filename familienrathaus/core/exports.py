"""Downloads of lists: CSV for German Excel (UTF-8 with BOM, ';') and XLSX.

In XLSX numbers stay numbers and dates dates (shown as 31.12.2026), so that a council's
clerk can sum and sort them; everything else is text, guarded against formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from familienrathaus.core.downloads import set_download_name


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    set_download_name(response, f"{filename}-{stamp}.csv")
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return response


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "strftime"):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    text = str(value)
    # A cell starting with = + - @ (or a tab or carriage return before one) would run
    # as a formula in Excel (OWASP "CSV injection").
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        text = "'" + text
    return text


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return _cell(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        cell = WriteOnlyCell(sheet, value=local.replace(tzinfo=None))
        cell.number_format = "DD.MM.YYYY HH:MM"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD.MM.YYYY"
        return cell
    return _cell(value)


Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


def xlsx_response(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "",
    sheets: Sequence[Sheet] = (),
) -> HttpResponse:
    """``title`` names the first sheet; ``sheets`` adds more, each ``(title, header,
    rows)`` (e.g. a codebook next to the data)."""
    workbook = Workbook(write_only=True)
    for name, sheet_header, sheet_rows in ((title, header, rows), *sheets):
        sheet = workbook.create_sheet(title=str(name)[:31] or None)
        sheet.append([str(heading) for heading in sheet_header])
        for row in sheet_rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    set_download_name(response, f"{filename}-{stamp}.xlsx")
    return response


def table_response(
    file_format: str, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """``file_format`` is "csv" or "xlsx" (e.g. from ``?format=`` of a list page)."""
    if file_format == "xlsx":
        return xlsx_response(filename, header, rows)
    return csv_response(filename, header, rows)
