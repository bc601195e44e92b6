"""The start page's section of open surveys ("Ihre Meinung ist gefragt")."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from familienrathaus.core.home import HomeSection, register
from familienrathaus.surveys.selectors import answering as selectors


def _context(request: HttpRequest) -> dict[str, Any]:
    return {"open_surveys": selectors.open_surveys(4)}


register(
    HomeSection(
        "surveys/public/home_section.html",
        order=35,
        context=_context,
        head_template="surveys/public/home_head.html",
    )
)
