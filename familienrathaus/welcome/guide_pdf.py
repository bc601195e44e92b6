"""The family's welcome letter as a PDF (tagged PDF/UA, via ``guide.printing``), in the
family's language: a greeting, the timeline of the first years with its dates, the
links to the federal familienportal and a QR code that opens the guide on a phone.

Like the guide page it shows the child's first name and age, never the address.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from familienrathaus.core import selectors as core_selectors
from familienrathaus.guide.printing import qr_image, render_pdf
from familienrathaus.welcome.models import Registration
from familienrathaus.welcome.selectors import guide as guide_selectors

STYLESHEETS = ["welcome/guide_letter.css"]


def printed_address(url: str) -> str:
    return url.split("://", 1)[-1]


def render_letter(registration: Registration, *, guide_url: str, calendar_url: str) -> bytes:
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        guide = guide_selectors.guide(
            birth_date=registration.birth_date,
            child_first_name=registration.child_first_name,
            district=registration.district,
            with_offers=False,
        )
        html = render_to_string(
            "welcome/guide/letter.html",
            {
                "guide": guide,
                "links": guide_selectors.links(),
                "site": core_selectors.site_settings(),
                "qr": qr_image(guide_url),
                "guide_address": printed_address(guide_url),
                "calendar_address": printed_address(calendar_url),
                "language": translation.get_language(),
            },
        )
    return render_pdf(html, stylesheets=STYLESHEETS).content
