"""Helpers for the tests of the printed guide and the QR postcards: slugs of the seeded
themes and audiences, and what poppler reads from a PDF.

Offers for the guide: ``OfferFactory(in_guide=True)`` (tests.factories.offers).
"""

from __future__ import annotations

import re
import subprocess
import zlib
from pathlib import Path

HEALTH = "gesundheit"
EDUCATION = "bildung-und-betreuung"
EARLY_HELP = "schwangere-und-junge-eltern-fruhe-hilfen"


def pdf_text(content: bytes, tmp_path: Path) -> str:
    """The text of a PDF, as poppler's pdftotext reads it (Debian's poppler-utils)."""
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_info(content: bytes, tmp_path: Path) -> dict[str, str]:
    """pdfinfo's "Key: value" lines (page size, pages, tagged, title …)."""
    path = tmp_path / "info.pdf"
    path.write_bytes(content)
    output = subprocess.run(
        ["pdfinfo", str(path)], check=True, capture_output=True, text=True
    ).stdout
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in output.splitlines())
    }


def pdf_images(content: bytes, tmp_path: Path) -> list[tuple[int, int]]:
    """(width, height) in pixels of each image in the PDF, from ``pdfimages -list``."""
    path = tmp_path / "images.pdf"
    path.write_bytes(content)
    output = subprocess.run(
        ["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True
    ).stdout
    rows = [line.split() for line in output.splitlines()[2:] if line.strip()]
    return [(int(row[3]), int(row[4])) for row in rows if row[2] == "image"]


def pdf_objects(content: bytes) -> str:
    """The PDF's objects as text, compressed streams inflated, to find e.g. /Alt and /Lang.

    Strings are decoded from PDF's UTF-16 hex form (``<FEFF…>``) where they use it.
    """
    parts = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    text = b"\n".join(parts).decode("latin-1")

    def utf16(match: re.Match[str]) -> str:
        return "(" + bytes.fromhex(match.group(1)).decode("utf-16-be") + ")"

    return re.sub(r"<[Ff][Ee][Ff][Ff]((?:[0-9A-Fa-f]{4})*)>", utf16, text)
