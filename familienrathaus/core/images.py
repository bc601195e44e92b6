"""Responsive renditions of public pictures: WebP at a few widths, made when a picture
is saved, removed with it, shown by one template tag.

A model declares its public picture with :class:`PictureField` and two companion
fields for the original's size::

    image = images.PictureField(_("image"), upload_to="events/images/", blank=True,
                                width_field="image_width", height_field="image_height")
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

and a template shows it with ``{% load images %}{% picture event.image alt=event.image_alt
sizes="(min-width: 48em) 45rem, 100vw" priority=True %}`` (see ``templatetags/images.py``).

How it works, and why it is done by hand with Pillow rather than by a library:

- **Made on save, never on a page view.** ``PictureField.pre_save`` stores the upload
  (as ``ImageField`` does), then, if the renditions of this name are not there yet,
  opens the original once, records its width and height in the companion fields and
  writes a WebP per width of :data:`WIDTHS` narrower than the original, plus one at the
  original's width if it is narrower than the widest (never an upscale). Every write
  path (a service assigning an upload, ``FieldFile.save``, a reviewed proposal's stored
  name set on approval, the demo, the admin) goes through ``Model.save()``, so no
  service has to remember a step. A page view reads no file and asks the storage
  nothing: the rendition names follow from the original's name and the stored width.
- **Removed with the picture.** The field's storage (:class:`PictureStorage`, the default
  storage plus this) deletes the renditions whenever the original is deleted, by
  whichever path the app deletes it (``FieldFile.delete``, ``field.storage.delete``).
  A picture replaced or cleared on save, or whose row is deleted, is deleted (with its
  renditions) after the transaction commits, unless another row of the model still
  shows it (a copied event, say).
- **Names never reused.** A new upload's name gets a random token
  (``spielplatz-3f9a2c1b.jpg``), so a name, and so every rendition name
  (``spielplatz-3f9a2c1b.640w.webp``), stands for one picture forever: the proxy may cache
  ``/media/…/*.<width>w.webp`` for a year as immutable.
- The libraries considered: sorl-thumbnail and easy-thumbnails make thumbnails on the
  first page view and keep a key-value store or table of them (a query or cache look-up
  per picture per view); django-imagekit's ``ImageSpecField`` asks the storage whether the
  file exists on each render (its "optimistic" strategy makes them on save, but nothing
  deletes them). We already decode every upload with Pillow (``core.uploads``); the
  renditions are a few lines more, with no state of their own.

Pictures stored before this existed have no width yet: ``manage.py make_renditions``
makes theirs; until then the tag shows the original without ``srcset``.
"""

from __future__ import annotations

import io
import logging
import os
import re
import secrets
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from django.core import checks
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, default_storage
from django.db import models, transaction
from django.db.models import signals
from django.db.models.fields.files import ImageFieldFile
from django.utils.deconstruct import deconstructible
from PIL import Image, ImageOps, UnidentifiedImageError, features

logger = logging.getLogger(__name__)

# Widths in CSS pixels times device pixel ratio: a logo in a card (160), a phone at 1x/2x
# (320/640), a tablet or a phone at 3x (960), a desktop column at 2x (1280).
WIDTHS: tuple[int, ...] = (160, 320, 640, 960, 1280)
WEBP_QUALITY = 80
_LOADED = "_picture_names_loaded"
_REPLACED = "_picture_names_replaced"
_RENDITION = re.compile(r"^(?P<stem>.+)\.(?P<width>\d+)w\.webp$")


def widths_for(original_width: int | None) -> list[int]:
    """The widths of the renditions of a picture this wide: every width of :data:`WIDTHS`
    narrower than it, and its own width if that is narrower than the widest."""
    if not original_width:
        return []
    widths = [w for w in WIDTHS if w < original_width]
    if original_width <= WIDTHS[-1]:
        widths.append(original_width)
    return widths


def rendition_name(name: str, width: int) -> str:
    """``offers/images/spiel-3f9a2c1b.jpg`` at 640 → ``offers/images/spiel-3f9a2c1b.640w.webp``."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{width}w.webp"))


def rendition_names(name: str, original_width: int | None) -> list[tuple[str, int]]:
    return [(rendition_name(name, w), w) for w in widths_for(original_width)]


def make_renditions(storage: Storage, name: str) -> tuple[int, int] | None:
    """Write the WebP renditions of the stored picture ``name``; its (width, height), or
    None if it is missing or no picture (nothing is written then)."""
    try:
        with storage.open(name, "rb") as stored, Image.open(stored) as opened:
            opened.load()
            picture = ImageOps.exif_transpose(opened)
    except (FileNotFoundError, UnidentifiedImageError, OSError, ValueError) as exc:
        logger.warning("No renditions for %s: %s", name, exc)
        return None
    width, height = picture.size
    if picture.mode not in ("RGB", "RGBA"):
        has_alpha = "A" in picture.mode or "transparency" in picture.info
        picture = picture.convert("RGBA" if has_alpha else "RGB")
    for target, w in rendition_names(name, width):
        size = (w, max(1, round(height * w / width)))
        if size == picture.size:
            scaled = picture
        else:  # reducing_gap: a quick box reduction first, then Lanczos (same look)
            scaled = picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        output = io.BytesIO()
        scaled.save(output, format="WEBP", quality=WEBP_QUALITY, method=4)
        if storage.exists(target):
            storage.delete(target)
        stored_as = storage.save(target, ContentFile(output.getvalue()))
        if stored_as != target:  # a storage that renames: keep no stray copy
            storage.delete(stored_as)
            logger.warning("The storage renamed the rendition %s to %s", target, stored_as)
    return width, height


def delete_renditions(storage: Storage, name: str) -> None:
    """Delete every rendition of the picture ``name`` (whatever its widths were)."""
    path = PurePosixPath(name)
    folder = "" if str(path.parent) == "." else str(path.parent)
    try:
        files = storage.listdir(folder)[1]
    except (FileNotFoundError, NotImplementedError):
        return
    for file_name in files:
        match = _RENDITION.match(file_name)
        if match and match["stem"] == path.stem:
            storage.delete(f"{folder}/{file_name}" if folder else file_name)


@deconstructible(path="familienrathaus.core.images.PictureStorage")
class PictureStorage(Storage):
    """The default storage (``STORAGES["default"]``, followed when tests change it), whose
    ``delete`` also deletes the picture's renditions."""

    def _wrapped(self) -> Storage:
        return default_storage

    def delete(self, name: str) -> None:
        if not name:
            return
        self._wrapped().delete(name)
        if _RENDITION.match(PurePosixPath(name).name) is None:
            delete_renditions(self._wrapped(), name)

    def _open(self, name: str, mode: str = "rb") -> File:
        return self._wrapped().open(name, mode)

    def _save(self, name: str, content: Any) -> str:
        return str(self._wrapped().save(name, content))

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        return str(self._wrapped().save(name, content, max_length=max_length))

    def get_valid_name(self, name: str) -> str:
        return str(self._wrapped().get_valid_name(name))

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return str(self._wrapped().get_available_name(name, max_length=max_length))

    def generate_filename(self, filename: str | os.PathLike[str]) -> str:
        return str(self._wrapped().generate_filename(filename))

    def exists(self, name: str) -> bool:
        return bool(self._wrapped().exists(name))

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self._wrapped().listdir(path)

    def size(self, name: str) -> int:
        return int(self._wrapped().size(name))

    def url(self, name: str | None) -> str:
        return str(self._wrapped().url(name))

    def path(self, name: str) -> str:
        return str(self._wrapped().path(name))

    def get_modified_time(self, name: str) -> Any:
        return self._wrapped().get_modified_time(name)


picture_storage = PictureStorage()


class PictureFieldFile(ImageFieldFile):
    @property
    def original_width(self) -> int | None:
        field: PictureField = self.field  # type: ignore[assignment]
        return getattr(self.instance, field.width_field, None) if field.width_field else None

    @property
    def original_height(self) -> int | None:
        field: PictureField = self.field  # type: ignore[assignment]
        return getattr(self.instance, field.height_field, None) if field.height_field else None

    def renditions(self) -> list[tuple[str, int]]:
        """(URL, width) of each rendition, narrowest first; empty if none were made."""
        if not self.name:
            return []
        return [
            (self.storage.url(name), w)
            for name, w in rendition_names(self.name, self.original_width)
        ]


class PictureField(models.ImageField):
    """An ``ImageField`` whose pictures get WebP renditions on save (see the module).

    ``width_field`` and ``height_field`` name the companion fields; unlike Django's
    ``ImageField`` they are filled only on save, so loading a row never opens its file.
    """

    attr_class = PictureFieldFile
    width_field: str | None
    height_field: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("storage", picture_storage)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("storage", None)
        return name, path, args, kwargs

    def update_dimension_fields(
        self, instance: Any, force: bool = False, *a: Any, **k: Any
    ) -> None:
        """Django calls this on loading a row and on assignment; we measure in ``pre_save``."""

    def contribute_to_class(  # type: ignore[override]  # the stubs disagree with themselves
        self, cls: type[models.Model], name: str, **kwargs: Any
    ) -> None:
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            signals.post_init.connect(self._remember, sender=cls)
            signals.post_save.connect(self._after_save, sender=cls)
            signals.post_delete.connect(self._after_delete, sender=cls)

    def _remember(self, instance: Any, **kwargs: Any) -> None:
        """The stored name as loaded, to see on save whether the picture was replaced."""
        value = instance.__dict__.get(self.attname)
        if isinstance(value, str):
            instance.__dict__.setdefault(_LOADED, {})[self.attname] = value

    def generate_filename(self, instance: Any, filename: str | os.PathLike[str]) -> str:
        path = PurePosixPath(filename)
        token = secrets.token_hex(4)
        return str(super().generate_filename(instance, f"{path.stem[:60]}-{token}{path.suffix}"))

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        file = super().pre_save(model_instance, add)
        self._render(model_instance, file)
        loaded = model_instance.__dict__.setdefault(_LOADED, {})
        old, new = loaded.get(self.attname), (file.name if file else "") or ""
        if old and old != new:
            model_instance.__dict__.setdefault(_REPLACED, {})[self.attname] = old
        loaded[self.attname] = new
        return file

    def _after_save(self, instance: Any, **kwargs: Any) -> None:
        old = instance.__dict__.get(_REPLACED, {}).pop(self.attname, None)
        if old:
            self._delete_later(old, kwargs.get("using"))

    def _after_delete(self, instance: Any, **kwargs: Any) -> None:
        name = instance.__dict__.get(self.attname)
        name = getattr(name, "name", name)
        if name and isinstance(name, str):
            self._delete_later(name, kwargs.get("using"))

    def _delete_later(self, name: str, using: str | None) -> None:
        """Delete the picture ``name`` and its renditions once the transaction commits,
        unless a row still shows it."""
        manager = self.model._base_manager.using(using)

        def delete() -> None:
            if not manager.filter(**{self.attname: name}).exists():
                self.storage.delete(name)

        transaction.on_commit(delete, using=using)

    def _render(self, instance: Any, file: PictureFieldFile) -> None:
        width_field, height_field = self.width_field, self.height_field
        if not file or not file.name:
            for companion in (width_field, height_field):
                if companion:
                    setattr(instance, companion, None)
            return
        names = rendition_names(file.name, file.original_width)
        if names and self.storage.exists(names[0][0]):
            return  # renditions of this picture are there
        size = make_renditions(self.storage, file.name)
        if width_field:
            setattr(instance, width_field, size[0] if size else None)
        if height_field:
            setattr(instance, height_field, size[1] if size else None)


def picture_fields(model: type[models.Model]) -> Sequence[PictureField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, PictureField)]


def size_field() -> models.PositiveIntegerField[Any, Any]:
    """A companion field of a :class:`PictureField`: the original's width or height."""
    return models.PositiveIntegerField(null=True, blank=True, editable=False)


@checks.register()
def check_webp(**kwargs: Any) -> list[checks.CheckMessage]:
    """Renditions are WebP: a Pillow built without libwebp would refuse every upload."""
    if features.check("webp"):
        return []
    return [
        checks.Error(
            "Pillow cannot write WebP here, so uploaded pictures get no renditions.",
            hint="Install a Pillow wheel from PyPI (it bundles libwebp) or build it with libwebp.",
            id="core.E101",
        )
    ]
