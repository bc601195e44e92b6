from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HolidaysConfig(AppConfig):
    name = "familienrathaus.holidays"
    label = "holidays"
    verbose_name = _("Holiday programme")

    def ready(self) -> None:
        from familienrathaus.holidays import tasks, tiles  # noqa: F401  tiles, navigation, tasks
