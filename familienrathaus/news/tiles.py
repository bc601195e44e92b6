"""The news app's tiles, navigation entry and start-page section."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.backoffice import Section, Tile, register
from familienrathaus.core.home import HomeSection
from familienrathaus.core.home import register as register_home
from familienrathaus.core.navigation import NavItem
from familienrathaus.core.navigation import register as register_nav
from familienrathaus.news import permissions, selectors


def _home_context(request: HttpRequest) -> dict[str, Any]:
    return {"posts": selectors.latest_posts(3)}


register_nav(NavItem(_("News"), "news:list", order=60))
register_home(HomeSection("news/home_section.html", order=40, context=_home_context))
register(
    Tile(
        _("News"),
        _("Write news posts, review partners' posts."),
        "news:manage",
        permissions.can_manage_news,
        order=45,
    )
)
register(
    Tile(
        _("Publications"),
        _("Brochures as PDF, with language and size."),
        "news:manage_publications",
        permissions.can_manage_publications,
        order=46,
        section=Section.COMMUNICATION,
    )
)
register(
    Tile(
        _("Social-media kit"),
        _("Post text and a square picture for an offer, event or news post."),
        "news:social_kit",
        permissions.can_use_social_kit,
        order=47,
        section=Section.COMMUNICATION,
    )
)
