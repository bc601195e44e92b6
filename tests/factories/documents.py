"""Real documents for upload tests: a PDF that a PDF library can parse."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter


def pdf_bytes(size: int = 0) -> bytes:
    """A one-page PDF; with ``size``, padded (in its metadata) to exactly that many bytes."""

    def build(padding: int) -> bytes:
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        if padding:
            writer.add_metadata({"/Keywords": "x" * padding})
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()

    content = build(0)
    if size and size != len(content):
        padding = max(1, size - len(content) - 20)
        for _ in range(5):
            content = build(padding)
            if len(content) == size:
                break
            padding += size - len(content)
    return content


def pdf_upload(name: str = "bescheid.pdf", size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(size), content_type="application/pdf")
