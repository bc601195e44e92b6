"""``{% language_alternates %}``: the page in every language, for the ``<head>``.

One ``<link rel="alternate" hreflang="…" href="…">`` per site language plus
``x-default`` (German), absolute URLs, from ``core.i18n.alternates``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from familienrathaus.core import i18n
from familienrathaus.core.i18n import alternates

register = template.Library()


@register.simple_tag
def offered_languages() -> list[str]:
    """``{% offered_languages as languages %}``: the codes the header's switch offers."""
    return i18n.offered_languages()


@register.simple_tag(takes_context=True)
def language_alternates(context: dict[str, Any]) -> SafeString:
    request = context.get("request")
    if request is None:
        return SafeString("")
    return format_html_join(
        "\n  ",
        '<link rel="alternate" hreflang="{}" href="{}">',
        alternates(request),
    )
