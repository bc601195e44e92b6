"""The certificate as a printable A4 page (tagged PDF/UA, via ``guide.printing``).

It says what the certificate says and nothing more: the number, the employer's name as
printed, the round, the dates, the names of the signatories, the seal, and a QR code
that leads to the public verification page of its number.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from familienrathaus.core import selectors as core_selectors
from familienrathaus.employers import seal
from familienrathaus.employers.models import Certificate
from familienrathaus.employers.services.certificates import verify_url
from familienrathaus.guide.printing import qr_image, render_pdf

STYLESHEETS = ["employers/certificate.css"]


def certificate_seal(certificate: Certificate) -> seal.Seal:
    site = core_selectors.site_settings()
    return seal.layout(
        place=site.municipality or site.alliance_name,
        first_year=certificate.issued_on.year,
        last_year=certificate.valid_until.year,
        colour=site.primary_colour,
    )


def signatories(signed_by: str) -> list[str]:
    """The names to sign above, one per line ("OB …, Koordinatorin …" → two)."""
    return [name.strip() for name in signed_by.replace(";", ",").split(",") if name.strip()]


def printed_address(url: str) -> str:
    return url.split("://", 1)[-1]


def render_certificate(certificate: Certificate, *, language: str | None = None) -> bytes:
    url = verify_url(certificate.number)
    badge = certificate_seal(certificate)
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(
            "employers/pdf/certificate.html",
            {
                "certificate": certificate,
                "signatories": signatories(certificate.signed_by),
                "site": core_selectors.site_settings(),
                "seal_src": "data:image/svg+xml;base64,"
                + base64.b64encode(seal.svg(badge)).decode("ascii"),
                "seal_title": badge.title,
                "qr": qr_image(url),
                "address": printed_address(url),
                "language": translation.get_language(),
            },
        )
    return render_pdf(html, stylesheets=STYLESHEETS).content
