"""Template helpers of the shared template library (:mod:`familienrathaus.core.library`).

``{% publish_link "survey" survey %}`` renders the link "Publish to the library" on an
app's page (nothing where no library is installed or the user may not publish);
``{{ values|localized }}`` shows a payload's text in the active language.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from familienrathaus.core import library

register = template.Library()


@register.simple_tag(takes_context=True)
def publish_link(context: template.Context, key: str, obj: Any) -> str:
    kind = library.kind(key)
    request = context.get("request")
    if kind is None or request is None or not kind.allowed(request.user):
        return ""
    link = library.publish_link(key, obj)
    if link is None:
        return ""
    url, label = link
    return format_html(
        '<a class="kern-btn kern-btn--secondary" href="{}"><span class="kern-label">{}</span></a>',
        url,
        label,
    )


@register.filter
def localized(values: Any) -> str:
    return library.localized(values)
