from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "familienrathaus.places"
    label = "places"
    verbose_name = _("Map of family places")
    # An optional part of the site (core.parts): its URL namespaces.
    part_namespaces = ("places",)

    def ready(self) -> None:
        from familienrathaus.core import tenancy
        from familienrathaus.places import services, signals, tasks, tiles  # noqa: F401

        tenancy.on_create(services.seed_alliance)
