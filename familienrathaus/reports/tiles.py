"""The reports' back-office tile: "Berichte und Kennzahlen" for coordinators. The
districts, the gap report and the annual report are buttons on its dashboard."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.backoffice import Section, Tile, register
from familienrathaus.reports import permissions

register(
    Tile(
        _("Reports and key figures"),
        _(
            "Every app's figures against the year before, what needs doing today, the "
            "districts' gaps and the annual report."
        ),
        "reports:dashboard",
        permissions.can_view_reports,
        order=40,
        section=Section.ADMINISTRATION,
    )
)
