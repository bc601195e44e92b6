"""The page's only stylesheet beside its bundle: the alliance's colours, inlined."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from familienrathaus.core import colours
from familienrathaus.core.csp import allow_inline_style

register = template.Library()

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
DEFAULT_COLOUR = "#0b5394"


@register.simple_tag(takes_context=True)
def theme_style(context: dict[str, Any], primary: str) -> SafeString:
    """``<style>`` with the theme's CSS variables, allowed by its hash in the page's CSP."""
    if not HEX_COLOUR.fullmatch(primary or ""):
        primary = DEFAULT_COLOUR
    css = colours.theme_css(primary)
    request = context.get("request")
    if request is not None:
        allow_inline_style(request, css)
    return format_html("<style>{}</style>", SafeString(css))
