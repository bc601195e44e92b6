"""Periodic work of the feed: the hourly round of mail digests (see ``notifications``),
which also catches up with Infobrief editions sent while nobody was listening."""

from __future__ import annotations

from familienrathaus.core import periodic
from familienrathaus.network import notifications
from familienrathaus.network.services import feed


@periodic.every(periodic.HOUR)
def send_network_digests() -> int:
    feed.record_sent_editions()
    return notifications.send_digests()
