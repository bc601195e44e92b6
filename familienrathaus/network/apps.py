from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "familienrathaus.network"
    label = "network"
    verbose_name = _("network workshop (Bündnis-Werkstatt)")
    # An optional part of the site (core.parts): its URL namespaces.
    part_namespaces = ("network",)

    def ready(self) -> None:
        # feed_tasks: the hourly digests; signals: sent Infobrief editions in the feed;
        # tasks: overdue task reminders and the invitations' .ics attachments;
        # entries: "Bündnis-Werkstatt" in My account and the back office's tiles
        from familienrathaus.network import entries, feed_tasks, signals, tasks  # noqa: F401

        signals.connect()
