from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "familienrathaus.events"
    label = "events"
    verbose_name = _("Event calendar")

    def ready(self) -> None:
        from familienrathaus.core import periodic
        from familienrathaus.events import (  # noqa: F401  registers tiles, navigation, mail
            services,
            tasks,
            tiles,
        )

        periodic.register(tasks.prune_registrations, every=tasks.DAY)
