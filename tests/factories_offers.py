"""Factories and helpers for the offers tests."""

from __future__ import annotations

import io
from datetime import time
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory
from PIL import Image

from familienrathaus.core.models import Audience, District, Language, Theme
from familienrathaus.offers.models import Offer, OfferLocation, OfferTime
from tests.factories import OrganisationFactory


def theme(name: str = "Gesundheit") -> Theme:
    return Theme.objects.get(name=name)


def district(name: str = "Altstadt") -> District:
    found, _ = District.objects.get_or_create(
        name=name, defaults={"slug": name.lower().replace(" ", "-").replace("ü", "ue")}
    )
    return found


class OfferFactory(DjangoModelFactory):
    """A draft unless ``status`` says otherwise; with the theme "Gesundheit"."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Elterncafé Nummer {n}")
    slug = factory.Sequence(lambda n: f"elterncafe-nummer-{n}")
    summary = "Ein offener Treff für Eltern mit Kindern bis drei Jahre."
    description = "Jeden Dienstag bei **Kaffee** und Keksen."
    status = Offer.Status.DRAFT

    @factory.post_generation
    def themes(obj: Offer, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.themes.set(extracted if extracted is not None else [theme()])


def published(**kwargs: Any) -> Offer:
    from django.utils import timezone

    kwargs.setdefault("published_at", timezone.now())
    return OfferFactory(status=Offer.Status.PUBLISHED, **kwargs)


def add_details(offer: Offer) -> Offer:
    """Times, a location, audiences and languages, as a real offer has."""
    OfferTime.objects.create(offer=offer, weekday=1, opens=time(9), closes=time(11), note="")
    OfferLocation.objects.create(
        offer=offer,
        label="Familienzentrum",
        street="Marktstraße 5",
        postcode="12345",
        city="Musterstadt",
        district=district(),
        latitude="51.401000",
        longitude="7.190000",
    )
    offer.audiences.set([Audience.objects.get(name="Alleinerziehende")])
    offer.languages.set(Language.objects.filter(code__in=["de", "tr"]))
    offer.districts.set([district()])
    return offer


def png_upload(name: str = "bild.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format="PNG")
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
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        body = body + b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def form_data(**changes: Any) -> dict[str, Any]:
    """A complete, valid POST of the offer form with empty formsets."""
    data: dict[str, Any] = {
        "title": "Stillberatung im Familienzentrum",
        "summary": "Hebammen beraten Sie rund ums Stillen.",
        "description": "Bringen Sie gern Ihr Baby mit.",
        "themes": [str(theme().pk)],
        "audiences": [],
        "languages": [],
        "districts": [],
        "accessibility": [],
        "age_min": "",
        "age_max": "",
        "cost": "free",
        "cost_note": "",
        "online_url": "",
        "phone": "",
        "email": "",
        "times_note": "",
        "valid_from": "",
        "valid_until": "",
    }
    for prefix in ("times", "locations", "images", "attachments"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    data.update(changes)
    return data


def with_rows(
    data: dict[str, Any], prefix: str, rows: list[dict[str, Any]], initial: int = 0
) -> dict[str, Any]:
    data = dict(data)
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = str(initial)
    for number, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{number}-{key}"] = value
    return data
