"""Factories for the tests of the printed guide and the QR postcards."""

from __future__ import annotations

import re
import subprocess
import zlib
from datetime import time
from pathlib import Path
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from familienrathaus.core.models import Audience, Theme
from familienrathaus.offers.models import Offer, OfferLocation, OfferTime
from familienrathaus.postcards.models import Postcard
from tests.factories import OrganisationFactory


def theme(slug: str) -> Theme:
    return Theme.objects.get(slug=slug)


def audience(slug: str) -> Audience:
    return Audience.objects.get(slug=slug)


HEALTH = "gesundheit"
EDUCATION = "bildung-und-betreuung"
EARLY_HELP = "schwangere-und-junge-eltern-fruhe-hilfen"


class GuideOfferFactory(DjangoModelFactory):
    """A published offer with a weekly time and a place; ``themes=[…]``, ``audiences=[…]``."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Krabbelgruppe Sonnenschein {n}")
    slug = factory.Sequence(lambda n: f"krabbelgruppe-sonnenschein-{n}")
    summary = "Eltern mit Kindern bis drei Jahre treffen sich zum Spielen."
    phone = "01234 56789"
    status = Offer.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(obj: Offer, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.themes.set(extracted if extracted is not None else [theme(HEALTH)])

    @factory.post_generation
    def audiences(obj: Offer, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.audiences.set(extracted)

    @factory.post_generation
    def details(obj: Offer, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            OfferTime.objects.create(offer=obj, weekday=1, opens=time(9), closes=time(11))
            OfferLocation.objects.create(
                offer=obj, street="Marktstraße 5", postcode="12345", city="Musterstadt"
            )


class PostcardFactory(DjangoModelFactory):
    class Meta:
        model = Postcard

    code = factory.Sequence(lambda n: f"test{n:02d}")
    target_path = "/angebote/"
    headline = "Frühe Hilfen für Ihre Familie"
    text = "Fragen rund um Schwangerschaft und Baby? Hier finden Sie Rat."


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
