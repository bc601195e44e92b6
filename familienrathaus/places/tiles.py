"""The map's back-office tiles and its entry in the main navigation."""

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.backoffice import Tile, register
from familienrathaus.core.navigation import NavItem
from familienrathaus.core.navigation import register as register_nav
from familienrathaus.places import permissions

register_nav(NavItem(_("Map"), "places:map", order=35))

register(
    Tile(
        _("Places on the map"),
        _("Notinseln, nursing and changing places and family places: hours, import, export."),
        "places:backoffice_list",
        permissions.can_manage_places,
        order=45,
    )
)
register(
    Tile(
        _("Notinsel registry"),
        _("Applications, approval, stickers and the yearly check of the Notinseln."),
        "places:notinseln",
        permissions.can_manage_notinseln,
        order=46,
    )
)
register(
    Tile(
        _("Kinds of places"),
        _("The kinds of places on the map and their icons."),
        "places:kinds",
        permissions.can_manage_kinds,
        order=47,
    )
)
