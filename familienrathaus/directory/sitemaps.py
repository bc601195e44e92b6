"""The directory host's ``/sitemap.xml``: its pages in each of the six languages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from familienrathaus.directory import selectors


class _InEveryLanguage(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(_InEveryLanguage):
    priority = 0.8

    def items(self) -> list[str]:
        return ["directory:home", "directory:upcoming"]

    def location(self, item: str) -> str:
        return reverse(item)


class AllianceSitemap(_InEveryLanguage):
    def items(self) -> list[str]:
        return [entry.alliance.slug for entry in selectors.listings()]

    def location(self, item: str) -> str:
        return reverse("directory:alliance", kwargs={"slug": item})


SITEMAPS: dict[str, Sitemap] = {"pages": PageSitemap(), "alliances": AllianceSitemap()}
