from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelcomeConfig(AppConfig):
    name = "familienrathaus.welcome"
    label = "welcome"
    verbose_name = _("welcome for newborns (Babybegrüßung)")

    def ready(self) -> None:
        # tiles: navigation, start page and back-office tiles
        from familienrathaus.welcome import tiles  # noqa: F401
