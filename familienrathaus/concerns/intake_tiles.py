"""The intake's entries: "Anliegen" in the main navigation, "My concerns" in the
account, a short start-page section and the back-office tile "enter a call or visit" (the
settings are linked from the desk)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familienrathaus.concerns import permissions
from familienrathaus.core.backoffice import Section, Tile, register
from familienrathaus.core.home import HomeSection
from familienrathaus.core.home import register as register_home
from familienrathaus.core.navigation import NavItem, register_account
from familienrathaus.core.navigation import register as register_nav

register_nav(NavItem(_("Concerns"), "concerns:submit", order=64))
register_account(NavItem(_("My concerns"), "concerns:mine", order=30))
register_home(HomeSection("concerns/public/home_section.html", order=70))
register(
    Tile(
        _("Enter a call or visit"),
        _("Write down a concern a family brought by phone or in person."),
        "concerns:staff-entry",
        permissions.can_use_desk,
        order=39,
        section=Section.COMMUNICATION,
    )
)
