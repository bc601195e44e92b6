"""Addresses of the concerns app.

Public (C1, intake): the form, the receipt, the status page, the family's own list.
The desk, office links and reports (C2, C3) add their lines below their banners.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from familienrathaus.concerns import views_public

app_name = "concerns"

urlpatterns: list[URLPattern | URLResolver] = [
    # ------------------------------------------------------------------ public (intake)
    path("anliegen/", views_public.submit, name="submit"),
    path("anliegen/danke/<str:tracking_token>/", views_public.receipt, name="receipt"),
    path("anliegen/status/", views_public.lookup, name="lookup"),
    path("anliegen/status/<str:tracking_token>/", views_public.status, name="status"),
    path(
        "anliegen/status/<str:tracking_token>/datei/<int:attachment_id>/",
        views_public.attachment,
        name="status-attachment",
    ),
    path("anliegen/meine/", views_public.my_concerns, name="mine"),
    path("verwaltung/anliegen/einstellungen/", views_public.settings_form, name="settings"),
    # ------------------------------------------------------------------ desk (C2)
    # ------------------------------------------------------------------ reports (C3)
]
