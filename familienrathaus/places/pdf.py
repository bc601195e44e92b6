"""Print documents of the map (WeasyPrint via ``guide.printing``): the Notinsel poster
with its sticker and QR code, and the list of places of one district."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models import District
from familienrathaus.guide.printing import qr_image, render_pdf
from familienrathaus.places import hours, selectors
from familienrathaus.places.models import Notinsel, Place

STYLESHEETS = ["places/print.css"]


def render_sticker(notinsel: Notinsel, *, info_url: str) -> bytes:
    """An A4 poster for the shop window: the Notinsel sign, the business, a QR code."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "places/pdf/sticker.html",
            {
                "notinsel": notinsel,
                "site": core_selectors.site_settings(),
                "qr": qr_image(info_url),
                "address": info_url.split("://", 1)[-1],
                "language": translation.get_language(),
            },
        )
    return render_pdf(html, stylesheets=STYLESHEETS).content


def render_district_list(district: District, places: Sequence[Place]) -> bytes:
    rows = [
        (
            place,
            hours.format_intervals(selectors.intervals(place)),
            ", ".join(kind.name for kind in place.kinds.all()),
        )
        for place in places
    ]
    with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
        html = render_to_string(
            "places/pdf/district.html",
            {
                "district": district,
                "rows": rows,
                "site": core_selectors.site_settings(),
                "language": translation.get_language(),
                "now": hours.local_now(),
            },
        )
    return render_pdf(html, stylesheets=STYLESHEETS).content
