"""Template tags of the news app for other apps' pages (Open Graph images)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from familienrathaus.news import socialkit

register = template.Library()


@register.simple_tag
def share_image_url(kind: str, pk: int) -> str:
    """The absolute address of the public picture card (PNG, 1080×1080) of a published
    offer, event or news post, e.g. ``{% share_image_url "offer" offer.pk as og_image %}``;
    empty for a kind the social-media kit does not know."""
    if socialkit.source(kind) is None:
        return ""
    return socialkit.absolute(reverse("news:share_card", args=[kind, pk]))
