"""Print documents (the guide, postcards) with WeasyPrint: tagged PDF/UA, local files only.

WeasyPrint would fetch every URL a document names, over the network if need be. Our
documents only use the site's own static files (fonts, CSS) and uploads (logos), so
the fetcher reads ``/static/…`` and ``/media/…`` from disk, decodes ``data:`` URLs
(QR codes) in memory, and refuses everything else: rendering a PDF never opens a
network connection, whatever the content says.

Documents are rendered with :data:`BASE_URL` as their base, a host under the
reserved ``.invalid`` top-level domain, so a path like ``/static/x.css`` becomes an
absolute URL the fetcher recognises and no real host could ever be asked for it.

WeasyPrint is imported on first use: it is slow to import, and web processes need it
only when somebody downloads a postcard.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage

BASE_URL = "https://print.invalid/"
_BASE = urlsplit(BASE_URL)
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
# A document with Arabic letters gets Noto Sans Arabic (the print stylesheets name it after
# Fira Sans). Only such a document: WeasyPrint loads every @font-face it is given, used or
# not, and decompressing and registering the two faces made every small PDF (an invoice, a
# participant list) about half a second slower.
ARABIC_LETTERS = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
ARABIC_STYLESHEET = "frh/pdf-fonts.css"


@functools.cache
def local_fetcher_class() -> type:
    """The URL fetcher class, defined on first use (it subclasses WeasyPrint's)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """Serve ``/static/`` and ``/media/`` from disk, ``data:`` from memory; nothing else."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                # urllib's DataHandler decodes it; no connection is involved.
                return super().fetch(url, headers)
            return URLFetcherResponse(url, *local_file(url))

    return LocalFetcher


def local_file(url: str) -> tuple[bytes, dict[str, str]]:
    """The content and headers of one of the site's own files, by its URL under BASE_URL."""
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (_BASE.scheme, _BASE.netloc):
        raise ValueError(f"Only the site's own files may be used in print: {url}")
    path = unquote(parts.path)
    if path.startswith(settings.STATIC_URL):
        content = _static_file(path.removeprefix(settings.STATIC_URL))
    elif path.startswith(settings.MEDIA_URL):
        content = _media_file(path.removeprefix(settings.MEDIA_URL))
    else:
        raise ValueError(f"Not a static or media file: {url}")
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return content, {"Content-Type": content_type}


def _static_file(name: str) -> bytes:
    found = finders.find(name)  # the source folders; refuses "../" (safe_join)
    if isinstance(found, str):
        return Path(found).read_bytes()
    if staticfiles_storage.exists(name):  # after collectstatic, e.g. in production
        with staticfiles_storage.open(name) as file:
            return bytes(file.read())
    raise FileNotFoundError(name)


def _media_file(name: str) -> bytes:
    with default_storage.open(name) as file:  # the storage refuses "../"
        return bytes(file.read())


def qr_image(url: str) -> str:
    """A QR code for ``url`` as a ``data:`` URI for ``<img src>``: a PNG with one pixel per
    module. Shown with ``image-rendering: pixelated`` (``/Interpolate false`` in the PDF),
    it prints as sharp as a vector graphic; as an SVG path, WeasyPrint took ten times as
    long to draw it."""
    code = segno.make(url, error="m", micro=False)
    return str(code.png_data_uri(scale=1, border=0))


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


@functools.cache
def _speed_up_page_references() -> None:
    """Make ``pydyf.PDF.page_references`` a cached tuple instead of a new one per call.

    WeasyPrint's tagging asks for it once per tagged element, and pydyf builds the
    tuple of all pages anew each time: quadratic, a quarter of the time a 400-page
    guide took. The cached value is rebuilt whenever a page was added, so what it
    returns is exactly what the original property returns.
    """
    import pydyf

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        cached = pdf.__dict__.get("_frh_page_references")
        if cached is None or cached[0] != len(kids):
            references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
            cached = (len(kids), references)
            pdf.__dict__["_frh_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)


class Renderer:
    """Lays out HTML documents with the same stylesheets and writes them as one PDF.

    A long document can be laid out in parts (e.g. the guide's front matter, body
    and index) and the parts joined into one tagged PDF: its title, language and
    metadata come from the first part.
    """

    def __init__(self, stylesheets: Sequence[str] = ()) -> None:
        _speed_up_page_references()
        with _quiet():
            from weasyprint.text.fonts import FontConfiguration

            self.fetcher = local_fetcher_class()()
            self.fonts = FontConfiguration()
            self.stylesheets = [self._stylesheet(name) for name in stylesheets]
        self._arabic: Any = None

    def _stylesheet(self, name: str) -> Any:
        from weasyprint import CSS

        return CSS(
            url=BASE_URL + settings.STATIC_URL.lstrip("/") + name,
            url_fetcher=self.fetcher,
            font_config=self.fonts,
        )

    def _stylesheets_for(self, html: str) -> list[Any]:
        if not ARABIC_LETTERS.search(html):
            return self.stylesheets
        if self._arabic is None:
            with _quiet():
                self._arabic = self._stylesheet(ARABIC_STYLESHEET)
        return [self._arabic, *self.stylesheets]

    def layout(self, html: str, *, on_page: Callable[[int], None] | None = None) -> Any:
        """A laid-out ``weasyprint.Document``; ``on_page(n)`` is called for each page."""
        with _quiet(on_page):
            from weasyprint import HTML

            document = HTML(string=html, base_url=BASE_URL, url_fetcher=self.fetcher)
            return document.render(
                font_config=self.fonts, stylesheets=self._stylesheets_for(html), **PDF_OPTIONS
            )

    def write(self, documents: Sequence[Any]) -> RenderedPdf:
        pages = [page for document in documents for page in document.pages]
        with _quiet():
            content = documents[0].copy(pages).write_pdf(**PDF_OPTIONS)
        return RenderedPdf(content=bytes(content), pages=len(pages))


def render_pdf(html: str, *, stylesheets: Sequence[str] = ()) -> RenderedPdf:
    """Lay out one HTML document and write it as a tagged PDF/UA."""
    renderer = Renderer(stylesheets)
    return renderer.write([renderer.layout(html)])


class _PageHandler(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page n" messages into ``on_page(n)`` calls."""

    def __init__(self, on_page: Callable[[int], None]) -> None:
        super().__init__(level=logging.INFO)
        self.on_page = on_page
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread or not str(record.msg).startswith("Step 5"):
            return
        if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], int):
            self.on_page(record.args[0])


@contextmanager
def _quiet(on_page: Callable[[int], None] | None = None) -> Iterator[None]:
    """Keep WeasyPrint's and fontTools' chatter (one line per page, per font) out of the
    log; pass WeasyPrint's page messages to ``on_page``."""
    progress = logging.getLogger("weasyprint.progress")
    fonttools = logging.getLogger("fontTools")
    saved = (progress.level, progress.propagate, fonttools.level)
    handler = _PageHandler(on_page) if on_page is not None else None
    if handler is not None:
        progress.addHandler(handler)
        progress.setLevel(logging.INFO)
    progress.propagate = False
    fonttools.setLevel(logging.WARNING)
    try:
        yield
    finally:
        if handler is not None:
            progress.removeHandler(handler)
        progress.setLevel(saved[0])
        progress.propagate = saved[1]
        fonttools.setLevel(saved[2])
