"""The reports' back-office tile (imported in ``ConcernsConfig.ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familienrathaus.concerns import permissions
from familienrathaus.core.backoffice import Section, Tile, register

register(
    Tile(
        _("Reports on concerns"),
        _(
            "Figures by topic, district, kind, channel and month, times to answer, "
            "and the anonymised annual report for the Kuratorium."
        ),
        "concerns:reports",
        permissions.can_use_desk,
        order=46,
        section=Section.COMMUNICATION,
    )
)
