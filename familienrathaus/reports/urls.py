"""Addresses of the reports (Berichte), all in the back office under /verwaltung/berichte/.

The dashboard, the districts (outlines, children, postcodes), the district gap report and
the annual report. Each part adds its lines below its banner by small edits.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path  # noqa: F401 (lead removes)

from familienrathaus.reports import (  # noqa: F401 (lead removes)
    views_annual,
    views_dashboard,
    views_districts,
    views_gaps,
)

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    # ------------------------------------------------ dashboard (R4)
    # ------------------------------------------------ districts (R1)
    # ------------------------------------------------ district gap report (R2)
    # ------------------------------------------------ annual report (R3)
]
