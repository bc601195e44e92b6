"""Downloads for German Excel: in XLSX numbers and dates are cells Excel can compute with,
text that looks like a formula stays text."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from familienrathaus.core.exports import xlsx_response


def test_numbers_and_dates_stay_numbers_and_dates_and_formulas_stay_text() -> None:
    paid = dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)  # 03:30 in Berlin, summer time
    response = xlsx_response(
        "bericht",
        ["Monat", "Anzahl", "Summe", "Tag", "Gezahlt", "Notiz"],
        [["März", 7, Decimal("450.00"), dt.date(2026, 3, 31), paid, "=SUMME(A1)"]],
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    month, count, total, day, moment, note = (cell for cell in sheet[2])
    assert (month.value, count.value, total.value) == ("März", 7, 450)
    assert total.data_type == "n"
    assert day.value == dt.datetime(2026, 3, 31) and day.number_format == "DD.MM.YYYY"
    local = paid.astimezone(ZoneInfo("Europe/Berlin")).replace(tzinfo=None)
    assert moment.value == local == dt.datetime(2026, 3, 29, 3, 30)
    assert note.value == "'=SUMME(A1)"
