"""Files to import (CSV as German Excel writes it, XLSX) and helpers to upload them.

The fixture ``immediate_tasks`` (tests/conftest.py) runs tasks inside the request."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from familienrathaus.core.models import ImportRun


def csv_bytes(
    rows: Sequence[Sequence[Any]], *, delimiter: str = ";", encoding: str = "utf-8-sig"
) -> bytes:
    """A CSV file; by default as German Excel's "CSV UTF-8" saves it."""
    lines = []
    for row in rows:
        cells = []
        for value in row:
            text = "" if value is None else str(value)
            if any(char in text for char in (delimiter, '"', "\n")):
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(delimiter.join(cells))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Import"
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def upload(
    client: Client, slug: str, content: bytes, name: str = "import.csv", **fields: Any
) -> Any:
    """Upload a file on the import page of ``slug`` ("partner" or "angebote");
    the response after following the redirects (the run's page)."""
    return client.post(
        reverse("core:import_upload", args=[slug]),
        {"file": SimpleUploadedFile(name, content), **fields},
        follow=True,
    )


def latest_run() -> ImportRun:
    run = ImportRun.objects.order_by("-pk").first()
    assert run is not None, "no import run was created"
    return run


def confirm(client: Client, run: ImportRun) -> Any:
    return client.post(reverse("core:import_confirm", args=[run.pk]), follow=True)
