"""The workshop's entries elsewhere on the site (imported in ``NetworkConfig.ready()``):
"Bündnis-Werkstatt" in My account (guests have no back office; only for those who may
use the workshop), and the back office's tiles for partner staff and coordinators."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.backoffice import Section, Tile, register
from familienrathaus.core.navigation import NavItem, register_account
from familienrathaus.network import permissions

register_account(
    NavItem(_("Alliance workshop"), "network:home", order=40, allowed=permissions.can_use_workshop)
)
for tile in (
    Tile(
        _("Alliance workshop"),
        _("Your working groups: meetings, minutes, tasks, documents and news."),
        "network:home",
        permissions.can_use_workshop,
        order=20,
        section=Section.COMMUNICATION,
    ),
    Tile(
        _("Groups of the alliance"),
        _("Create groups, manage their members, hand over to a successor."),
        "network:groups",
        permissions.can_manage_groups,
        order=21,
        section=Section.COMMUNICATION,
    ),
    Tile(
        _("Engagement of the partners"),
        _(
            "Attendance at the alliance meetings, partners not seen for a year, "
            "quiet groups; as CSV or Excel."
        ),
        "network:engagement",
        permissions.can_manage_groups,
        order=22,
        section=Section.COMMUNICATION,
    ),
):
    register(tile)
