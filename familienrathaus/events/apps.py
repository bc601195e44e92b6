from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "familienrathaus.events"
    label = "events"
    verbose_name = _("Event calendar")
    # An optional part of the site (core.parts): its URL namespaces.
    part_namespaces = ("events",)

    def ready(self) -> None:
        from familienrathaus.core import registries
        from familienrathaus.events import (  # noqa: F401  tiles, navigation, mail, tasks
            selectors,
            services,
            tasks,
            tiles,
        )

        # The next dates with coordinates, as the events layer of the map (places).
        registries.provide_located("events", selectors.located_upcoming_events)
