from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "familienrathaus.places"
    label = "places"
    verbose_name = _("Map of family places")

    def ready(self) -> None:
        from familienrathaus.places import signals, tasks, tiles  # noqa: F401
