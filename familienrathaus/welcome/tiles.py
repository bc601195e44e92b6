"""The welcome's entries: "Babybegrüßung" in the main navigation, a start-page section,
and the back-office tiles (registrations, record a registration, settings)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.backoffice import Section, Tile, register
from familienrathaus.core.home import HomeSection
from familienrathaus.core.home import register as register_home
from familienrathaus.core.navigation import NavItem, register_account
from familienrathaus.core.navigation import register as register_nav
from familienrathaus.welcome import permissions

register_nav(NavItem(_("Welcome for newborns"), "welcome:landing", order=45))
register_home(HomeSection("welcome/public/home_section.html", order=55))

for tile in (
    Tile(
        _("Welcome for newborns"),
        _("Registrations of newborns: check, package, appointment, grant."),
        "welcome:desk",
        permissions.can_manage,
        order=50,
        section=Section.CONTENT,
    ),
    # Coordinators reach recording, settings and the Kita wishes from the desk; the
    # Kita office's staff with a back office (partner staff) find their list here.
    Tile(
        _("Kita wishes"),
        _("Families' wishes for a Kita place, for the Kita office: filters, download."),
        "welcome:kita-list",
        permissions.is_kita_office_only,
        order=53,
        section=Section.CONTENT,
    ),
    Tile(
        _("Welcome for newborns: report"),
        _("Registrations, packages, grants paid, first children and languages; CSV/XLSX."),
        "welcome:reports",
        permissions.can_manage,
        order=54,
        section=Section.ADMINISTRATION,
    ),
    # W4: payments of the grant and the cash office's transfer files
    Tile(
        _("Welcome grant: payments"),
        _("Grants paid in cash or by transfer, receipts, SEPA files for the cash office."),
        "welcome:payments",
        permissions.can_manage_payments,
        order=55,
        section=Section.CONTENT,
    ),
):
    register(tile)

# The Kita office's accounts may have any role (no back office): "My account" links them.
register_account(
    NavItem(_("Kita wishes"), "welcome:kita-list", order=60, allowed=permissions.is_kita_office)
)
