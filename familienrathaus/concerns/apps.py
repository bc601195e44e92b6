from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "familienrathaus.concerns"
    label = "concerns"
    verbose_name = _("concerns (Anliegen)")
    # An optional part of the site (core.parts): its URL namespaces.
    part_namespaces = ("concerns",)

    def ready(self) -> None:
        # tasks: periodic tasks; intake_tiles: navigation, start page, intake tiles;
        # report_tiles: the reports' tile
        from familienrathaus.concerns import (  # noqa: F401
            intake_tiles,
            library,  # mail texts (answer templates) in the template library
            permissions,
            report_tiles,
            tasks,
        )
        from familienrathaus.concerns.services import seeding
        from familienrathaus.core import tenancy
        from familienrathaus.core.backoffice import Section, Tile, register

        tenancy.on_create(seeding.seed_alliance)

        for tile in (
            Tile(
                _("Concerns"),
                _(
                    "The inbox of the families' questions, suggestions and complaints: "
                    "assign, answer, pass on."
                ),
                "concerns:desk-inbox",
                permissions.can_use_desk,
                order=40,
                section=Section.COMMUNICATION,
            ),
            Tile(
                _("Concerns passed to us"),
                _("Families' concerns the coordination office passed on to your organisation."),
                "concerns:partner-inbox",
                permissions.can_use_partner_inbox,
                order=40,
                section=Section.COMMUNICATION,
            ),
        ):
            register(tile)
