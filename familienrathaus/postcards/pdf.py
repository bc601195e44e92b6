"""The print-ready A6 postcard as a tagged PDF (WeasyPrint)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from familienrathaus.core import selectors as core_selectors
from familienrathaus.guide.printing import qr_image, render_pdf
from familienrathaus.postcards.models import Postcard

STYLESHEETS = ["postcards/postcard.css"]


def printed_address(url: str) -> str:
    """The short address as printed under the QR code: without "https://", easy to type."""
    return url.split("://", 1)[-1]


def render_postcard(postcard: Postcard, *, language: str | None = None) -> bytes:
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(
            "postcards/pdf/postcard.html",
            {
                "postcard": postcard,
                "site": core_selectors.site_settings(),
                "qr": qr_image(postcard.short_url),
                "address": printed_address(postcard.short_url),
                "language": translation.get_language(),
            },
        )
    return render_pdf(html, stylesheets=STYLESHEETS).content
