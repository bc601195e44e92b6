"""``/sitemap.xml``: every public page in each of the six languages.

Django's sitemaps with ``i18n=True`` list each page once per language (``/angebote/``,
``/en/angebote/``, …), each with ``<xhtml:link rel="alternate" hreflang>`` to the
others and ``x-default`` (German), as the ``<head>`` of the pages does
(``core.i18n.alternates``). Lists and detail pages of published content only: the back
office, accounts, forms' result pages and secret links stay out.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Model
from django.urls import reverse

from familienrathaus.core import parts
from familienrathaus.core.i18n import offered_languages
from familienrathaus.guide.selectors import published_offers
from familienrathaus.holidays.selectors import visible_periods
from familienrathaus.news.selectors import published_posts
from familienrathaus.partners.selectors import public_organisations
from familienrathaus.places.models import Place

PUBLIC_PAGES = [
    "core:home",
    "offers:list",
    "partners:list",
    "events:list",
    "holidays:index",
    "places:map",
    "places:notinsel_info",
    "news:list",
    "news:publications",
    "newsletter:subscribe",
    "ideas:list",
    "concerns:submit",
    "employers:public-list",
    "employers:verify-lookup",
    "welcome:landing",
]


class _InEveryLanguage(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    @property
    def languages(self) -> list[str]:  # type: ignore[override]
        """The languages the alliance offers (core.i18n)."""
        return offered_languages()


class PageSitemap(_InEveryLanguage):
    """The start page and the public lists."""

    priority = 0.8

    def items(self) -> list[str]:
        return [name for name in PUBLIC_PAGES if parts.url_name_used(name)]

    def location(self, item: str) -> str:
        return reverse(item)


class ContentSitemap(_InEveryLanguage):
    """Published content with its own page (``get_absolute_url``)."""

    def __init__(self, items: Any, *, namespace: str) -> None:
        self._items_of = items
        self.namespace = namespace

    def items(self) -> list[Model]:
        if not parts.namespace_used(self.namespace):  # a part the alliance does not use
            return []
        return list(self._items_of())


SITEMAPS: dict[str, Sitemap] = {
    "pages": PageSitemap(),
    "offers": ContentSitemap(published_offers, namespace="offers"),
    "partners": ContentSitemap(public_organisations, namespace="partners"),
    "holidays": ContentSitemap(visible_periods, namespace="holidays"),
    "news": ContentSitemap(published_posts, namespace="news"),
    "places": ContentSitemap(lambda: Place.objects.filter(is_published=True), namespace="places"),
}
