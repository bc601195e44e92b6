"""The holiday programme's back-office tiles and its entry in the main navigation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.backoffice import Section, Tile, register
from familienrathaus.core.navigation import NavItem
from familienrathaus.core.navigation import register as register_nav
from familienrathaus.holidays import permissions

register_nav(NavItem(_("Holiday fun"), "holidays:index", order=40))

register(
    Tile(
        _("Holiday programme"),
        _("Fill rates, waiting lists, children without a place, fees and invoices."),
        "holidays:dashboard",
        permissions.can_run_programme,
        order=45,
        section=Section.HOLIDAYS,
    )
)
register(
    Tile(
        _("Holiday activities"),
        _("Your holiday activities and their dates, participant lists and attendance."),
        "holidays:organiser",
        permissions.can_organise,
        order=46,
        section=Section.HOLIDAYS,
    )
)
