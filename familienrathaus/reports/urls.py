"""Addresses of the reports (Berichte), all in the back office under /verwaltung/berichte/.

The dashboard, the districts (outlines, children, postcodes), the district gap report and
the annual report.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from familienrathaus.reports import (
    views_annual,
    views_dashboard,
    views_districts,
    views_gaps,
)

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    # ------------------------------------------------ dashboard
    path("verwaltung/berichte/", views_dashboard.dashboard, name="dashboard"),
    # ------------------------------------------------ districts
    path("verwaltung/berichte/stadtteile/", views_districts.index, name="districts"),
    path(
        "verwaltung/berichte/stadtteile/umrisse-importieren/",
        views_districts.outline_import,
        name="districts-import",
    ),
    path(
        "verwaltung/berichte/stadtteile/umrisse-importieren/<str:token>/",
        views_districts.outline_import_preview,
        name="districts-import-preview",
    ),
    path("verwaltung/berichte/stadtteile/<int:pk>/", views_districts.edit, name="district-edit"),
    path(
        "verwaltung/berichte/stadtteile/<int:pk>/umriss/",
        views_districts.outline,
        name="district-outline",
    ),
    path(
        "verwaltung/berichte/stadtteile/<int:pk>/zahlen/<int:row>/loeschen/",
        views_districts.delete_year,
        name="district-year-delete",
    ),
    # ------------------------------------------------ district gap report
    path("verwaltung/berichte/angebotsluecken/", views_gaps.gaps_page, name="gaps"),
    path(
        "verwaltung/berichte/angebotsluecken/tabelle.<str:file_format>",
        views_gaps.gaps_export,
        name="gaps-export",
    ),
    # ------------------------------------------------ annual report
    path("verwaltung/berichte/jahresbericht/", views_annual.index, name="annual"),
    path(
        "verwaltung/berichte/jahresbericht/<int:year>/",
        views_annual.year_view,
        name="annual-year",
    ),
    path(
        "verwaltung/berichte/jahresbericht/<int:year>/status/",
        views_annual.build_status,
        name="annual-status",
    ),
    path(
        "verwaltung/berichte/jahresbericht/<int:year>/jahresbericht.pdf",
        views_annual.download,
        name="annual-pdf",
    ),
    path(
        "verwaltung/berichte/jahresbericht/<int:year>/veroeffentlichen/",
        views_annual.publish,
        name="annual-publish",
    ),
    path(
        "verwaltung/berichte/jahresbericht/<int:year>/nicht-mehr-veroeffentlichen/",
        views_annual.unpublish,
        name="annual-unpublish",
    ),
]
