from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelcomeConfig(AppConfig):
    name = "familienrathaus.welcome"
    label = "welcome"
    verbose_name = _("welcome for newborns (Babybegrüßung)")
