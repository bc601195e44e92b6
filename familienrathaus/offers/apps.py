from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "familienrathaus.offers"
    label = "offers"
    verbose_name = _("Family guide")

    def ready(self) -> None:
        from familienrathaus.core import periodic
        from familienrathaus.offers import tasks, tiles  # noqa: F401  registers tiles and navigation

        periodic.register(tasks.send_offer_reminders, every=tasks.DAY)
