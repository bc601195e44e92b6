"""The ``Content-Disposition`` header of every download, built in one safe place.

A file name often carries user data (a child's first name, an event's title). Put
into the header as it is, a ``"`` or ``;`` changes the header's meaning and a CR/LF
is refused by Django (a 500). ``content_disposition`` therefore

* drops control characters and path separators from the name,
* gives an ASCII fallback ``filename="…"`` (German umlauts transliterated, anything
  else outside letters, digits, ``.``, ``-`` and ``_`` replaced by ``-``) for old clients,
* and, when the name is not plain ASCII, the exact name as RFC 5987
  ``filename*=UTF-8''…`` (RFC 6266), which current browsers prefer.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponseBase

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._-]+")
_CONTROL_OR_SEPARATOR = re.compile(r"[\x00-\x1f\x7f/\\]+")
MAX_NAME_LENGTH = 120


def safe_filename(name: str, *, default: str = "download") -> str:
    """The name without control characters and path separators, trimmed."""
    cleaned = _CONTROL_OR_SEPARATOR.sub(" ", unicodedata.normalize("NFC", name))
    cleaned = " ".join(cleaned.split()).strip(" .")
    return cleaned[:MAX_NAME_LENGTH] or default


def ascii_filename(name: str, *, default: str = "download") -> str:
    """An ASCII-only stand-in for ``name``: 'Jürgen "J"; x.ics' → 'Juergen-J-x.ics'."""
    transliterated = unicodedata.normalize("NFKD", name.translate(_GERMAN))
    plain = transliterated.encode("ascii", "ignore").decode("ascii")
    plain = _UNSAFE_ASCII.sub("-", plain).strip("-.")
    plain = re.sub(r"-+(\.[A-Za-z0-9]+)$", r"\1", plain)
    return plain[:MAX_NAME_LENGTH] or default


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    """The header value for a download named ``filename`` (inline or as attachment)."""
    disposition = "attachment" if attachment else "inline"
    name = safe_filename(filename)
    fallback = ascii_filename(name)
    value = f'{disposition}; filename="{fallback}"'
    if fallback != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


def set_download_name(
    response: HttpResponseBase, filename: str, *, attachment: bool = True
) -> None:
    """Name the response's file for the browser (see ``content_disposition``)."""
    response["Content-Disposition"] = content_disposition(filename, attachment=attachment)
