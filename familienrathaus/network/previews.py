"""A preview picture (PNG) of a document: the first page of a PDF, or a picture itself.

PDF pages are drawn by PDFium through ``pypdfium2`` (a library, never a shell tool);
pictures are scaled down by Pillow. The preview is at most ``WIDTH`` pixels wide and
``MAX_HEIGHT`` high. Anything that cannot be drawn gets no preview (None): the
document is stored and downloadable all the same.
"""

from __future__ import annotations

import io
import logging

import pypdfium2 as pdfium
from PIL import Image

logger = logging.getLogger(__name__)

WIDTH = 480
MAX_HEIGHT = 960


def preview_png(data: bytes, extension: str) -> bytes | None:
    """The PNG preview of a file of format ``extension``, or None."""
    extension = extension.lower().lstrip(".")
    try:
        if extension == "pdf":
            image = _pdf_first_page(data)
        elif extension in {"png", "jpg", "jpeg", "webp"}:
            image = Image.open(io.BytesIO(data))
            image.load()
        else:
            return None
    except Exception:  # a page PDFium cannot draw: no preview, nothing else changes
        logger.warning("no preview for a .%s file", extension, exc_info=True)
        return None
    image.thumbnail((WIDTH, MAX_HEIGHT))
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGB")
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _pdf_first_page(data: bytes) -> Image.Image:
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        try:
            width, height = page.get_size()
            scale = min(WIDTH / max(width, 1.0), MAX_HEIGHT / max(height, 1.0))
            bitmap = page.render(scale=scale)
            image = bitmap.to_pil()
            image.load()
            return image.copy()
        finally:
            page.close()
    finally:
        document.close()
