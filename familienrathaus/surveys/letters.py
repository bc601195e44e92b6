"""Invitation codes on paper: a PDF of cards (four A6 per A4 page, with cut marks) or of
letters (one A4 page each), every one with its code and a QR code that brings the code
along (``<survey address>?code=<code>``). Also the channels' QR codes as SVG or PNG."""

from __future__ import annotations

import io
from collections.abc import Sequence

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from familienrathaus.core import selectors as core_selectors
from familienrathaus.core import tenancy
from familienrathaus.guide.printing import qr_image, render_pdf
from familienrathaus.surveys.models import InvitationCode, Survey

STYLESHEETS = ["surveys/codes.css"]
LAYOUTS = ("cards", "letters")


def printed_address(url: str) -> str:
    """The address as printed: without "https://", easy to type."""
    return url.split("://", 1)[-1]


def code_url(survey: Survey, code: str) -> str:
    return f"{tenancy.site_url()}{survey.get_absolute_url()}?code={code}"


def render_codes(
    survey: Survey,
    codes: Sequence[InvitationCode],
    *,
    layout: str = "cards",
    language: str | None = None,
) -> bytes:
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(
            "surveys/manage/pdf/codes.html",
            {
                "survey": survey,
                "site": core_selectors.site_settings(),
                "layout": layout if layout in LAYOUTS else "cards",
                "address": printed_address(tenancy.site_url() + survey.get_absolute_url()),
                "cards": [(code.code, qr_image(code_url(survey, code.code))) for code in codes],
                "language": translation.get_language(),
            },
        )
    return render_pdf(html, stylesheets=STYLESHEETS).content


def qr_file(url: str, file_format: str) -> bytes:
    """The QR code of ``url`` as an SVG (any size) or a PNG (large enough for print)."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    if file_format == "svg":
        code.save(out, kind="svg", scale=10, border=4, xmldecl=True, svgns=True, title=url)
    else:
        code.save(out, kind="png", scale=20, border=4)
    return out.getvalue()
