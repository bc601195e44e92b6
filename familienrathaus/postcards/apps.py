from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostcardsConfig(AppConfig):
    name = "familienrathaus.postcards"
    label = "postcards"
    verbose_name = _("QR postcards")
    # An optional part of the site (core.parts): its URL namespaces.
    part_namespaces = ("postcards",)

    def ready(self) -> None:
        from familienrathaus.core.backoffice import Section, Tile, register
        from familienrathaus.postcards import permissions

        register(
            Tile(
                _("QR postcards"),
                _("Print-ready A6 cards with a QR code that leads to a page of this site."),
                "postcards:list",
                permissions.can_manage_postcards,
                order=46,
                section=Section.COMMUNICATION,
            )
        )
