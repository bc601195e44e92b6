"""The offers app's back-office tiles and its entry in the main navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from familienrathaus.core.backoffice import Tile, register
from familienrathaus.core.home import HomeSection
from familienrathaus.core.home import register as register_home
from familienrathaus.core.models import Theme
from familienrathaus.core.navigation import NavItem
from familienrathaus.core.navigation import register as register_nav
from familienrathaus.offers import permissions, selectors


def _review_description() -> str:
    """Counted when the dashboard is shown, not at start-up (hence ``lazy``)."""
    waiting = selectors.review_queue_count()
    notices = selectors.open_notice_count()
    parts = [
        ngettext("%(count)s offer waits for review.", "%(count)s offers wait for review.", waiting)
        % {"count": waiting}
    ]
    if notices:
        parts.append(
            ngettext("%(count)s notice about an offer.", "%(count)s notices about offers.", notices)
            % {"count": notices}
        )
    return " ".join(parts)


def _all_offers_description() -> str:
    stale = selectors.stale_offers().count()
    text = _("All offers of all partners, with filters and download.")
    if stale:
        text += " " + ngettext(
            "%(count)s offer is stale (not confirmed for 15 months).",
            "%(count)s offers are stale (not confirmed for 15 months).",
            stale,
        ) % {"count": stale}
    return text


register_nav(NavItem(gettext_lazy("Family guide"), "offers:list", order=10))


def _home_context(request: HttpRequest) -> dict[str, Any]:
    return {"themes": list(Theme.objects.all())}


register_home(HomeSection("offers/home_section.html", order=10, context=_home_context))

register(
    Tile(
        gettext_lazy("My offers"),
        gettext_lazy("Write and update the offers of your organisation and submit them."),
        "offers:backoffice_list",
        permissions.can_manage_own_offers,
        order=1,
    )
)
register(
    Tile(
        gettext_lazy("Review offers"),
        lazy(_review_description, str)(),
        "offers:review_queue",
        permissions.can_review_offers,
        order=2,
    )
)
register(
    Tile(
        gettext_lazy("All offers"),
        lazy(_all_offers_description, str)(),
        "offers:backoffice_list",
        permissions.can_review_offers,
        order=3,
    )
)
