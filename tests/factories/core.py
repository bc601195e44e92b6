"""Factories and helpers for the models of ``core``: users, legal pages, feedback,
outbox rows, audit entries, districts, and the seeded vocabularies.

Users are created through ``User.objects.create_user`` (the one write path, which
also validates), with a verified primary e-mail address so they can log in through
allauth, and the password ``DEFAULT_PASSWORD``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import factory
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model, Q
from factory.django import DjangoModelFactory
from PIL import Image

from familienrathaus.core import audit
from familienrathaus.core.models import (
    AccessibilityFeedback,
    Audience,
    AuditEntry,
    District,
    LegalPage,
    OutboxMessage,
    Theme,
    User,
)
from familienrathaus.core.models.users import Role
from tests.factories.documents import pdf_bytes

DEFAULT_PASSWORD = "Kastanienallee-17-Test"
# Base32 secret of the coordinators' authenticator (the ``coordinator`` fixture).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
BERLIN = ZoneInfo("Europe/Berlin")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """``day`` at ``hour:minute`` on the town's clock (Europe/Berlin)."""
    return datetime.combine(day, time(hour, minute)).replace(tzinfo=BERLIN)


# --------------------------------------------------------------------------- users


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.FAMILY
    password = DEFAULT_PASSWORD

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        email = kwargs.pop("email")
        password = kwargs.pop("password")
        return model_class.objects.create_user(email, password, **kwargs)

    @factory.post_generation
    def verified_email(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``UserFactory(verified_email=False)`` leaves the address unverified."""
        if create:
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=extracted is not False
            )


# --------------------------------------------------------------------------- pages, mail, audit


class LegalPageFactory(DjangoModelFactory):
    class Meta:
        model = LegalPage
        django_get_or_create = ("kind",)

    kind = LegalPage.Kind.IMPRINT
    title = factory.LazyAttribute(lambda page: LegalPage.Kind(page.kind).label)
    body = "## Angaben\n\nFamilienbüro, Rathausplatz 1"


class AccessibilityFeedbackFactory(DjangoModelFactory):
    class Meta:
        model = AccessibilityFeedback

    message = factory.Sequence(lambda n: f"Der Kontrast auf Seite {n} ist zu schwach.")
    page_url = "/"


class OutboxMessageFactory(DjangoModelFactory):
    """A row only, without a task: for tests of the views, not of the delivery."""

    class Meta:
        model = OutboxMessage

    from_email = "Familienrathaus <noreply@example.org>"
    to = factory.List(["eltern@example.org"])
    subject = factory.Sequence(lambda n: f"Nachricht {n}")
    body_text = "Hallo"
    message_id = factory.Sequence(lambda n: f"<factory.{n}@example.org>")


class AuditEntryFactory(DjangoModelFactory):
    class Meta:
        model = AuditEntry

    actor = None
    # As core.audit writes it: role and pseudonym, never the address.
    actor_label = factory.LazyAttribute(
        lambda e: audit.actor_label(e.actor) if e.actor else "system"
    )
    action = "thing.update"
    object_type = "core.thing"
    object_id = "1"
    object_repr = factory.Sequence(lambda n: f"Objekt {n}")

    @classmethod
    def _create(cls, model_class: type[AuditEntry], *args: Any, **kwargs: Any) -> AuditEntry:
        # created_at is auto_now_add: set a given time afterwards.
        created_at: datetime | None = kwargs.pop("created_at", None)
        entry = super()._create(model_class, *args, **kwargs)
        if created_at is not None:
            model_class.objects.filter(pk=entry.pk).update(created_at=created_at)
            entry.refresh_from_db()
        return entry


# --------------------------------------------------------------------------- vocabularies


class DistrictFactory(DjangoModelFactory):
    """A district, found by its slug if it exists already."""

    class Meta:
        model = District
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Ortsteil {n}")
    slug = factory.Sequence(lambda n: f"ortsteil-{n}")


def theme(key: str = "gesundheit") -> Theme:
    """A seeded theme, by slug or by name ("gesundheit" or "Gesundheit")."""
    return Theme.objects.get(Q(slug=key) | Q(name=key))


def audience(key: str) -> Audience:
    """A seeded audience, by slug or by name."""
    return Audience.objects.get(Q(slug=key) | Q(name=key))


def district(name: str = "Altstadt") -> District:
    """The district called ``name``, created if it does not exist yet."""
    found, _ = District.objects.get_or_create(
        name=name, defaults={"slug": name.lower().replace(" ", "-").replace("ü", "ue")}
    )
    return found


def terms(model: type[Model], values: Iterable[Any]) -> list[Any]:
    """Vocabulary rows from objects or slugs (districts given by slug are created)."""
    values = list(values)
    objects = [value for value in values if not isinstance(value, str)]
    slugs = [value for value in values if isinstance(value, str)]
    if model is District:
        objects += [DistrictFactory(slug=slug, name=slug.title()) for slug in slugs]
    elif slugs:
        objects += list(model._default_manager.filter(slug__in=slugs))
    return objects


# --------------------------------------------------------------------------- uploads


def png_upload(
    name: str = "bild.png",
    size: tuple[int, int] = (40, 30),
    colour: tuple[int, int, int] | str = (200, 80, 40),
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def jpeg_with_gps(name: str = "foto.jpg") -> SimpleUploadedFile:
    """A JPEG with EXIF data (a GPS position and a camera serial number)."""
    image = Image.new("RGB", (40, 30), (10, 120, 200))
    exif = Image.Exif()
    exif[0xA431] = "SERIAL-4711"  # BodySerialNumber
    exif[0x8825] = {1: "N", 2: (51.0, 24.0, 3.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf_upload(name: str = "flyer.pdf", size: int = 0) -> SimpleUploadedFile:
    """A real one-page PDF (uploads are parsed); with ``size``, exactly that long."""
    return SimpleUploadedFile(name, pdf_bytes(size), content_type="application/pdf")
