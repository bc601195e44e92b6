from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HolidaysConfig(AppConfig):
    name = "familienrathaus.holidays"
    label = "holidays"
    verbose_name = _("Holiday programme")

    def ready(self) -> None:
        # tiles and navigation, tasks, and the invoice mail's PDF attachment (pdf)
        from familienrathaus.holidays import pdf, tasks, tiles  # noqa: F401
