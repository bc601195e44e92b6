"""The text of an uploaded document, for the full-text search (``search_index``).

PDF through pypdf; Word, Excel and PowerPoint (OOXML) and OpenDocument files by reading
the XML parts inside their ZIP container with defusedxml (no entity expansion, no
external references); pictures have no text. The file has passed
``core.uploads`` before, so its format is known and its container is not a ZIP bomb.
Whatever fails yields the text read so far: a document that cannot be read is still
stored, only not found by its words. At most ``MAX_CHARS`` characters are kept.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
from collections.abc import Iterable

from defusedxml import ElementTree
from pypdf import PdfReader

logger = logging.getLogger(__name__)

MAX_CHARS = 200_000
MAX_PDF_PAGES = 300

# The XML parts that carry the text, per extension (patterns on the part names).
PARTS = {
    "docx": re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$"),
    "xlsx": re.compile(r"^xl/(sharedStrings|worksheets/sheet\d+)\.xml$"),
    "pptx": re.compile(r"^ppt/(slides/slide\d+|notesSlides/notesSlide\d+)\.xml$"),
    "odt": re.compile(r"^content\.xml$"),
    "ods": re.compile(r"^content\.xml$"),
    "odp": re.compile(r"^content\.xml$"),
}
# Elements that start a new line (a paragraph, a table row, a shared string).
_BREAKS = {"p", "h", "si", "row", "tr", "table-row", "br", "tab"}
# Elements whose own text is the document's text (OOXML); ODF text is in any element.
_OOXML_TEXT = {"t", "v"}


def text_of(data: bytes, extension: str) -> str:
    """The plain text of a file whose format is ``extension`` (e.g. ``"pdf"``)."""
    extension = extension.lower().lstrip(".")
    try:
        if extension == "pdf":
            text = _pdf(data)
        elif extension in PARTS:
            text = _zipped_xml(data, extension)
        else:
            return ""
    except Exception:  # a damaged file is stored anyway, just not searchable
        logger.warning("could not read the text of a .%s file", extension, exc_info=True)
        return ""
    return _tidy(text)[:MAX_CHARS]


def _pdf(data: bytes) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages: list[str] = []
        size = 0
        for page in reader.pages[:MAX_PDF_PAGES]:
            text = page.extract_text() or ""
            pages.append(text)
            size += len(text)
            if size > MAX_CHARS:
                break
    return "\n".join(pages)


def _zipped_xml(data: bytes, extension: str) -> str:
    pattern = PARTS[extension]
    chunks: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as container:
        names = sorted((n for n in container.namelist() if pattern.match(n)), key=_natural)
        for name in names:
            root = ElementTree.fromstring(container.read(name))
            chunks.append("".join(_texts(root.iter(), odf=extension.startswith("od"))))
            if sum(len(c) for c in chunks) > MAX_CHARS:
                break
    return "\n".join(chunks)


def _texts(elements: Iterable[ElementTree.Element], *, odf: bool) -> Iterable[str]:
    for element in elements:
        local = str(element.tag).rsplit("}", 1)[-1]
        if local in _BREAKS:
            yield "\n"
        elif local in {"s", "space"}:
            yield " "
        if (odf or local in _OOXML_TEXT) and element.text:
            yield element.text
        if odf and element.tail:
            yield element.tail


def _natural(name: str) -> list[object]:
    """``slide2`` before ``slide10``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
