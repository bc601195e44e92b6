from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "familienrathaus.library"
    label = "library"
    verbose_name = _("template library")

    def ready(self) -> None:
        from familienrathaus.core import library
        from familienrathaus.core.backoffice import Section, Tile, register
        from familienrathaus.library import links, permissions

        library.provide_publish_link(links.publish_link)
        register(
            Tile(
                _("Template library"),
                _(
                    "Survey templates, the employers' criteria catalogue and mail texts "
                    "that alliances share: browse, copy, publish your own."
                ),
                "library:index",
                permissions.can_use_library,
                order=90,
                section=Section.ADMINISTRATION,
            )
        )
