"""Checks for files people upload: images (logos, offer pictures) and PDF attachments.

Use them in a form's ``clean_<field>()``; both raise :class:`ValidationError` with a
message meant for the person who uploaded the file::

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and logo != self.initial.get("logo"):   # a new upload, not the stored file
            return uploads.clean_image(logo, uploads.IMAGE_MAX_BYTES)
        return logo

- :func:`clean_image` trusts nothing the browser says (name, extension, content type):
  it lets Pillow decode the whole picture, accepts only PNG, JPEG and WebP, and returns a
  *new* file encoded from the pixels alone, so EXIF (GPS position, camera serial number),
  XMP, IPTC, comments and anything appended after the image data are gone. The EXIF
  orientation is applied to the pixels first, so the picture does not turn on its side.
- :func:`clean_pdf` lets pypdf parse the whole document (its cross-reference table,
  catalogue and pages): a file that merely starts with ``%PDF-`` (an HTML page behind
  the magic bytes) is refused. It returns the same bytes under a name *we* choose
  (``<slug>.pdf``), never the uploaded name or extension, so the file is served as
  ``application/pdf``. Private documents get a random name on top (``core.private_files``).
  :func:`check_pdf` is the same check for callers that keep the upload object.
- :func:`clean_office` opens an office document (Word, Excel, PowerPoint and their
  OpenDocument cousins) as the ZIP container it must be and reads the declared format
  inside it (``[Content_Types].xml`` of OOXML, the ``mimetype`` entry of ODF): it must
  be the format the name's extension promises, macro-enabled variants are refused, and
  the container must not unpack to more than ``OFFICE_MAX_UNPACKED`` (a ZIP bomb). It
  returns the same bytes under ``<slug>.<extension>``.
- :func:`clean_video` accepts MP4 and WebM by their first bytes, :func:`clean_captions`
  a WebVTT file; both store under a name we choose (sign-language videos, BITV 2.0).

Every one of them also refuses a file that would take the alliance over its upload
quota (:mod:`familienrathaus.core.quota`).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import PurePath
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from familienrathaus.core import quota

IMAGE_MAX_BYTES = 5 * 1024 * 1024
PDF_MAX_BYTES = 10 * 1024 * 1024
# Larger pictures are refused before they are decoded (a "decompression bomb" is a tiny
# file that unpacks to gigabytes). 40 megapixels is more than any phone camera delivers.
IMAGE_MAX_PIXELS = 40_000_000
OFFICE_MAX_BYTES = 20 * 1024 * 1024
# An office file is a ZIP: its parts may unpack to at most this much, in at most so many parts.
OFFICE_MAX_UNPACKED = 200 * 1024 * 1024
OFFICE_MAX_PARTS = 10_000
# Sign-language videos (MP4/WebM) and their WebVTT captions: a few minutes of 720p fit,
# and the proxy in front (deploy/nginx.conf: client_max_body_size 25m) lets them through.
VIDEO_MAX_BYTES = 20 * 1024 * 1024
CAPTIONS_MAX_BYTES = 512 * 1024

# The main part's content type (OOXML) or the ``mimetype`` entry (ODF) per extension.
OFFICE_FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
_ODF = {"odt", "ods", "odp"}
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"

_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def clean_image(uploaded_file: UploadedFile, max_bytes: int = IMAGE_MAX_BYTES) -> ContentFile:
    """The picture re-encoded without metadata, or :class:`ValidationError`."""
    _check_size(uploaded_file, max_bytes)
    not_an_image = ValidationError(
        _("Please upload a picture in PNG, JPEG or WebP format."), code="invalid_image"
    )
    data = _read(uploaded_file)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format or ""
                if image_format not in _FORMATS:
                    raise not_an_image
                width, height = probe.size
                if width * height > IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        _("The picture is too large: at most %(pixels)s megapixels.")
                        % {"pixels": IMAGE_MAX_PIXELS // 1_000_000},
                        code="too_many_pixels",
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                pixels = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning) as exc:
        raise not_an_image from exc

    output = io.BytesIO()
    if image_format == "JPEG":
        if pixels.mode not in ("RGB", "L"):
            pixels = pixels.convert("RGB")
        pixels.save(output, format="JPEG", quality=88, optimize=True)
    elif image_format == "PNG":
        if pixels.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
            pixels = pixels.convert("RGBA")
        pixels.save(output, format="PNG", optimize=True)
    else:
        if pixels.mode not in ("RGB", "RGBA"):
            pixels = pixels.convert("RGBA" if "A" in pixels.mode else "RGB")
        pixels.save(output, format="WEBP", quality=88)
    stem = slugify(PurePath(uploaded_file.name or "").stem)[:80] or "bild"
    return ContentFile(output.getvalue(), name=f"{stem}.{_FORMATS[image_format]}")


def clean_pdf(uploaded_file: UploadedFile, max_bytes: int = PDF_MAX_BYTES) -> ContentFile:
    """The PDF under a name we chose (``<slug>.pdf``), or :class:`ValidationError`."""
    data = _parsed_pdf(uploaded_file, max_bytes)
    stem = slugify(PurePath(uploaded_file.name or "").stem)[:80] or "dokument"
    return ContentFile(data, name=f"{stem}.pdf")


def check_pdf(uploaded_file: UploadedFile, max_bytes: int = PDF_MAX_BYTES) -> None:
    """Raise :class:`ValidationError` unless the file is a PDF of at most ``max_bytes``."""
    _parsed_pdf(uploaded_file, max_bytes)


def _parsed_pdf(uploaded_file: UploadedFile, max_bytes: int) -> bytes:
    _check_size(uploaded_file, max_bytes)
    data = _read(uploaded_file)
    not_a_pdf = ValidationError(_("Please upload a PDF document."), code="invalid_pdf")
    if not data.startswith(b"%PDF-"):
        raise not_a_pdf
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ValidationError(
                    _("The PDF is protected by a password. Please upload it without one."),
                    code="encrypted_pdf",
                )
            pages = len(reader.pages)
            if pages:
                reader.pages[0].mediabox  # noqa: B018  the first page must be readable
    except ValidationError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise not_a_pdf from exc
    except Exception as exc:
        raise not_a_pdf from exc
    if pages < 1:
        raise not_a_pdf
    return data


def clean_office(uploaded_file: UploadedFile, max_bytes: int = OFFICE_MAX_BYTES) -> ContentFile:
    """The office document under ``<slug>.<extension>``, or :class:`ValidationError`
    (code ``invalid_office``) unless its content is the format its extension names."""
    _check_size(uploaded_file, max_bytes)
    extension = PurePath(uploaded_file.name or "").suffix.lower().lstrip(".")
    data = _read(uploaded_file)
    if extension not in OFFICE_FORMATS or office_format(data) != extension:
        raise ValidationError(
            _(
                "Please upload a Word, Excel, PowerPoint or OpenDocument file whose content "
                "matches its name."
            ),
            code="invalid_office",
        )
    stem = slugify(PurePath(uploaded_file.name or "").stem)[:80] or "dokument"
    return ContentFile(data, name=f"{stem}.{extension}")


def office_format(data: bytes) -> str | None:
    """The extension of the office format inside ``data`` (a key of
    :data:`OFFICE_FORMATS`), or None if it is none of them or a broken container."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as container:
            parts = container.infolist()
            if len(parts) > OFFICE_MAX_PARTS:
                return None
            if sum(part.file_size for part in parts) > OFFICE_MAX_UNPACKED:
                return None
            if container.testzip() is not None:
                return None
            names = set(container.namelist())
            if "mimetype" in names:
                declared = container.read("mimetype").decode("ascii", "replace").strip()
                return _office_extension(declared, odf=True)
            if "[Content_Types].xml" in names:
                root = ElementTree.fromstring(container.read("[Content_Types].xml"))
                for override in root.iter(f"{_CONTENT_TYPES_NS}Override"):
                    found = _office_extension(override.get("ContentType", ""), odf=False)
                    if found and override.get("PartName", "").lstrip("/") in names:
                        return found
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        KeyError,
        EOFError,
        NotImplementedError,
        ElementTree.ParseError,
        DefusedXmlException,
    ):
        return None
    return None


def _office_extension(content_type: str, *, odf: bool) -> str | None:
    for extension, declared in OFFICE_FORMATS.items():
        if declared == content_type and (extension in _ODF) == odf:
            return extension
    return None


def clean_video(uploaded_file: UploadedFile, name: str, max_bytes: int | None = None) -> Any:
    """The upload, renamed ``<name>.mp4`` or ``<name>.webm``, or :class:`ValidationError`.

    Only MP4 (an ISO media file whose first box is ``ftyp``, QuickTime's brand refused)
    and WebM (an EBML file whose DocType is ``webm``) are accepted: the formats every
    browser plays in a ``<video>``. The check reads the file's first bytes; the file
    itself is stored as uploaded (a video is not re-encoded).
    """
    _check_size(uploaded_file, max_bytes or VIDEO_MAX_BYTES)
    uploaded_file.seek(0)
    head = uploaded_file.read(64)
    uploaded_file.seek(0)
    if head[4:8] == b"ftyp" and head[8:12] != b"qt  ":
        extension = "mp4"
    elif head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head:
        extension = "webm"
    else:
        raise ValidationError(
            _("Please upload a video in MP4 or WebM format."), code="invalid_video"
        )
    uploaded_file.name = f"{slugify(name) or 'video'}.{extension}"
    return uploaded_file


def clean_captions(
    uploaded_file: UploadedFile, name: str, max_bytes: int | None = None
) -> ContentFile:
    """A WebVTT captions file (UTF-8, "WEBVTT" header, at least one cue) as ``<name>.vtt``."""
    _check_size(uploaded_file, max_bytes or CAPTIONS_MAX_BYTES)
    data = _read(uploaded_file)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    header = first_line == "WEBVTT" or first_line.startswith(("WEBVTT ", "WEBVTT\t"))
    if not header or "-->" not in text:
        raise ValidationError(
            _("Please upload captions as a WebVTT file (.vtt) that starts with WEBVTT."),
            code="invalid_captions",
        )
    return ContentFile(text.encode("utf-8"), name=f"{slugify(name) or 'untertitel'}.vtt")


def _check_size(uploaded_file: UploadedFile, max_bytes: int) -> None:
    size = uploaded_file.size
    if size is None:
        size = len(_read(uploaded_file))
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(size)s.") % {"size": _size_label(max_bytes)},
            code="file_too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty_file")
    quota.check(size)  # the alliance's upload quota (core.quota)


def _size_label(max_bytes: int) -> str:
    megabytes, rest = divmod(max_bytes, 1024 * 1024)
    return f"{megabytes}\xa0MB" if megabytes and not rest else str(filesizeformat(max_bytes))


def _read(uploaded_file: UploadedFile) -> bytes:
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    return data
