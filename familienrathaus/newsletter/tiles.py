"""The newsletter's tile and navigation entry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.backoffice import Section, Tile, register
from familienrathaus.core.navigation import NavItem
from familienrathaus.core.navigation import register as register_nav
from familienrathaus.newsletter import permissions

register_nav(NavItem(_("Newsletter"), "newsletter:subscribe", order=65))
register(
    Tile(
        _("Familien-Infobrief"),
        _("Compose and send the newsletter; subscribers, bounces, progress."),
        "newsletter:manage_index",
        permissions.can_manage_newsletter,
        order=48,
        section=Section.COMMUNICATION,
    )
)
