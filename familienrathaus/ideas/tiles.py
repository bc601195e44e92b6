"""The ideas app's back-office tile, navigation entry and start-page section."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy, ngettext

from familienrathaus.core.backoffice import Tile, register
from familienrathaus.core.home import HomeSection
from familienrathaus.core.home import register as register_home
from familienrathaus.core.navigation import NavItem
from familienrathaus.core.navigation import register as register_nav
from familienrathaus.ideas import permissions, selectors


def _description() -> str:
    waiting = selectors.waiting_for_review()
    return ngettext(
        "Answer the Familienbeirat's ideas: stage, reason, progress. %(count)s idea waits "
        "for review.",
        "Answer the Familienbeirat's ideas: stage, reason, progress. %(count)s ideas wait "
        "for review.",
        waiting,
    ) % {"count": waiting}


def _home_context(request: HttpRequest) -> dict[str, Any]:
    return {"ideas": selectors.latest_answered(3), "counts": selectors.stage_counts()}


register_nav(NavItem(gettext_lazy("Ideas"), "ideas:list", order=62))
register_home(
    HomeSection(
        "ideas/home_section.html",
        order=45,
        context=_home_context,
    )
)
register(
    Tile(
        gettext_lazy("Ideas of the Familienbeirat"),
        lazy(_description, str)(),
        "ideas:manage",
        permissions.can_moderate,
        order=48,
    )
)
