from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "familienrathaus.library"
    label = "library"
    verbose_name = _("template library")

    def ready(self) -> None:
        from familienrathaus.core import library
        from familienrathaus.library import links

        library.provide_publish_link(links.publish_link)
