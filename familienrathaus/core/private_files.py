"""Private files: documents about a person that must never be public.

Reduction proofs, and any later document about a family, a concern, a welcome
registration or a working group, are stored here instead of in ``MEDIA_ROOT``:

- in :class:`PrivateStorage`, under ``settings.PRIVATE_MEDIA_ROOT`` (env
  ``FRH_PRIVATE_ROOT``, default ``var/private/``), which no web server serves;
- under a random name (a UUID and the extension *we* chose after checking the content,
  see :mod:`core.uploads`), never the uploaded name, so nothing can be guessed;
- served only by a view of the owning app that first asks the app's ``permissions.py``
  and then answers with :func:`serve` (``Content-Disposition: attachment``,
  ``X-Content-Type-Options: nosniff``, the content type of the extension). With
  ``settings.PRIVATE_MEDIA_ACCEL`` set to ``"x-accel"`` (nginx, ``location
  /internal-private/ { internal; alias <PRIVATE_MEDIA_ROOT>/; }``) or ``"x-sendfile"``
  (Apache, lighttpd) the proxy sends the bytes; otherwise Django streams them.

A model declares such a field like this (the file is deleted with its row, also in a
cascade; a retention job that only empties the field calls :func:`delete_file`)::

    proof = private_files.PrivateFileField(_("proof (PDF)"), folder="holidays/proofs", blank=True)

and a form's ``clean_<field>`` returns ``uploads.clean_pdf(upload)`` (or ``clean_image``),
whose extension the random name keeps.
"""

from __future__ import annotations

import os
import uuid
from pathlib import PurePosixPath
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models, transaction
from django.db.models import signals
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.deconstruct import deconstructible

from familienrathaus.core.downloads import content_disposition

ACCEL_MODES = {"x-accel", "x-sendfile"}
# The extensions a private file may carry; anything else is stored as ".bin".
EXTENSIONS = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    # Office documents (checked by uploads.clean_office), e.g. a working group's papers.
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


class PrivateStorage(FileSystemStorage):
    """A file system storage under ``settings.PRIVATE_MEDIA_ROOT`` with no public URL.

    The root is read from the settings on every access, so a test's
    ``override_settings(PRIVATE_MEDIA_ROOT=…)`` takes effect at once.
    """

    def __init__(self) -> None:
        # File modes follow the process's umask: with X-Accel-Redirect/X-Sendfile the
        # proxy (often another user) must be able to read the files.
        super().__init__()

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them with private_files.serve.")


_storage = PrivateStorage()


def private_storage() -> Storage:
    """The storage for a private ``FileField`` (a callable, so migrations name no path)."""
    return _storage


@deconstructible
class RandomName:
    """``upload_to`` for private files: ``<folder>/<uuid4>.<extension>``.

    The extension is taken from the name the upload check gave the file (``clean_pdf``
    names it ``….pdf``); an extension outside :data:`EXTENSIONS` becomes ``.bin``.
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder.strip("/")

    def __call__(self, instance: Any, filename: str) -> str:
        return random_name(self.folder, filename)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


def random_name(folder: str, filename: str) -> str:
    extension = PurePosixPath(filename or "").suffix.lower().lstrip(".")
    if extension == "jpeg":
        extension = "jpg"
    if extension not in EXTENSIONS:
        extension = "bin"
    return f"{folder.strip('/')}/{uuid.uuid4().hex}.{extension}"


def content_type(name: str) -> str:
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    return EXTENSIONS.get(extension) or "application/octet-stream"


def serve(field_file: FieldFile, *, download_name: str) -> HttpResponse:
    """The file as a download. Call it only after the owning app's permission check.

    ``download_name`` is the name the browser saves it as (ASCII is safest, e.g.
    ``nachweis-12.pdf``); its extension is replaced by the stored file's.
    """
    if not field_file:
        raise Http404
    name = field_file.name or ""
    stored = PurePosixPath(name)
    if stored.is_absolute() or ".." in stored.parts:
        raise Http404
    download = str(PurePosixPath(download_name).with_suffix(stored.suffix))
    mode = accel_mode()
    if mode is None:
        try:
            handle = field_file.storage.open(name, "rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        # A streaming response; typed as HttpResponse for the views' signatures.
        response = cast(HttpResponse, FileResponse(handle, content_type=content_type(name)))
    else:
        if not field_file.storage.exists(name):
            raise Http404
        response = HttpResponse(content_type=content_type(name))
        if mode == "x-accel":
            response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_ACCEL_PREFIX + name
        else:
            response["X-Sendfile"] = field_file.storage.path(name)
    response["Content-Type"] = content_type(name)
    response["Content-Disposition"] = content_disposition(download, attachment=True)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def accel_mode() -> str | None:
    mode = getattr(settings, "PRIVATE_MEDIA_ACCEL", None) or None
    if mode is not None and mode not in ACCEL_MODES:
        raise ImproperlyConfigured(
            f"PRIVATE_MEDIA_ACCEL must be one of {sorted(ACCEL_MODES)} or empty, not {mode!r}."
        )
    return mode


def delete_file(field_file: FieldFile | None) -> None:
    """Delete the stored file behind a field once the transaction commits (at once
    outside one), so a rolled-back deletion keeps its file."""
    if field_file and field_file.name:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


class PrivateFileField(models.FileField):
    """A ``FileField`` in private storage under random names in ``folder``, whose file
    is deleted with its row (also when the row goes by a cascade, e.g. with its
    family's account)."""

    def __init__(self, *args: Any, folder: str = "", **kwargs: Any) -> None:
        self.folder = folder.strip("/")
        kwargs["storage"] = private_storage
        kwargs["upload_to"] = RandomName(self.folder)
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("storage", None)
        kwargs.pop("upload_to", None)
        kwargs.pop("max_length", None)
        kwargs["folder"] = self.folder
        return name, path, args, kwargs

    def contribute_to_class(self, cls: type[models.Model], name: str, **kwargs: Any) -> None:  # type: ignore[override]
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            signals.post_delete.connect(_delete_private_files, sender=cls)


def private_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, PrivateFileField)]


def _delete_private_files(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    for name in private_fields(sender):
        delete_file(getattr(instance, name))
