from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "familienrathaus.network"
    label = "network"
    verbose_name = _("network workshop (Bündnis-Werkstatt)")

    def ready(self) -> None:
        # feed_tasks: the hourly digests; signals: sent Infobrief editions in the feed
        from familienrathaus.network import feed_tasks, signals  # noqa: F401

        signals.connect()
