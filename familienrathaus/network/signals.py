"""Listening to other apps: a sent Infobrief edition appears in the whole network's feed.

Connected in ``NetworkConfig.ready()`` via :func:`connect`.
"""

from __future__ import annotations

from typing import Any

from familienrathaus.network.services import feed
from familienrathaus.newsletter.signals import edition_sent


def _edition_sent(sender: Any, edition: Any, **kwargs: Any) -> None:
    feed.record_edition(edition)


def connect() -> None:
    edition_sent.connect(_edition_sent, dispatch_uid="network.edition_sent")
