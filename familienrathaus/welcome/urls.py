"""Addresses of the welcome for newborns (Babybegrüßung).

Public: /babybegruessung/… (registration, appointment choice, the family's guide by its
secret link, Kita interest, follow-up mails); the short link /baby/ for flyers.
Staff: /verwaltung/babybegruessung/…. Each part adds its lines below its banner by
small edits.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from familienrathaus.welcome import views_public, views_record, views_settings

app_name = "welcome"

urlpatterns: list[URLPattern | URLResolver] = [
    # ------------------------------------------------ registration, settings (W1)
    path("baby/", views_public.short_link, name="short"),
    path("babybegruessung/", views_public.landing, name="landing"),
    path("babybegruessung/anmelden/", views_public.register, name="register"),
    path("babybegruessung/danke/<str:token>/", views_public.thanks, name="thanks"),
    path("verwaltung/babybegruessung/neu/", views_record.record, name="record"),
    path("verwaltung/babybegruessung/einstellungen/", views_settings.edit, name="settings"),
    path(
        "verwaltung/babybegruessung/einstellungen/qr.<str:fmt>",
        views_settings.qr_code,
        name="settings-qr",
    ),
    # ------------------------------------------------ guide, timeline, follow-up mails (W2)
    # ------------------------------------------------ desk: check, package, stock, slots (W3)
    # ------------------------------------------------ grants and payments (W4)
    # ------------------------------------------------ Kita interest, reports (W5)
]
