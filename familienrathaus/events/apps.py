from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "familienrathaus.events"
    label = "events"
    verbose_name = _("Event calendar")

    def ready(self) -> None:
        from familienrathaus.events import (  # noqa: F401  tiles, navigation, mail, tasks
            services,
            tasks,
            tiles,
        )
